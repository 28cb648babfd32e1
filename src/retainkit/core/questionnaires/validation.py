"""The checks of a questionnaire's texts and of each `[[questions]]` table.

Every problem is noted (with its line) rather than raised, so a file's author sees them all
at once; a question with a problem is left out of the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from retainkit.core.questionnaires.model import (
    ASKED_OF,
    DIMENSIONS,
    ESCALATIONS,
    FLAGS,
    QUESTION_TYPES,
    RECORDS,
    SCORED_TYPES,
    Choice,
    Flag,
    Question,
    Text,
)
from retainkit.core.questionnaires.problems import Locator, Problems
from retainkit.core.reasons import LANGUAGES, taxonomy
from retainkit.core.text import clean_text

KEY = re.compile(r"[a-z][a-z0-9_-]{0,59}")
"""A questionnaire's, a question's or a choice's key."""
DEFAULT_LIKERT = (
    {"en": "Strongly disagree", "zh": "非常不同意"},
    {"en": "Disagree", "zh": "不同意"},
    {"en": "Neutral", "zh": "一般"},
    {"en": "Agree", "zh": "同意"},
    {"en": "Strongly agree", "zh": "非常同意"},
)
LIMITS = {
    "file_bytes": 1_000_000,
    "questions": 200,
    "choices": 50,
    "title": 200,
    "purpose": 4_000,
    "prompt": 1_000,
    "help": 2_000,
    "label": 200,
}
"""What a questionnaire file may hold (docs/questionnaires.md lists them): sizes that keep
every listing, the live interview, the answers template and the workbook usable (a
workbook has at most 16,384 columns, one per question). Texts are counted in characters."""
_QUESTION_FIELDS = {
    "key", "type", "prompt", "help", "optional", "required", "sensitive", "dimension", "reverse",
    "choices", "labels", "flag", "action_items", "records", "when",
    "asked_of",
}  # fmt: skip


def bilingual_text(
    raw: Any,
    place: str,
    line: int,
    problem: Callable[[int, str, str], None],
    *,
    limit: int | None = None,
    multiline: bool = True,
) -> Text | None:
    """A text in both languages. With a `limit` (a new file), each goes through the one
    validator of free text too: no control characters, no formula, at most `limit`."""
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(lang), str) and raw[lang].strip() for lang in LANGUAGES
    ):
        problem(line, place, 'needs text in both languages: en = "…" and zh = "…"')
        return None
    extra = set(map(str, raw)) - set(LANGUAGES)
    if extra:
        problem(line, place, f"has {', '.join(sorted(extra))}; only en and zh are read")
        return None
    if limit is not None:
        for lang in LANGUAGES:
            try:
                clean_text(raw[lang], limit=limit, multiline=multiline)
            except ValueError as exc:
                problem(line, f"{place} {lang}", str(exc))
                return None
    return {lang: raw[lang].strip() for lang in LANGUAGES}


def too_many_questions(raw_questions: list[Any], where: Locator, problems: Problems) -> bool:
    """True, with the problem noted, when a file has more questions than LIMITS allows."""
    if len(raw_questions) <= LIMITS["questions"]:
        return False
    most = LIMITS["questions"]
    problems.add(
        where.question(most),
        f"question {most + 1}",
        f"the file has {len(raw_questions):,} questions; a questionnaire has at most {most}",
    )
    return True


def _limit(problems: Problems, what: str) -> int | None:
    return LIMITS[what] if problems.intake else None


