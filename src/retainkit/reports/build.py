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
    "comments",
)  # fmt: skip


def allowed_by(name: str) -> tuple[str, ...]:
    """The breakdowns a report takes; actions are always by kind and owner, and the
    comparison of reasons covers the whole range at once."""
    if name == "comments":
        from retainkit.reports.comments import BY

        return BY
    return () if name in ("actions", "compare", "saves") else BY_CHOICES


def report(
    session: Session, name: str, opts: Options, pseudonym: Any = None, **extra: Any
) -> Report:
    """The report `name` for the options, its notes in the options' language."""
    from retainkit.reports.notes import in_language

    made = _report(session, name, opts, pseudonym, **extra)
    made.notes[:] = [in_language(note, opts.lang) for note in made.notes]
    return made


def _report(session: Session, name: str, opts: Options, pseudonym: Any, **extra: Any) -> Report:
    """The report, its notes in English."""
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
        return reasons.compare(session, opts, themes_of(session, extra))
    if name == "comments":
        from retainkit.reports.comments import comment_themes

        return comment_themes(session, opts, namer, themes_of(session, extra))
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


def themes_of(session: Session, extra: dict[str, Any]) -> Any:
    """The themes comments are read for: given, or the shipped ones and report.themes."""
    from retainkit.core.themes.loading import configured

    return extra.get("themes") or configured(session)
