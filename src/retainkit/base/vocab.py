"""The fixed words of retainkit's data model, shared by storage, services and the CLI."""

from __future__ import annotations

LEVELS = ("staff", "middle", "senior", "core")
"""Job levels: staff, middle management, senior management, core (core technical or key roles)."""

CHANNELS = ("phone", "email", "in_person", "chat")
"""Preferred ways to contact a person."""

SEPARATION_KINDS = ("voluntary", "involuntary", "retirement", "end_of_contract", "layoff")
"""How a person left."""

VOLUNTARY_KINDS = ("voluntary", "retirement")
"""Kinds the person chose; the rest the organisation or the contract decided."""

PERSON_STATUSES = ("active", "departed")

SEPARATION_STATUSES = ("open", "cancelled", "rehired", "withdrawn")
"""open: left or leaving; cancelled: recorded by mistake; rehired: came back; withdrawn:
kept before leaving (a save), so never a separation in turnover figures."""

NOT_SEPARATIONS = ("cancelled", "withdrawn")
"""Separation statuses that reports never count as someone leaving."""

RETENTION_DECISIONS = ("retained", "left")
"""How a retention chance ended: retained (a save; the separation is withdrawn) or left
(the exit is confirmed)."""

INTERVIEW_KINDS = ("exit", "stay", "followup")

INTERVIEW_STATUSES = ("draft", "completed", "declined")

INTERVIEW_MODES = ("in_person", "phone", "video", "written")

ACTION_KINDS = ("remedial", "preventive", "strategic")
"""remedial: fix what went wrong; preventive: stop it happening again; strategic: change course."""

ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
AUDIT_ACTIONS = ("export", "backup", "forget", "purge")
"""What the audit log records: everything that copies or erases personal data as a whole."""

VERIFY_SOURCES = ("records", "peers", "manager", "other")
"""Where a verified reason's evidence comes from."""

INTERVIEWER_ROLES = ("manager", "hr", "leadership")

FOLLOWUP_KINDS = (
    "exit_interview",
    "first",
    "mid",
    "yearly_care",
    "rehire_check",
    "stay_interview",
)
"""What a planned contact is for."""

FOLLOWUP_STATUSES = ("planned", "done", "declined", "skipped", "cancelled", "unreachable")

CONTACT_OUTCOMES = ("reached", "no_answer", "declined", "unreachable")

MAX_CONTRIBUTING = 3
"""Contributing reasons a leaver may name beside the primary one."""