def check_question(raw: Any, index: int, where: Locator, problems: Problems) -> Question | None:
    problem = problems.add
    line = where.question(index)
    if not isinstance(raw, dict):
        problem(line, f"question {index + 1}", "is not a table")
        return None
    key = raw.get("key")
    if not isinstance(key, str) or not KEY.fullmatch(key):
        problem(
            where.question(index, "key"),
            f"question {index + 1}",
            "give it a key of lowercase letters, digits, - or _",
        )
        return None
    place = f"question {key!r}"
    count = len(problems)
    for unknown in sorted(set(map(str, raw)) - _QUESTION_FIELDS):
        problem(where.question(index, unknown), place, f"{unknown!r} is not a question field")
    kind = raw.get("type")
    if kind not in QUESTION_TYPES:
        problem(
            where.question(index, "type"), place, f"type must be one of {', '.join(QUESTION_TYPES)}"
        )
        return None
    prompt = bilingual_text(
        raw.get("prompt"),
        f"{place} prompt",
        where.question(index, "prompt"),
        problem,
        limit=_limit(problems, "prompt"),
    )
    help_text = (
        bilingual_text(
            raw["help"],
            f"{place} help",
            where.question(index, "help"),
            problem,
            limit=_limit(problems, "help"),
        )
        if "help" in raw
        else None
    )
    flags = {}
    for name in ("optional", "required", "sensitive", "reverse", "action_items"):
        value = raw.get(name, False)
        if not isinstance(value, bool):
            problem(where.question(index, name), place, f"{name} must be true or false")
        flags[name] = value is True
    if flags["required"] and (flags["sensitive"] or flags["optional"]):
        problem(
            where.question(index, "required"),
            place,
            "a sensitive or optional question is never required; remove required",
        )
    dimension = raw.get("dimension")
    if dimension is not None and dimension not in DIMENSIONS:
        problem(
            where.question(index, "dimension"),
            place,
            f"dimension must be one of {', '.join(DIMENSIONS)}",
        )
        dimension = None
    if kind in ("likert", "nps") and "dimension" not in raw:
        problem(line, place, f"a {kind} question is scored: give it a dimension")
    if "dimension" in raw and kind not in SCORED_TYPES:
        problem(
            where.question(index, "dimension"),
            place,
            f"a {kind} question is not scored; remove its dimension",
        )
    if flags["reverse"] and "dimension" not in raw:
        problem(where.question(index, "reverse"), place, "reverse needs a dimension")
    if flags["action_items"] and kind != "text":
        problem(where.question(index, "action_items"), place, "action_items is for text questions")
    choices = _choices(raw, kind, index, where, place, problems)
    labels = _likert_labels(raw, kind, index, where, place, problems)
    records = raw.get("records")
    if records is not None:
        values = RECORDS.get(records) if isinstance(records, str) else None
        if values is None:
            problem(
                where.question(index, "records"),
                place,
                f"records must be one of {', '.join(RECORDS)}",
            )
        elif kind != "choice" or sorted(c.value for c in choices) != sorted(values):
            problem(
                where.question(index, "records"),
                place,
                f"records = {records!r} needs a choice question with the values "
                f"{', '.join(values)}",
            )
    asked_of = raw.get("asked_of", "person")
    if asked_of not in ASKED_OF:
        problem(where.question(index, "asked_of"), place, "asked_of must be person or interviewer")
    elif asked_of == "interviewer" and flags["required"]:
        problem(
            where.question(index, "asked_of"),
            place,
            "a question only the interviewer answers is never required (a written form "
            "leaves it out); remove required",
        )
    flag = _flag(raw, kind, choices, index, where, place, problem) if "flag" in raw else None
    if len(problems) > count or prompt is None:
        return None
    return Question(
        key=key,
        type=str(kind),
        prompt=prompt,
        help=help_text,
        optional=flags["optional"] or flags["sensitive"],
        required=flags["required"],
        sensitive=flags["sensitive"],
        dimension=dimension,
        reverse=flags["reverse"],
        choices=choices,
        labels=labels,
        flag=flag,
        action_items=flags["action_items"],
        records=records,
        asked_of=str(asked_of),
    )


def _choices(
    raw: dict[str, Any], kind: Any, index: int, where: Locator, place: str, problems: Problems
) -> tuple[Choice, ...]:
    problem = problems.add
    line = where.question(index, "choices")
    if kind not in ("choice", "multi"):
        if "choices" in raw:
            problem(line, place, f"a {kind} question has no choices")
        return ()
    items = raw.get("choices")
    if not isinstance(items, list) or len(items) < 2:
        problem(line, place, "give at least two [[questions.choices]]")
        return ()
    most = _limit(problems, "choices")
    if most is not None and len(items) > most:
        problem(line, place, f"{len(items):,} choices; a question has at most {most}")
        return ()
    choices: list[Choice] = []
    for item in items:
        if not isinstance(item, dict) or set(map(str, item)) - {"value", *LANGUAGES}:
            problem(line, place, "each choice has value, en and zh only")
            continue
        value = item.get("value")
        if not isinstance(value, str) or not KEY.fullmatch(value):
            problem(line, place, "a choice value is lowercase letters, digits, - or _")
            continue
        labels = bilingual_text(
            {lang: item.get(lang) for lang in LANGUAGES},
            f"{place} choice {value!r}",
            line,
            problem,
            limit=_limit(problems, "label"),
            multiline=False,
        )
        if labels is not None:
            choices.append(Choice(value, labels))
    values = [c.value for c in choices]
    if len(set(values)) != len(values):
        problem(line, place, "two choices have the same value")
    return tuple(choices)


