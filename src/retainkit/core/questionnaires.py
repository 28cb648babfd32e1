"""Questionnaires as data: the TOML format, its validation, scoring and answer checking.

A questionnaire file names its `key`, `version`, `kind`, `title`, an optional `purpose`
read out at the start, and its `[[questions]]`. Every text has English and Chinese side by
side (`en`, `zh`). `load_text` returns a `Questionnaire` or raises `QuestionnaireError`
listing every problem with its line and question key; no input makes it fail otherwise.
docs/questionnaires.md is the authoring guide.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from retainkit.base.errors import InputError
from retainkit.base.vocab import MAX_CONTRIBUTING
from retainkit.core.reasons import LANGUAGES, taxonomy

KINDS = ("exit", "stay", "followup")
QUESTION_TYPES = ("likert", "nps", "choice", "multi", "yesno", "reasons", "text")
SCORED_TYPES = ("likert", "nps", "yesno")
DIMENSIONS = (
    "manager", "pay", "growth", "workload", "flexibility", "culture", "conditions",
    "training", "appraisal", "overall",
)  # fmt: skip
FLAGS = ("retention_chance", "escalate")
ESCALATIONS = ("safety", "legal")
RECORDS = {"retention_risk": ("green", "yellow", "red")}
MAX_TEXT_ANSWER = 10_000
DEFAULT_LIKERT = (
    {"en": "Strongly disagree", "zh": "非常不同意"},
    {"en": "Disagree", "zh": "不同意"},
    {"en": "Neutral", "zh": "一般"},
    {"en": "Agree", "zh": "同意"},
    {"en": "Strongly agree", "zh": "非常同意"},
)
_KEY = re.compile(r"[a-z][a-z0-9_-]{0,59}")
_TOP_FIELDS = {"key", "version", "kind", "title", "purpose", "questions"}
_QUESTION_FIELDS = {
    "key", "type", "prompt", "help", "optional", "sensitive", "dimension", "reverse",
    "choices", "labels", "flag", "action_items", "records",
}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Text = dict[str, str]


@dataclass(frozen=True)
class Choice:
    value: str
    labels: Text

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


@dataclass(frozen=True)
class Flag:
    """An answer that raises a flag: a retention chance, or a concern to escalate."""

    kind: str
    when: tuple[Any, ...] = ()
    at_most: int | None = None
    at_least: int | None = None
    escalation: str | None = None
    """For `escalate`: safety (the default) or legal."""

    def raised_by(self, value: Any) -> bool:
        if value is None:
            return False
        if isinstance(value, dict):  # reasons
            codes = [value.get("primary"), *value.get("contributing", [])]
            return any(code in self.when for code in codes)
        if isinstance(value, list):  # multi
            return any(item in self.when for item in value)
        if isinstance(value, int) and not isinstance(value, bool):
            if self.at_most is not None and value <= self.at_most:
                return True
            if self.at_least is not None and value >= self.at_least:
                return True
        # Validation keeps `when` to answers of the question's own type (no 1 == True mix-up).
        return value in self.when


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    prompt: Text
    help: Text | None = None
    optional: bool = False
    sensitive: bool = False
    dimension: str | None = None
    reverse: bool = False
    choices: tuple[Choice, ...] = ()
    labels: tuple[Text, ...] = ()
    flag: Flag | None = None
    action_items: bool = False
    records: str | None = None

    def text(self, lang: str) -> str:
        return self.prompt.get(lang) or self.prompt["en"]

    @property
    def scored(self) -> bool:
        return self.dimension is not None and self.type in SCORED_TYPES

    def score(self, value: Any) -> float | None:
        """0-100 for a scored answer (reversed where marked); None otherwise."""
        if not self.scored or value is None:
            return None
        if self.type == "likert":
            points = (int(value) - 1) / 4 * 100
        elif self.type == "nps":
            points = int(value) * 10.0
        else:
            points = 100.0 if value else 0.0
        return 100.0 - points if self.reverse else points

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def describe(self, value: Any, lang: str) -> str:
        """An answer as a person reads it: labels, not codes."""
        if value is None:
            return ""
        if self.type == "likert":
            return f"{value} {self.labels[int(value) - 1].get(lang) or ''}".strip()
        if self.type == "yesno":
            return {"en": ("no", "yes"), "zh": ("否", "是")}[lang][bool(value)]
        if self.type == "choice":
            found = self.choice(str(value))
            return found.label(lang) if found else str(value)
        if self.type == "multi":
            return "; ".join((found.label(lang) if (found := self.choice(v)) else v) for v in value)
        if self.type == "reasons":
            reasons = taxonomy()
            primary = reasons[value["primary"]].label(lang)
            others = [reasons[c].label(lang) for c in value.get("contributing", [])]
            return primary + (f" (+ {', '.join(others)})" if others else "")
        return str(value)


@dataclass(frozen=True)
class Questionnaire:
    key: str
    version: int
    kind: str
    title: Text
    questions: tuple[Question, ...]
    purpose: Text | None = None
    source: str = field(default="", repr=False, compare=False)

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


@dataclass(frozen=True)
class Problem:
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return (
            f"line {self.line}: {self.where}: {self.message}"
            if self.where
            else (f"line {self.line}: {self.message}")
        )


class _Problems(list[Problem]):
    def add(self, line: int, where: str, message: str) -> None:
        self.append(Problem(line, where, message))


class QuestionnaireError(InputError):
    def __init__(self, name: str, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(
            f"{name}: {count} problem{'s' if count != 1 else ''} in the questionnaire; "
            "fix them and try again (docs/questionnaires.md has the format)",
            details=[str(p) for p in problems],
        )
        self.problems = problems


class _Locator:
    """Finds the line a key or a question's field stands on in the TOML text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.question_starts = [
            n for n, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*questions\s*\]\]", line)
        ]

    def _find(self, name: str, start: int, end: int) -> int | None:
        pattern = re.compile(
            rf"\s*({re.escape(name)}\s*[=.]|\[+\s*questions\s*\.\s*{re.escape(name)}\s*[\].])"
        )
        for n in range(start, end):
            if pattern.match(self.lines[n]):
                return n + 1
        return None

    def top(self, name: str) -> int:
        end = self.question_starts[0] if self.question_starts else len(self.lines)
        return self._find(name, 0, end) or 1

    def question(self, index: int, name: str | None = None) -> int:
        if index >= len(self.question_starts):
            return self.top("questions")
        start = self.question_starts[index]
        end = (
            self.question_starts[index + 1]
            if index + 1 < len(self.question_starts)
            else len(self.lines)
        )
        found = self._find(name, start + 1, end) if name else None
        return found or start + 1


