"""Loading a questionnaire: TOML text in, a `Questionnaire` out, or a `QuestionnaireError`
listing every problem with its line and question key; no input makes it fail otherwise.

Files a person gives (a questionnaire, an answers file) are read through `read_limited`
and `parse_data` here: refused unread when too big, and refused with one line when nested
too deep or holding a number too long to read, instead of failing inside the parser.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from retainkit.base.errors import InputError, read_text
from retainkit.core.questionnaires.conditions import check_conditions
from retainkit.core.questionnaires.model import KINDS, SKIP_ANY, Question, Questionnaire
from retainkit.core.questionnaires.problems import Locator, Problem, Problems, QuestionnaireError
from retainkit.core.questionnaires.validation import (
    KEY,
    LIMITS,
    bilingual_text,
    check_question,
    too_many_questions,
)
from retainkit.core.reasons import LANGUAGES

_TOP_FIELDS = {"key", "version", "kind", "title", "purpose", "questions"}
MAX_DEPTH = 16
"""How deeply tables and lists may nest in a questionnaire or an answers file: the deepest
either needs is 4 (a flag's list in a question in the list of questions)."""


def read_limited(path: Path, limit: int, what: str) -> str:
    """A UTF-8 file a person named, refused before it is read when over `limit` bytes."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text says what is wrong with the path
    if size > limit and path.is_file():
        raise InputError(
            f"{path.name} is {size:,} bytes; {what} is at most {limit:,}: "
            "check that it is the right file"
        )
    return read_text(path)


def parse_data(text: str, name: str, *, json_format: bool = False) -> Any:
    """TOML (or JSON) text as data; an InputError for text a person could have written by
    mistake: invalid, nested deeper than MAX_DEPTH, or a number of thousands of digits."""
    import json

    what = "JSON" if json_format else "TOML"
    try:
        data = json.loads(text) if json_format else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{name} is not valid {what}: {exc}") from None
    except RecursionError:
        raise InputError(
            f"{name} nests lists or tables too deep to read; at most {MAX_DEPTH} levels"
        ) from None
    except ValueError:  # int() refuses over 4,300 digits
        raise InputError(f"{name} holds a number too long to read (thousands of digits)") from None
    if depth(data) > MAX_DEPTH:
        raise InputError(f"{name} nests lists or tables more than {MAX_DEPTH} levels deep")
    return data


def depth(data: Any) -> int:
    """How deeply lists and tables nest in parsed data (a plain value: 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            level += 1
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:  # deeper is refused anyway: stop counting
                stack.extend((child, level) for child in item)
    return deepest


def load_file(path: Path) -> Questionnaire:
    """A questionnaire file a person gives: within the limits of LIMITS, file size first."""
    text = read_limited(path, LIMITS["file_bytes"], "a questionnaire file")
    return load_text(text, path.name, intake=True)


def load_text(text: str, name: str = "questionnaire", *, intake: bool = False) -> Questionnaire:
    """A questionnaire from its TOML text. `intake`: a new file, checked against LIMITS and
    for control characters too (a stored version is read as it was accepted)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise QuestionnaireError(
            name, [Problem(int(match.group(1)) if match else 1, "", f"not valid TOML: {exc}")]
        ) from None
    except RecursionError:
        raise QuestionnaireError(
            name, [Problem(1, "", f"nests too deep to read; at most {MAX_DEPTH} levels")]
        ) from None
    except ValueError:
        raise QuestionnaireError(
            name, [Problem(1, "", "holds a number too long to read (thousands of digits)")]
        ) from None
    if depth(data) > MAX_DEPTH:
        raise QuestionnaireError(
            name, [Problem(1, "", f"nests lists or tables more than {MAX_DEPTH} levels deep")]
        )
    return from_data(data, name=name, source=text, locator=Locator(text), intake=intake)


def from_data(
    data: Any,
    *,
    name: str = "questionnaire",
    source: str = "",
    locator: Locator | None = None,
    intake: bool = False,
) -> Questionnaire:
    """Check a parsed questionnaire; every problem is collected before raising."""
    where = locator or Locator("")
    problems = Problems(intake=intake)
    problem = problems.add

    def limit(what: str) -> int | None:
        return LIMITS[what] if intake else None

    if not isinstance(data, dict):
        raise QuestionnaireError(name, [Problem(1, "", "a questionnaire is a TOML table")])
    for unknown in sorted(set(map(str, data)) - _TOP_FIELDS):
        problem(where.top(unknown), unknown, "is not a questionnaire field")
    key = data.get("key")
    if not isinstance(key, str) or not KEY.fullmatch(key):
        problem(where.top("key"), "key", "give a key of lowercase letters, digits, - or _")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 100_000:
        problem(where.top("version"), "version", "give a whole number from 1")
    kind = data.get("kind")
    if kind not in KINDS:
        problem(where.top("kind"), "kind", f"must be one of {', '.join(KINDS)}")
    title = bilingual_text(
        data.get("title"), "title", where.top("title"), problem, limit=limit("title")
    )
    purpose = (
        bilingual_text(
            data["purpose"], "purpose", where.top("purpose"), problem, limit=limit("purpose")
        )
        if "purpose" in data
        else None
    )
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        problem(where.top("questions"), "questions", "add at least one [[questions]]")
    elif intake and too_many_questions(raw_questions, where, problems):
        pass  # each of 20,000 questions checked would only bury that one problem
    else:
        seen: set[str] = set()
        earlier: dict[str, Question] = {}
        for index, raw in enumerate(raw_questions):
            named = frozenset(seen)  # the keys before this question, with problems or not
            raw_key = raw.get("key") if isinstance(raw, dict) else None
            if isinstance(raw_key, str):
                if raw_key in seen:
                    problem(
                        where.question(index, "key"),
                        f"question {raw_key!r}",
                        "the key is used twice",
                    )
                seen.add(raw_key)
            question = check_question(raw, index, where, problems)
            when = check_conditions(raw, index, earlier, named, where, problems)
            if question is not None:
                questions.append(replace(question, when=when))
                earlier.setdefault(question.key, question)
    for index, question in enumerate(questions):
        for quoted in question.flag.quote if question.flag else ():
            target = next((q for q in questions if q.key == quoted), None)
            if target is None or target.type != "text":
                problem(
                    where.question(index, "flag"),
                    f"question {question.key!r}",
                    f"flag quote: {quoted!r} is not a text question of this questionnaire",
                )
    if purpose is not None and any(q.required for q in questions):
        for lang in LANGUAGES:
            if SKIP_ANY[lang] in purpose[lang].lower():
                problem(
                    where.top("purpose"),
                    f"purpose {lang}",
                    f'says "{SKIP_ANY[lang]}" but some questions are required; '
                    "say which ones, or remove required",
                )
    if problems:
        raise QuestionnaireError(name, sorted(problems, key=lambda p: p.line))
    assert isinstance(key, str) and isinstance(version, int) and title is not None
    return Questionnaire(
        key=key,
        version=version,
        kind=str(kind),
        title=title,
        purpose=purpose,
        questions=tuple(questions),
        source=source,
    )
