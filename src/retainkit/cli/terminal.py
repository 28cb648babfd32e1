"""Text on its way to a terminal: the one place stored or given text is made safe to show.

Whatever a value holds (an escape sequence in a name stored by an older retainkit, a
carriage return in an interviewer typed years ago, a lone surrogate from a JSON file, Rich
markup such as `[bold]`), it is shown as the characters it is, never run by the terminal:

- control characters become visible escapes: ESC as `\\x1b`, CR as `\\r`, a lone surrogate
  as `\\udcfc`; a tab and a line break stay (where the text may hold lines);
- characters that reorder the text on screen (bidirectional overrides and isolates) are
  shown as escapes too;
- Rich never reads the text as markup: tables and panels get `rich.text.Text`, messages go
  out as plain text.

JSON output stays exact: the same characters are written as JSON escapes (`\\u001b`), which
a JSON reader turns back into the text as stored (`json_safe`).

An error printed at the boundary is capped (`capped`): one line over LINE_LIMIT characters
is cut with a note of how much was cut, and a list of details over DETAIL_LIMIT lines ends
with "… and K more".
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_CONTROL = "".join(map(chr, range(0x20)))
_OTHERS = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
"""Besides C0: DEL and C1 (CSI among them), what reorders text on screen (bidirectional
overrides and isolates), and lone surrogates, which cannot even be written as UTF-8."""
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}
LINE_LIMIT = 1000
"""An error line longer than this is cut (a 1 MB value quoted in a message stays readable)."""
DETAIL_LIMIT = 50
"""An error's details beyond this many lines are counted, not printed."""


@cache
def _unsafe(keep: str) -> re.Pattern[str]:
    return re.compile(
        "[" + re.escape("".join(c for c in _CONTROL if c not in keep)) + _OTHERS + "]"
    )


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, *, keep: str = "\t\n") -> str:
    """`text` with everything a terminal would act on written as a visible escape; the
    characters of `keep` (a tab and a line break, by default) stay as they are."""
    if text.isprintable():  # the common case: nothing to do
        return text
    return _unsafe(keep).sub(_escape, text)


def plain(text: str, style: str = "") -> Text:
    """`text` for Rich as it is: never markup, never an emoji code, control characters shown."""
    from rich.text import Text

    return Text(visible(text), style=style)


def json_safe(document: str) -> str:
    """A JSON document (written with ensure_ascii=False) with the characters a terminal would
    act on, and lone surrogates that cannot be written as UTF-8 at all, as JSON escapes.
    They can only stand inside strings, where an escape reads back as the same character."""
    return re.sub(f"[{_OTHERS}\u2028\u2029]", _json_escape, document)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def capped(line: str, limit: int = LINE_LIMIT) -> str:
    """One line shown, cut after `limit` characters with a note of how many were cut."""
    line = visible(line, keep="\t")
    if len(line) <= limit:
        return line
    return f"{line[:limit]}… ({len(line) - limit:,} more characters not shown)"


def capped_lines(lines: list[str], most: int = DETAIL_LIMIT) -> list[str]:
    """At most `most` lines, each capped; the rest counted in one last line."""
    kept = [capped(line) for line in lines[:most]]
    if len(lines) > most:
        kept.append(f"… and {len(lines) - most:,} more")
    return kept