def load_text(text: str, name: str = "questionnaire") -> Questionnaire:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise QuestionnaireError(
            name, [Problem(int(match.group(1)) if match else 1, "", f"not valid TOML: {exc}")]
        ) from None
    return from_data(data, name=name, source=text, locator=_Locator(text))


def from_data(
    data: Any, *, name: str = "questionnaire", source: str = "", locator: _Locator | None = None
) -> Questionnaire:
    """Check a parsed questionnaire; every problem is collected before raising."""
    where = locator or _Locator("")
    problems = _Problems()
    problem = problems.add
    if not isinstance(data, dict):
        raise QuestionnaireError(name, [Problem(1, "", "a questionnaire is a TOML table")])
    for unknown in sorted(set(map(str, data)) - _TOP_FIELDS):
        problem(where.top(unknown), unknown, "is not a questionnaire field")
    key = data.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        problem(where.top("key"), "key", "give a key of lowercase letters, digits, - or _")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 100_000:
        problem(where.top("version"), "version", "give a whole number from 1")
    kind = data.get("kind")
    if kind not in KINDS:
        problem(where.top("kind"), "kind", f"must be one of {', '.join(KINDS)}")
    title = _text(data.get("title"), "title", where.top("title"), problem)
    purpose = (
        _text(data["purpose"], "purpose", where.top("purpose"), problem)
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
            question = _question(raw, index, where, problems)
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


def _text(raw: Any, place: str, line: int, problem: Callable[[int, str, str], None]) -> Text | None:
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(lang), str) and raw[lang].strip() for lang in LANGUAGES
    ):
        problem(line, place, 'needs text in both languages: en = "…" and zh = "…"')
        return None
    extra = set(map(str, raw)) - set(LANGUAGES)
    if extra:
        problem(line, place, f"has {', '.join(sorted(extra))}; only en and zh are read")
        return None
    return {lang: raw[lang].strip() for lang in LANGUAGES}


