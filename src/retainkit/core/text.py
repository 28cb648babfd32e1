"""The one validator of free text from outside: an option, a cell of an import file, an
answer in an answers file, a questionnaire's texts, an environment variable.

Whatever the source, a text value is checked the same way before it is stored or used:

- spaces around it are trimmed, and an empty value is no value (None);
- control characters are refused: a tab is fine, and where the text may hold lines (notes,
  answers, reasons) a line break is too; CR LF and a lone CR are read as a line break there;
- text that is not valid Unicode is refused: bytes of another encoding on the command line
  (Latin-1 `Jürgen` in a UTF-8 terminal) or a lone surrogate in a JSON file;
- text that starts like a spreadsheet formula (`=`) is refused;
- text longer than where it is stored is refused. The limit of a column with a length comes
  from the column itself (`column_limit("person.name")`), so SQLite, which would store any
  length, and PostgreSQL, which would fail on it, accept exactly the same values.

Errors never repeat the value (it may be personal): they say what is wrong and what to do.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from retainkit.base.errors import InputError

MAX_TEXT = 200
"""A one-line value stored in a column without a length (the common String(200))."""
MAX_NOTES = 10_000
"""Notes, evidence, answers: the longest text a person writes."""

# The patterns are compiled on first use (re caches them), which keeps `--help` fast.
_CONTROL_LINE = r"[\x00-\x08\x0a-\x1f\x7f-\x9f]"  # a tab is fine, a line break not
_CONTROL_MULTILINE = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_SURROGATE = r"[\ud800-\udfff]"
NOT_UTF8 = (
    "is not valid text (bytes of another encoding, such as Latin-1, or a lone surrogate); "
    "enter it again as UTF-8"
)
CONTROL = "contains control characters (such as an escape sequence); remove them"


class TextProblem(ValueError):
    """What is wrong with a text, and its `kind` (not_utf8, control, formula, too_long) and
    `values`, for a screen to say it in its own language."""

    def __init__(self, message: str, kind: str, **values: int) -> None:
        super().__init__(message)
        self.kind = kind
        self.values = values


@cache
def column_limit(column: str) -> int | None:
    """The length of a column, "table.column", as the models declare it; None for a column
    of unlimited text. Read on first use, so importing this module loads no database code."""
    from retainkit.storage.models import Base

    table, _, name = column.partition(".")
    length = getattr(Base.metadata.tables[table].c[name].type, "length", None)
    return length if isinstance(length, int) else None


def limit_of(limit: int | str) -> int:
    """A limit given as a number, or as the column the value is stored in."""
    if isinstance(limit, int):
        return limit
    length = column_limit(limit)
    assert length is not None, f"{limit} has no length; give a number"
    return length


def clean_text(raw: object, *, limit: int = MAX_TEXT, multiline: bool = False) -> str | None:
    """Trimmed text, or None when empty; ValueError for control characters, bytes that are
    not UTF-8, a formula, or text over `limit` characters."""
    if type(raw) is str:  # the common case first: clean text of a sane length
        text = raw.strip()
        if not text:
            return None
        if text.isprintable() and text[0] != "=" and len(text) <= limit:
            return text
    if raw is None:
        return None
    if type(raw) is not str:
        if isinstance(raw, bool):
            raise ValueError("expected text, not a true/false value")
        if not isinstance(raw, datetime | date | int | float | str):
            raise ValueError(f"expected text, got {type(raw).__name__}")
        raw = str(raw)
    text = raw.strip()
    if not text:
        return None
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # isprintable() is a fast yes for almost every value; the patterns decide the rest
    # (they let through a tab, non-ASCII spaces, joiners and, in notes, line breaks).
    if not text.isprintable():
        if re.search(_SURROGATE, text):
            raise TextProblem(NOT_UTF8, "not_utf8")
        if re.search(_CONTROL_MULTILINE if multiline else _CONTROL_LINE, text):
            raise TextProblem(CONTROL, "control")
    if text.startswith("="):
        raise TextProblem("looks like a spreadsheet formula; enter the value itself", "formula")
    if len(text) > limit:
        raise TextProblem(
            f"is {len(text):,} characters long; at most {limit:,} fit",
            "too_long",
            n=len(text),
            limit=limit,
        )
    return text


def text_option(
    raw: object, option: str, limit: int | str = 2000, multiline: bool = True
) -> str | None:
    """clean_text for a command option (or a variable): a bad value is an InputError naming
    it. `limit` is a number of characters or the column the value goes to ("table.column")."""
    try:
        return clean_text(raw, limit=limit_of(limit), multiline=multiline)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None
