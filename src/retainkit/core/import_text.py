"""CSV files as HR systems and spreadsheets write them: the encoding (UTF-8 with or without a
byte order mark, UTF-16, GB18030, Windows-1252 and the other legacy code pages) found from
the bytes or given with `--encoding`, and the separator (`, ; tab |`) found from the rows."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from retainkit.base.errors import InputError

MAX_TEXT = 512 * 2**20
"""The largest CSV file an import reads (a 100,000-row export is about 16 MB)."""
DELIMITERS = ",;\t|"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars (|)"}
# Legacy encodings, most likely first for retainkit's users: a tie goes to the earlier one.
_LEGACY = (
    "gb18030",
    "cp1252",
    "big5",
    "cp932",
    "cp949",
    "cp1250",
    "cp1251",
    "cp1254",
    "cp1253",
    "cp1257",
    "cp1255",
    "cp1256",
    "cp874",
    "cp1258",
)
_SHOWN = {"utf_8": "UTF-8", "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB18030"}
_SHOWN |= {f"cp125{n}": f"Windows-125{n}" for n in range(9)}
_SHOWN |= {"big5": "Big5", "cp932": "Shift-JIS", "cp949": "EUC-KR", "cp874": "Windows-874"}


@dataclass(frozen=True)
class Text:
    """A CSV file decoded: its text, how it was decoded, and its separator."""

    text: str
    encoding: str
    detected: bool
    delimiter: str

    def describe(self) -> str:
        how = "found" if self.detected else "as given"
        return (
            f"CSV in {shown(self.encoding)} ({how}), values separated by "
            f"{_DELIMITER_NAMES[self.delimiter]}"
        )


def shown(encoding: str) -> str:
    """An encoding as people know it: UTF-8, GB18030, Windows-1252."""
    name = codecs.lookup(encoding).name
    return _SHOWN.get(name, _SHOWN.get(encoding, encoding))


def read_text(path: Path, data: bytes, encoding: str | None) -> Text:
    """The file's text, decoded with `encoding` or the one its bytes show; one clear error
    for a file that is not text in it."""
    if len(data) > MAX_TEXT:
        raise InputError(
            f"{path.name} is over {MAX_TEXT // 2**20} MiB, the most an import reads; split the file"
        )
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"--encoding {encoding!r} is not an encoding Python knows") from None
        if codec == "utf-8":
            codec = "utf-8-sig"  # Excel's "CSV UTF-8" starts with a byte order mark
        detected = False
    else:
        codec = detect_encoding(path, data)
        detected = True
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        likely = _likely(data, exclude=codec)
        advice = (
            f"it looks like {shown(likely)}: give --encoding {likely}"
            if likely
            else "save it as 'CSV UTF-8' or give --encoding"
        )
        raise InputError(
            f"{path.name} is not {shown(codec)} text (line {line}); {advice}"
        ) from None
    if "\x00" in text or _CONTROL.search(text, 0, 4096):
        raise InputError(f"{path.name} is not a CSV file (it holds binary data)")
    return Text(text, codec, detected, sniff_delimiter(text))


def detect_encoding(path: Path, data: bytes) -> str:
    """The encoding the bytes show: a byte order mark, UTF-16's zero bytes, valid UTF-8, or
    the legacy code page whose text reads most like language."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a byte order mark: the zero byte of each ASCII character (commas,
        # line ends) on the same side of the pair (a few CJK characters have one too)
        even, odd = head[0::2].count(0), head[1::2].count(0)
        enough = max(2, len(head) // 64)
        if odd >= enough and even * 8 <= odd:
            return "utf-16-le"
        if even >= enough and odd * 8 <= even:
            return "utf-16-be"
        raise InputError(f"{path} is not a CSV or spreadsheet file (it holds binary data)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    return _likely(data) or "utf-8"


def _likely(data: bytes, exclude: str = "") -> str | None:
    """The legacy code page the bytes most likely are, judged on lines that need one."""
    from charset_normalizer import from_bytes

    lines = [line for line in data[:4_000_000].splitlines() if re.search(rb"[\x80-\xff]", line)]
    sample = b"\n".join(lines)[:65536]
    if not sample:
        return None
    matches = list(from_bytes(sample, cp_isolation=list(_LEGACY)))
    if not matches:
        return None
    best = min((match.chaos, -match.coherence) for match in matches)
    candidates: set[str] = set()
    for match in matches:
        if match.chaos <= best[0] + 0.01 and -match.coherence <= best[1] + 0.01:
            candidates.update(match.could_be_from_charset)
    ranked = [name for name in _LEGACY if name in candidates and name != exclude]
    return ranked[0] if ranked else None


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first rows into the same number of columns, and the
    most of them; a comma when none does."""
    sample = "\n".join(text[:65536].splitlines()[:50])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        try:
            rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        fitting = sum(1 for row in rows[1:] if len(row) == width)
        score = (fitting * 2 >= len(rows) - 1, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(path: Path, text: Text) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text.text), delimiter=text.delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(
                f"{path.name}: the cell on line {reader.line_num} holds over "
                f"{csv.field_size_limit():,} characters; no field of a person is that long "
                "(is a quote left open?)"
            ) from None
        raise InputError(f"{path.name} is not valid CSV (line {reader.line_num}): {exc}") from None
