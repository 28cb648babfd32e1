"""Loading a questionnaire: TOML text in, a `Questionnaire` out, or a `QuestionnaireError`
listing every problem with its line and question key; no input makes it fail otherwise."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from retainkit.core.questionnaires.model import KINDS, Question, Questionnaire
from retainkit.core.questionnaires.problems import Locator, Problem, Problems, QuestionnaireError
from retainkit.core.questionnaires.validation import KEY, bilingual_text, check_question

_TOP_FIELDS = {"key", "version", "kind", "title", "purpose", "questions"}


def load_text(text: str, name: str = "questionnaire") -> Questionnaire:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise QuestionnaireError(
            name, [Problem(int(match.group(1)) if match else 1, "", f"not valid TOML: {exc}")]
        ) from None
    return from_data(data, name=name, source=text, locator=Locator(text))


def from_data(
    data: Any, *, name: str = "questionnaire", source: str = "", locator: Locator | None = None
) -> Questionnaire:
    """Check a parsed questionnaire; every problem is collected before raising."""
    where = locator or Locator("")
    problems = Problems()
    problem = problems.add
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
    title = bilingual_text(data.get("title"), "title", where.top("title"), problem)
    purpose = (
        bilingual_text(data["purpose"], "purpose", where.top("purpose"), problem)
        if "purpose" in data
        else None
    )
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        problem(where.top("questions"), "questions", "add at least one [[questions]]")
    else:
        seen: set[str] = set()
        for index, raw in enumerate(raw_questions):
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
            if question is not None:
                questions.append(question)
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
