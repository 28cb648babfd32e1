"""Every report by name: what `retainkit report NAME` prints and each workbook sheet holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retainkit.reports.groups import BY_CHOICES, Namer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.reports.model import Options, Report

NAMES = (
    "reasons", "compare", "turnover", "cost", "scores", "interviews", "followups", "actions",
    "saves",
)  # fmt: skip


def allowed_by(name: str) -> tuple[str, ...]:
    """The breakdowns a report takes; actions are always by kind and owner, and the
    comparison of reasons covers the whole range at once."""
    return () if name in ("actions", "compare", "saves") else BY_CHOICES


def report(
    session: Session, name: str, opts: Options, pseudonym: Any = None, **extra: Any
) -> Report:
    from retainkit.reports import (
        actions,
        cost,
        coverage,
        followups,
        reasons,
        saves,
        scores,
        turnover,
    )

    namer = Namer(session, opts.by, opts.lang, pseudonym)
    if name == "reasons":
        return reasons.reasons(session, opts, namer, use_verified=extra.get("use_verified", False))
    if name == "compare":
        return reasons.compare(session, opts)
    if name == "turnover":
        return turnover.turnover(session, opts, namer)
    if name == "cost":
        return cost.cost(session, opts, namer)
    if name == "scores":
        return scores.scores(session, opts, namer, kind=extra.get("kind") or "exit")
    if name == "interviews":
        return coverage.interviews(session, opts, namer)
    if name == "followups":
        return followups.followups(session, opts, namer)
    if name == "actions":
        return actions.actions(session, opts, pseudonym)
    if name == "saves":
        return saves.saves(session, opts)
    raise ValueError(f"no report named {name!r}")
