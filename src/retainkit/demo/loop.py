"""The demo's closed loop: actions in every state, verified reasons, handovers under way."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.engine import Connection

OUTCOMES = (
    "Agreed and done; followed up after a month.",
    "Budget approved for next quarter.",
    "Manager coached; team survey improved.",
    "Policy changed for the whole department.",
)
EVIDENCE = (
    "Performance and training records show no promotion in three years.",
    "Two colleagues in the same role described the same manager conflict.",
    "Salary 12% under the band midpoint in the last review.",
    "Manager notes confirm repeated overtime in the last quarter.",
)  # fmt: skip
# What a stated reason often turns out to be once records and colleagues are heard.
VERIFIED_INSTEAD = {
    "career_growth": "manager", "relocation": "compensation", "family": "workload",
    "other": "team_and_culture", "study": "career_growth", "compensation": "performance_appraisal",
}  # fmt: skip
STRATEGIC = (
    ("Review pay bands against the market", "compensation"),
    ("Train new managers in giving feedback", "manager"),
    ("Publish career paths for every role", "career_growth"),
    ("Set overtime limits with team leads", "workload"),
    ("Pilot two remote days a week", "flexibility"),
)  # fmt: skip


def _at(day: date) -> datetime:
    return datetime.combine(day, time(15, 0), tzinfo=UTC)


def settle_actions(
    rng: random.Random, actions: list[dict[str, Any]], today: date, departments: list[str]
) -> None:
    """Give the interviews' action items a history, and add strategic ones from reviews."""
    for number, (title, code) in enumerate(STRATEGIC):
        actions.append({
            "title": title, "detail": "From the quarterly attrition review.",
            "kind": "strategic", "owner": "Head of People",
            "due_date": today + timedelta(days=rng.randint(-40, 80)), "urgent": False,
            "escalation": None, "interview_id": None, "reason_code": code,
            "scope": "company" if number % 2 else rng.choice(departments),
        })  # fmt: skip
    for action in actions:
        action.setdefault("reason_code", None)
        action.setdefault("scope", None)
        action.setdefault("separation_id", None)
        action.update(status="open", done_on=None, outcome=None, informed_at=None, drop_reason=None)
        due = action["due_date"]
        if due is None or due > today - timedelta(days=5):
            if rng.random() < 0.3:
                action["status"] = "in_progress"
            continue
        roll = rng.random()
        if roll < 0.6:
            done_on = due - timedelta(days=rng.randint(0, 5))
            action.update(status="done", done_on=done_on, outcome=rng.choice(OUTCOMES))
            if rng.random() < 0.7:
                action["informed_at"] = _at(done_on + timedelta(days=rng.randint(1, 14)))
        elif roll < 0.7:
            action.update(
                status="dropped", done_on=due, drop_reason="Overtaken by the reorganisation."
            )
        elif roll < 0.8:
            action["status"] = "in_progress"
        # the rest stay open and overdue


def write_loop(
    connection: Connection,
    rng: random.Random,
    *,
    separations: list[dict[str, Any]],
    separation_ids: list[int],
    stated: dict[int, tuple[str, date]],
    handover_items: Sequence[str],
    today: date,
) -> None:
    """Verified reasons for most older exit interviews; handover checklists for everyone."""
    from sqlalchemy import insert

    from retainkit.storage.bulk import executemany
    from retainkit.storage.models import HandoverItem, VerifiedReason, table_of

    verified = []
    for separation_id, (code, held_on) in stated.items():
        if (today - held_on).days < 30 or rng.random() > 0.6:
            continue  # pending verification
        truth = VERIFIED_INSTEAD.get(code) if rng.random() < 0.25 else None
        verified.append(
            [
                separation_id,
                truth or code,
                True,
                rng.choice(EVIDENCE),
                rng.choice(("records", "peers", "manager")),
                held_on + timedelta(days=rng.randint(7, 28)),
            ]
        )
    executemany(
        connection,
        insert(table_of(VerifiedReason)),
        ["separation_id", "code", "is_primary", "evidence", "source", "verified_on"],
        verified,
    )
    labels = list(handover_items)
    items = []
    for separation, separation_id in zip(separations, separation_ids, strict=True):
        last_day = separation["last_day"]
        for position, label in enumerate(labels, start=1):
            if last_day < today - timedelta(days=30):
                done = True
            else:
                done = rng.random() < (0.5 if last_day < today else 0.2)
            items.append(
                [separation_id, position, label, done, min(last_day, today) if done else None]
            )
    executemany(
        connection,
        insert(table_of(HandoverItem)),
        ["separation_id", "position", "label", "done", "done_on"],
        items,
    )