def _likert_labels(
    raw: dict[str, Any], kind: Any, index: int, where: Locator, place: str, problems: Problems
) -> tuple[Text, ...]:
    problem = problems.add
    if kind != "likert":
        if "labels" in raw:
            problem(where.question(index, "labels"), place, "labels are for likert questions")
        return ()
    labels = raw.get("labels")
    if labels is None:
        return DEFAULT_LIKERT
    if (
        not isinstance(labels, dict)
        or set(map(str, labels)) != set(LANGUAGES)
        or not all(
            isinstance(labels[lang], list)
            and len(labels[lang]) == 5
            and all(isinstance(x, str) and x.strip() for x in labels[lang])
            for lang in LANGUAGES
        )
    ):
        problem(
            where.question(index, "labels"),
            place,
            "labels needs five texts in each language: en = [...], zh = [...]",
        )
        return DEFAULT_LIKERT
    texts = tuple({lang: labels[lang][n] for lang in LANGUAGES} for n in range(5))
    line = where.question(index, "labels")
    limit = _limit(problems, "label")
    for text in texts:
        if (
            bilingual_text(text, f"{place} labels", line, problem, limit=limit, multiline=False)
            is None
        ):
            return DEFAULT_LIKERT
    return tuple({lang: text[lang].strip() for lang in LANGUAGES} for text in texts)


def _flag(
    raw: dict[str, Any],
    kind: Any,
    choices: tuple[Choice, ...],
    index: int,
    where: Locator,
    place: str,
    problem: Callable[[int, str, str], None],
) -> Flag | None:
    line = where.question(index, "flag")
    spec = raw.get("flag")
    if not isinstance(spec, dict) or set(map(str, spec)) - {
        "kind",
        "when",
        "at_most",
        "at_least",
        "escalation",
        "quote",
    }:
        problem(line, place, "flag is a table with kind and when (or at_most / at_least)")
        return None
    escalation = spec.get("escalation", "safety" if spec.get("kind") == "escalate" else None)
    if spec.get("kind") == "escalate" and escalation not in ESCALATIONS:
        problem(line, place, f"flag escalation must be one of {', '.join(ESCALATIONS)}")
        return None
    if spec.get("kind") != "escalate" and "escalation" in spec:
        problem(line, place, 'flag escalation goes with kind = "escalate"')
        return None
    flag_kind = spec.get("kind")
    if flag_kind not in FLAGS:
        problem(line, place, f"flag kind must be one of {', '.join(FLAGS)}")
        return None
    when = spec.get("when", [])
    if not isinstance(when, list):
        problem(line, place, "flag when is a list of answers")
        return None
    allowed: list[Any]
    if kind == "yesno":
        allowed = [True, False]
    elif kind in ("choice", "multi"):
        allowed = [c.value for c in choices]
    elif kind == "likert":
        allowed = [1, 2, 3, 4, 5]
    elif kind == "nps":
        allowed = list(range(11))
    elif kind == "reasons":
        allowed = list(taxonomy())
    else:
        problem(line, place, "a text question cannot raise a flag")
        return None
    for value in when:
        if value not in allowed or isinstance(value, bool) != isinstance(allowed[0], bool):
            problem(line, place, f"flag when: {value!r} is not a possible answer")
            return None
    bounds = {}
    for name in ("at_most", "at_least"):
        value = spec.get(name)
        if value is not None and (
            kind not in ("likert", "nps") or value not in allowed or isinstance(value, bool)
        ):
            problem(line, place, f"flag {name} is for likert and nps questions, within the scale")
            return None
        bounds[name] = value
    if not when and bounds["at_most"] is None and bounds["at_least"] is None:
        problem(line, place, "say when the flag is raised: when = [...], at_most or at_least")
        return None
    quote = spec.get("quote", [])
    if not isinstance(quote, list) or not all(isinstance(k, str) for k in quote):
        problem(line, place, "flag quote is a list of question keys")
        return None
    if quote and flag_kind == "about_manager":
        problem(line, place, "an about_manager flag raises no item to quote into")
        return None
    return Flag(
        flag_kind, tuple(when), bounds["at_most"], bounds["at_least"], escalation, tuple(quote)
    )
