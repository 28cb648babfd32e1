"""What leavers wrote: the free-text answers of completed exit interviews, the themes each
touches, and per separation the reasons its words speak to beside the one stated.

A comment is one answer to a text question that is not sensitive (the concern and the new
employer are never read). Answers to the theme file's praise questions ("what worked")
count as comments but never as the leaver's reason in their own words.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retainkit.core.themes.loading import ThemeSet
from retainkit.core.themes.matching import themes_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHUNK = 500


@dataclass(frozen=True)
class Comment:
    separation_id: int
    interview_id: int
    question: str
    text: str
    themes: frozenset[str]
    praise: bool


@dataclass(frozen=True)
class Said:
    """One separation's comments: every theme they touch, and the reason codes of the
    themes its answers other than praise touch."""

    separation_id: int
    themes: frozenset[str]
    reasons: frozenset[str]
    stated: str | None
    """The primary reason stated in the exit interview, None when not given."""

    @property
    def elsewhere(self) -> bool:
        return points_elsewhere(self.stated, self.reasons)


def points_elsewhere(stated: str | None, reasons: Collection[str]) -> bool:
    """Whether the words speak to reasons, none of them the stated primary one."""
    return stated is not None and bool(reasons) and stated not in reasons


def comments(
    session: Session, themes: ThemeSet, separations: Collection[int] | None = None
) -> Iterator[Comment]:
    """The comments of completed exit interviews (of these separations, or of all), in the
    order they were given, one at a time (memory stays flat however many there are)."""
    from sqlalchemy import and_, or_, select

    from retainkit.core.library import as_questionnaire
    from retainkit.storage.models import Answer, Interview, QuestionnaireVersion

    exit_completed = (
        Interview.kind == "exit",
        Interview.status == "completed",
        Interview.separation_id.is_not(None),
    )
    # Only the answers to open, not sensitive questions are read: the database leaves the
    # others out (about one answer in seven is in words).
    open_questions: dict[int, tuple[set[str], set[str]]] = {}
    in_use = select(Interview.questionnaire_id).where(*exit_completed).distinct()
    for version_id in session.execute(in_use).scalars():
        row = session.get(QuestionnaireVersion, version_id)
        assert row is not None
        text = {q.key for q in as_questionnaire(row).questions
                if q.type == "text" and not q.sensitive}  # fmt: skip
        open_questions[version_id] = (text, text & themes.praise_questions)
    asked = [
        and_(Interview.questionnaire_id == version_id, Answer.question_key.in_(sorted(text)))
        for version_id, (text, _) in sorted(open_questions.items())
        if text
    ]
    if not asked:
        return
    for chunk in _chunks(separations):
        query = (
            select(Interview.separation_id, Interview.id, Interview.questionnaire_id,
                   Answer.question_key, Answer.value)
            .join(Answer, Answer.interview_id == Interview.id)
            .where(*exit_completed, Answer.value.is_not(None), Answer.skipped.is_(False),
                   or_(*asked))
            .order_by(Interview.separation_id, Interview.id, Answer.id)
        )  # fmt: skip
        if chunk is not None:
            query = query.where(Interview.separation_id.in_(chunk))
        rows = session.connection().execute(query)  # rows as they are: no ORM layer
        for separation_id, interview_id, version_id, key, value in rows:
            if not isinstance(value, str) or not value.strip():
                continue
            text_keys, praise = open_questions[version_id]
            if key in text_keys:
                yield Comment(separation_id, interview_id, key, value,
                              themes_of(value, themes), key in praise)  # fmt: skip


def said(
    session: Session, themes: ThemeSet, separations: Collection[int] | None = None
) -> dict[int, Said]:
    """Per separation with comments: what they touch and the stated primary reason."""
    from sqlalchemy import select

    from retainkit.storage.models import Interview, StatedReason

    touched: dict[int, tuple[set[str], set[str]]] = {}
    interviews: dict[int, int] = {}
    for comment in comments(session, themes, separations):
        all_themes, reasons = touched.setdefault(comment.separation_id, (set(), set()))
        all_themes |= comment.themes
        interviews[comment.separation_id] = comment.interview_id
        if not comment.praise:
            reasons |= {r for key in comment.themes if (r := themes.reason_of(key))}
    stated: dict[int, str] = {}
    for chunk in _chunks(list(interviews.values())):
        assert chunk is not None
        rows = session.execute(
            select(Interview.separation_id, StatedReason.code)
            .join(StatedReason, StatedReason.interview_id == Interview.id)
            .where(Interview.id.in_(chunk), StatedReason.is_primary.is_(True))
        )
        stated.update({sid: code for sid, code in rows if sid is not None})
    return {
        separation_id: Said(separation_id, frozenset(all_themes), frozenset(reasons),
                            stated.get(separation_id))
        for separation_id, (all_themes, reasons) in touched.items()
    }  # fmt: skip


def _chunks(ids: Collection[int] | None) -> Iterator[list[int] | None]:
    if ids is None:
        yield None
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]
