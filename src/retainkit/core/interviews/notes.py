"""The interviewer's notes: a private note taken at any question of a live interview.

One note per question, which the interviewer opens again to add to or correct (an empty
note removes it): what an interviewer writes in the margin beside an answer. Notes are kept
with the draft the moment they are saved, so Ctrl-C and --resume keep them; they are shown
by `interview show`, never in a workbook, and `people forget` erases them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from retainkit.core.interviews.answering import locked_draft
from retainkit.core.text import MAX_NOTES, clean_text
from retainkit.storage.database import now_of
from retainkit.storage.models import Interview, InterviewNote

if TYPE_CHECKING:
    from retainkit.storage.database import Database

NOTE_LIMIT = MAX_NOTES
"""The longest note, in characters: as long as any text a person writes."""


@dataclass(frozen=True)
class Note:
    """A note as the interview holds it: the question it was taken at, and when."""

    question_key: str
    text: str
    noted_at: datetime


def check_note(text: str) -> str | None:
    """The note as it would be stored (None: no note); ValueError saying what is wrong."""
    return clean_text(text, limit=NOTE_LIMIT, multiline=True)


def save_note(
    db: Database, interview_id: int, question_key: str, text: str, holder: str | None = None
) -> str | None:
    """Keep the note taken at a question of a draft, replacing the one there; an empty note
    removes it. With a `holder`, only while that terminal holds the draft (lease.py).
    Returns the note as stored; ValueError for a text that cannot be one."""
    from sqlalchemy import select

    from retainkit.core.interviews.lease import check

    stored = check_note(text)
    with db.write() as session:
        interview = locked_draft(session, interview_id)
        check(interview, holder)
        note = session.scalars(
            select(InterviewNote).where(
                InterviewNote.interview_id == interview_id,
                InterviewNote.question_key == question_key,
            )
        ).one_or_none()
        if stored is None:
            if note is not None:
                session.delete(note)
        else:
            if note is None:
                note = InterviewNote(interview_id=interview_id, question_key=question_key)
                session.add(note)
            note.text = stored
            note.noted_at = now_of(session)
        interview.updated_at = now_of(session)
    return stored


def rescue_note(text: str) -> tuple[str, bool]:
    """A note being typed when the interview was interrupted, made storable: control
    characters left out, cut at NOTE_LIMIT; and whether it had to be cut."""
    kept = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", "", text).strip()
    kept = kept.lstrip("=").strip()
    return kept[:NOTE_LIMIT], len(kept) > NOTE_LIMIT


def notes_of(interview: Interview) -> tuple[Note, ...]:
    """The interview's notes, in the order they were first taken."""
    return tuple(Note(n.question_key, n.text, n.noted_at) for n in interview.notes)
