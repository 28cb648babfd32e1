"""Where a forgotten person is named in other people's rows: their name, employee number,
email or phone replaced by their pseudonym, in identifier columns (a manager, an interviewer,
an owner) and in free text anyone may have written, free-text answers and interviewers'
notes included."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from retainkit.storage.bulk import chunks
from retainkit.storage.models import (
    ActionItem,
    Answer,
    AuditEvent,
    Contact,
    FollowUp,
    HandoverItem,
    Interview,
    InterviewNote,
    Person,
    Separation,
    VerifiedReason,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import InstrumentedAttribute, Session

SCRUB_IN_SQL = 16
"""Up to this many strings to find, the database filters rows; beyond it (a large purge)
one pass reads every free-text value once."""

# Columns holding one identifier or name: replaced when equal to a forgotten person's.
_IDENTIFIERS: tuple[InstrumentedAttribute[Any], ...] = (
    Person.manager_no,
    Separation.manager_no,
    Separation.successor_no,
    Interview.interviewer,
    ActionItem.owner,
)
# Free text anyone may have written: where a forgotten person's name, employee number, email
# or phone appears, it is replaced.
_FREE_TEXT: tuple[InstrumentedAttribute[Any], ...] = (
    Person.notes,
    Separation.cancel_reason,
    Separation.note,
    Interview.decline_reason,
    Interview.unsaved_text,
    InterviewNote.text,
    ActionItem.title,
    ActionItem.detail,
    ActionItem.outcome,
    ActionItem.drop_reason,
    VerifiedReason.evidence,
    HandoverItem.label,
    HandoverItem.note,
    Contact.note,
    Contact.conclusion,
    FollowUp.reason,
    AuditEvent.target,
    AuditEvent.detail,
)


def replace_identifiers(session: Session, replacements: dict[str, str]) -> Counter[str]:
    """Replace identifier columns equal to one of the strings (any case); rows changed
    per table."""
    changed: Counter[str] = Counter()
    for column in _IDENTIFIERS:
        for keys in chunks(list(replacements)):
            changed[column.class_.__tablename__] += _replace_in_column(
                session, column, keys, replacements
            )
    return changed


def scrub_free_text(session: Session, replacements: dict[str, str]) -> int:
    """Replace the strings wherever free text, or a free-text answer, contains them; the
    number of values changed."""
    if not replacements:
        return 0
    finder = Finder(replacements)
    changed = 0
    for column in _FREE_TEXT:
        changed += _scrub_column(session, column, finder)
    changed += _scrub_answers(session, finder)
    return changed


def _replace_in_column(
    session: Session,
    column: InstrumentedAttribute[Any],
    keys: list[str],
    replacements: dict[str, str],
) -> int:
    from sqlalchemy import func, select

    primary = column.class_.__mapper__.primary_key
    found = session.execute(select(*primary, column).where(func.lower(column).in_(keys))).all()
    changed = 0
    for *key, old in found:
        new = replacements.get(old.lower())  # the database's lower() may differ from Python's
        if new is not None:
            _update_row(session, column, tuple(key), new)
            changed += 1
    return changed


def _update_row(
    session: Session, column: InstrumentedAttribute[Any], key: tuple[Any, ...], value: Any
) -> None:
    """Set one column of the row with this primary key."""
    from sqlalchemy import update

    model = column.class_
    primary = model.__mapper__.primary_key
    session.execute(
        update(model)
        .where(*(part == own for part, own in zip(primary, key, strict=True)))
        .values({column.key: value}),
        execution_options={"synchronize_session": False},
    )


class Finder:
    """Finds any of many strings in text, case-insensitive, not inside a longer word or
    number, in one pass over the text however many strings there are (a purge looks for
    thousands): each string is indexed by its first word, and only where that word occurs
    is the whole string compared."""

    _WORD = re.compile(r"\w+")

    def __init__(self, replacements: dict[str, str]) -> None:
        self._by_word: dict[str, list[tuple[int, str, str]]] = {}
        # Text in scripts written without spaces (Chinese names) has no word to index by:
        # those strings are indexed by their first character, and for raw JSON by the first
        # word of their \u escapes.
        self._unspaced = {n: new for n, new in replacements.items() if not n.isascii()}
        self._by_char: dict[str, list[str]] = {}
        self._escaped_words: set[str] = set()
        for needle in self._unspaced:
            self._by_char.setdefault(needle[0], []).append(needle)
            escaped = self._WORD.search(json.dumps(needle)[1:-1].lower())
            if escaped is not None:
                self._escaped_words.add(escaped.group(0))
        for needle, new in replacements.items():
            first = self._WORD.search(needle)
            if first is not None and needle not in self._unspaced:
                entries = self._by_word.setdefault(first.group(0), [])
                entries.append((first.start(), needle, new))
                entries.sort(key=lambda entry: -len(entry[1]))  # the longest match wins

    def spellings(self) -> set[str]:
        """Every string, as written and as JSON escapes it (for filtering raw JSON)."""
        needles = {needle for entries in self._by_word.values() for _, needle, _ in entries}
        needles |= set(self._unspaced)
        return needles | {json.dumps(n)[1:-1] for n in needles}

    def replace(self, text: str) -> str:
        lowered = text.lower()
        if len(lowered) != len(text):  # a rare letter whose lower case is longer
            return text
        for char in self._by_char.keys() & set(lowered):
            for needle in self._by_char[char]:
                if needle in lowered:
                    text = _replace_plain(text, lowered, needle, self._unspaced[needle])
                    lowered = text.lower()
        out: list[str] = []
        done = 0
        for word in self._WORD.finditer(lowered):
            for offset, needle, new in self._by_word.get(word.group(0), ()):
                begin = word.start() - offset
                end = begin + len(needle)
                if (
                    begin >= done
                    and lowered.startswith(needle, begin)
                    and not _alnum(lowered, begin - 1)
                    and not _alnum(lowered, end)
                ):
                    out += [text[done:begin], new]
                    done = end
                    break
        return "".join(out) + text[done:] if out else text

    def found_in(self, raw: str) -> bool:
        """Whether raw text (JSON included) may hold one of the strings."""
        lowered = raw.lower()
        if not self._by_char.keys().isdisjoint(lowered):
            return True
        return any(
            word.group(0) in self._by_word or word.group(0) in self._escaped_words
            for word in self._WORD.finditer(lowered)
        )


class NameWords:
    """Given and family names written alone ("Move me away from Dmitri"): each word of the
    name of someone on file, found as a whole word written with a capital (Dmitri, DMITRI),
    never in lower case, so that "will", "rose" or "long" in a sentence stay as they are
    (a capitalised one at the start of a sentence is replaced: this errs toward hiding).
    A word only one person's name holds becomes that person's pseudonym; one several
    names hold becomes `shared`, naming none of them. Chinese names are written without
    spaces: a given name alone in Chinese text is not found."""

    _WORD = re.compile(r"\w+")

    def __init__(self, names: Iterable[tuple[str, str]], shared: str) -> None:
        """`names`: (the name as on file, the person's pseudonym)."""
        owners: dict[str, set[str]] = {}
        for name, alias in names:
            for word in self._WORD.findall(name):
                if len(word) >= 2 and word[0].isupper():
                    for spelling in {word, word.capitalize(), word.upper()}:
                        owners.setdefault(spelling, set()).add(alias)
        self._aliases = {
            word: next(iter(aliases)) if len(aliases) == 1 else shared
            for word, aliases in owners.items()
        }

    def replace(self, text: str) -> str:
        return self._WORD.sub(lambda m: self._aliases.get(m.group(0), m.group(0)), text)


def _replace_plain(text: str, lowered: str, needle: str, new: str) -> str:
    out: list[str] = []
    done = 0
    begin = lowered.find(needle)
    while begin != -1:
        end = begin + len(needle)
        if not _alnum(lowered, begin - 1) and not _alnum(lowered, end):
            out += [text[done:begin], new]
            done = end
        begin = lowered.find(needle, end)
    return "".join(out) + text[done:]


def _alnum(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


def _scrub_column(session: Session, column: InstrumentedAttribute[Any], finder: Finder) -> int:
    from sqlalchemy import select

    primary = column.class_.__mapper__.primary_key
    query = select(*primary, column).where(column.is_not(None))
    spellings = finder.spellings()
    if len(spellings) <= SCRUB_IN_SQL:
        query = query.where(_contains_any(column, spellings))
    changed = 0
    for *key, old in session.execute(query).all():
        new = finder.replace(old)
        if new != old:
            _update_row(session, column, tuple(key), new)
            changed += 1
    return changed


def _contains_any(column: Any, needles: Iterable[str]) -> Any:
    from sqlalchemy import or_

    return or_(*(column.icontains(n, autoescape=True) for n in needles))


def _scrub_answers(session: Session, finder: Finder) -> int:
    """Other people's free-text answers that name a forgotten person. The stored JSON is
    read as text and decoded only where one of the strings may be."""
    from sqlalchemy import String, cast, select

    text = cast(Answer.value, String)
    query = select(Answer.id, text).where(Answer.value.is_not(None))
    spellings = finder.spellings()
    if len(spellings) <= SCRUB_IN_SQL:
        query = query.where(_contains_any(text, spellings))
    hits = [
        answer_id
        for answer_id, raw in session.execute(query).yield_per(5000)
        if raw is not None and finder.found_in(raw)
    ]
    changed = 0
    for chunk in chunks(hits):
        for answer_id, value in session.execute(
            select(Answer.id, Answer.value).where(Answer.id.in_(chunk))
        ).all():
            new = _replace_in(value, finder.replace)
            if new != value:
                _update_row(session, Answer.value, (answer_id,), new)
                changed += 1
    return changed


def _replace_in(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_replace_in(v, replace) for v in value]
    if isinstance(value, dict):
        return {k: _replace_in(v, replace) for k, v in value.items()}
    return value