def _question(raw: Any, index: int, where: _Locator, problems: _Problems) -> Question | None:
    problem = problems.add
    line = where.question(index)
    if not isinstance(raw, dict):
        problem(line, f"question {index + 1}", "is not a table")
        return None
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
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
    prompt = _text(raw.get("prompt"), f"{place} prompt", where.question(index, "prompt"), problem)
    help_text = (
        _text(raw["help"], f"{place} help", where.question(index, "help"), problem)
        if "help" in raw
        else None
    )
    flags = {}
    for name in ("optional", "sensitive", "reverse", "action_items"):
        value = raw.get(name, False)
        if not isinstance(value, bool):
            problem(where.question(index, name), place, f"{name} must be true or false")
        flags[name] = value is True
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
    choices = _choices(raw, kind, index, where, place, problem)
    labels = _likert_labels(raw, kind, index, where, place, problem)
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
    flag = _flag(raw, kind, choices, index, where, place, problem) if "flag" in raw else None
    if len(problems) > count or prompt is None:
        return None
    return Question(
        key=key,
        type=str(kind),
        prompt=prompt,
        help=help_text,
        optional=flags["optional"] or flags["sensitive"],  # sensitive is never required
        sensitive=flags["sensitive"],
        dimension=dimension,
        reverse=flags["reverse"],
        choices=choices,
        labels=labels,
        flag=flag,
        action_items=flags["action_items"],
        records=records,
    )


def _choices(
    raw: dict[str, Any],
    kind: Any,
    index: int,
    where: _Locator,
    place: str,
    problem: Callable[[int, str, str], None],
) -> tuple[Choice, ...]:
    line = where.question(index, "choices")
    if kind not in ("choice", "multi"):
        if "choices" in raw:
            problem(line, place, f"a {kind} question has no choices")
        return ()
    items = raw.get("choices")
    if not isinstance(items, list) or len(items) < 2:
        problem(line, place, "give at least two [[questions.choices]]")
        return ()
    choices: list[Choice] = []
    for item in items:
        if not isinstance(item, dict) or set(map(str, item)) - {"value", *LANGUAGES}:
            problem(line, place, "each choice has value, en and zh only")
            continue
        value = item.get("value")
        if not isinstance(value, str) or not _KEY.fullmatch(value):
            problem(line, place, "a choice value is lowercase letters, digits, - or _")
            continue
        labels = _text(
            {lang: item.get(lang) for lang in LANGUAGES}, f"{place} choice {value!r}", line, problem
        )
        if labels is not None:
            choices.append(Choice(value, labels))
    values = [c.value for c in choices]
    if len(set(values)) != len(values):
        problem(line, place, "two choices have the same value")
    return tuple(choices)


def _likert_labels(
    raw: dict[str, Any],
    kind: Any,
    index: int,
    where: _Locator,
    place: str,
    problem: Callable[[int, str, str], None],
) -> tuple[Text, ...]:
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
    return tuple({lang: labels[lang][n].strip() for lang in LANGUAGES} for n in range(5))


def _flag(
    raw: dict[str, Any],
    kind: Any,
    choices: tuple[Choice, ...],
    index: int,
    where: _Locator,
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
    return Flag(flag_kind, tuple(when), bounds["at_most"], bounds["at_least"], escalation)


# -- answers -------------------------------------------------------------------------------


def check_answer(question: Question, raw: Any) -> Any:
    """The stored form of an answer, or ValueError saying what is wrong with it."""
    kind = question.type
    if kind in ("likert", "nps"):
        high, low = (5, 1) if kind == "likert" else (10, 0)
        if isinstance(raw, str) and raw.strip().isdigit():
            raw = int(raw.strip())
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise ValueError(f"give a whole number from {low} to {high}")
        return raw
    if kind == "yesno":
        if not isinstance(raw, bool):
            raise ValueError("give true or false")
        return raw
    if kind == "choice":
        if not isinstance(raw, str) or question.choice(raw) is None:
            raise ValueError(f"give one of {', '.join(c.value for c in question.choices)}")
        return raw
    if kind == "multi":
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ValueError('give a list of choices, like ["a", "b"]')
        unknown = [v for v in raw if question.choice(v) is None]
        if unknown:
            raise ValueError(
                f"{', '.join(unknown)} not among {', '.join(c.value for c in question.choices)}"
            )
        return list(dict.fromkeys(raw))
    if kind == "reasons":
        return _check_reasons(raw)
    if not isinstance(raw, str):
        raise ValueError("give text")
    text = raw.strip().replace("\r\n", "\n")
    if _CONTROL.search(text):
        raise ValueError("contains control characters")
    if len(text) > MAX_TEXT_ANSWER:
        raise ValueError(f"is {len(text)} characters; at most {MAX_TEXT_ANSWER} fit")
    if not text:
        raise ValueError("is empty")
    return text


def _check_reasons(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = {"primary": raw, "contributing": []}
    if not isinstance(raw, Mapping) or set(raw) - {"primary", "contributing"}:
        raise ValueError('give {primary = "code", contributing = ["code", ...]}')
    codes = taxonomy()
    primary = raw.get("primary")
    contributing = raw.get("contributing", [])
    if not isinstance(primary, str) or primary not in codes:
        raise ValueError(
            f"primary reason {primary!r} is not a reason code (retainkit reasons list)"
        )
    if not isinstance(contributing, list) or not all(isinstance(c, str) for c in contributing):
        raise ValueError("contributing is a list of reason codes")
    unknown = [c for c in contributing if c not in codes]
    if unknown:
        raise ValueError(f"{', '.join(unknown)} not a reason code (retainkit reasons list)")
    others = [c for c in dict.fromkeys(contributing) if c != primary]
    if len(others) > MAX_CONTRIBUTING:
        raise ValueError(f"at most {MAX_CONTRIBUTING} contributing reasons")
    return {"primary": primary, "contributing": others}


def dimension_scores(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> dict[str, tuple[float, int]]:
    """Per dimension: the mean 0-100 score of its answered questions, and how many."""
    totals: dict[str, list[float]] = {}
    for question in questionnaire.questions:
        score = question.score(answers.get(question.key))
        if score is not None and question.dimension is not None:
            totals.setdefault(question.dimension, []).append(score)
    return {dim: (sum(values) / len(values), len(values)) for dim, values in totals.items()}


def answers_template(questionnaire: Questionnaire, lang: str) -> str:
    """A TOML answers file for a written questionnaire: every key, an empty value."""
    lines = [
        f"# {questionnaire.label(lang)} ({questionnaire.key}, version {questionnaire.version})",
        "# Fill in the answers, then: retainkit interview "
        f"{questionnaire.kind} PERSON --answers THIS_FILE",
        "# Leave an optional answer empty to skip it.",
    ]
    if questionnaire.purpose:
        lines += ["#", *(f"# {line}" for line in questionnaire.purpose[lang].splitlines())]
    for question in questionnaire.questions:
        lines += ["", *(f"# {line}" for line in question.text(lang).splitlines())]
        lines.append(f"# {_answer_hint(question, lang)}")
        if question.type == "multi":
            lines.append(f"{question.key} = []")
        elif question.type == "reasons":
            lines.append(f'{question.key} = {{ primary = "", contributing = [] }}')
        else:
            lines.append(f'{question.key} = ""')
    return "\n".join(lines) + "\n"


def _answer_hint(question: Question, lang: str) -> str:
    optional = " (optional)" if question.optional else ""
    kind = question.type
    if kind == "likert":
        scale = ", ".join(f"{n} {label[lang]}" for n, label in enumerate(question.labels, 1))
        return f"a number: {scale}{optional}"
    if kind == "nps":
        return f"a number from 0 to 10{optional}"
    if kind == "yesno":
        return f"true or false{optional}"
    if kind in ("choice", "multi"):
        values = ", ".join(f'"{c.value}" ({c.label(lang)})' for c in question.choices)
        return ("one of: " if kind == "choice" else "a list of any of: ") + values + optional
    if kind == "reasons":
        return (
            f"reason codes (retainkit reasons list); up to {MAX_CONTRIBUTING} "
            f"contributing{optional}"
        )
    return f"text{optional}"
