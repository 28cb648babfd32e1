"""A questionnaire and its questions, once loaded: what is asked, how an answer scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from retainkit.core.reasons import taxonomy

KINDS = ("exit", "stay", "followup")
QUESTION_TYPES = ("likert", "nps", "choice", "multi", "yesno", "reasons", "text")
SCORED_TYPES = ("likert", "nps", "yesno")
DIMENSIONS = (
    "manager", "pay", "growth", "workload", "flexibility", "culture", "conditions",
    "training", "appraisal", "overall",
)  # fmt: skip
FLAGS = ("retention_chance", "escalate", "about_manager")
"""retention_chance and escalate raise an urgent action item; about_manager marks an answer
that names the person's own manager as the problem, so no item goes to that manager."""
ESCALATIONS = ("safety", "legal")
RECORDS = {"retention_risk": ("green", "yellow", "red")}
ASKED_OF = ("person", "interviewer")
"""Who answers a question: the person (the default), or only the interviewer (their own
judgement or what was agreed); a written form leaves the interviewer's questions out."""

Text = dict[str, str]


@dataclass(frozen=True)
class Choice:
    value: str
    labels: Text

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


def matches(value: Any, values: tuple[Any, ...], at_most: int | None, at_least: int | None) -> bool:
    """Whether an answer is among `values` (any of a multi's or a reasons answer's codes) or
    within the bounds of a scale; never for no answer or a skipped one."""
    if value is None:
        return False
    if isinstance(value, dict):  # reasons
        codes = [value.get("primary"), *value.get("contributing", [])]
        return any(code in values for code in codes)
    if isinstance(value, list):  # multi
        return any(item in values for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        if at_most is not None and value <= at_most:
            return True
        if at_least is not None and value >= at_least:
            return True
    if not isinstance(value, (bool, int, str)):
        return False  # SKIPPED, NOT_ASKED
    # Validation keeps `values` to answers of the question's own type (no 1 == True mix-up).
    return value in values


@dataclass(frozen=True)
class Condition:
    """When a question is asked: an earlier question's answer is one of `values`, or within
    `at_most` / `at_least` on a scale (the file's `is`, `in`, `at_most`, `at_least`)."""

    question: str
    values: tuple[Any, ...] = ()
    at_most: int | None = None
    at_least: int | None = None

    def met(self, value: Any) -> bool:
        return matches(value, self.values, self.at_most, self.at_least)


@dataclass(frozen=True)
class Flag:
    """An answer that raises a flag: a retention chance, or a concern to escalate."""

    kind: str
    when: tuple[Any, ...] = ()
    at_most: int | None = None
    at_least: int | None = None
    escalation: str | None = None
    """For `escalate`: safety (the default) or legal."""
    quote: tuple[str, ...] = ()
    """Questions whose answers the action item carries in the leaver's own words (besides
    the follow-ups asked because of this answer)."""

    def raised_by(self, value: Any) -> bool:
        return matches(value, self.when, self.at_most, self.at_least)


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    prompt: Text
    help: Text | None = None
    optional: bool = False
    """Marked optional in the file: often left out (the demo skips it at times). Every
    question may be skipped unless `required`."""
    required: bool = False
    """The interview cannot be finished without it; never a sensitive question."""
    sensitive: bool = False
    dimension: str | None = None
    reverse: bool = False
    choices: tuple[Choice, ...] = ()
    labels: tuple[Text, ...] = ()
    flag: Flag | None = None
    action_items: bool = False
    records: str | None = None
    when: tuple[Condition, ...] = ()
    """Asked only when one of these holds for an earlier answer; otherwise not asked."""
    asked_of: str = "person"

    @property
    def for_interviewer(self) -> bool:
        """Only the interviewer answers it: never on a written form."""
        return self.asked_of == "interviewer"

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

    @property
    def required(self) -> tuple[Question, ...]:
        """The questions that cannot be skipped (none in the built-in questionnaires)."""
        return tuple(q for q in self.questions if q.required)

    def purpose_statement(self, lang: str) -> str | None:
        """The purpose read out before the questions, and, when some questions cannot be
        skipped, which ones: what is said about skipping is what is enforced."""
        lines = [self.purpose[lang]] if self.purpose else []
        if self.required:
            lines.append(REQUIRED_NOTE[lang])
            lines += [f"- {q.text(lang)}" for q in self.required]
        return "\n".join(lines) or None


REQUIRED_NOTE = {
    "en": "Every other question may be skipped; these need an answer:",
    "zh": "其他问题都可以跳过；以下问题需要回答：",
}
SKIP_ANY = {"en": "skip any question", "zh": "跳过任何问题"}
"""How a purpose says every question may be skipped; refused when one is required."""


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


def describe_condition(
    questionnaire: Questionnaire, question: Question, lang: str, *, as_written: bool = False
) -> str:
    """When a question is asked, as a person reads it ("asked only if safety_concern is
    yes"); `as_written`: the answers as an answers file writes them (true, "some_gaps")."""
    import json

    parts = []
    for condition in question.when:
        target = questionnaire.question(condition.question)
        assert target is not None
        if condition.at_most is not None:
            shown = ("≤ " if lang == "zh" else "at most ") + str(condition.at_most)
        elif condition.at_least is not None:
            shown = ("≥ " if lang == "zh" else "at least ") + str(condition.at_least)
        else:
            labels = [
                json.dumps(value, ensure_ascii=False) if as_written else _label(target, value, lang)
                for value in condition.values
            ]
            shown = (" 或 " if lang == "zh" else " or ").join(labels)
        parts.append(
            f"{condition.question} 为 {shown}"
            if lang == "zh"
            else f"{condition.question} is {shown}"
        )
    if lang == "zh":
        return "仅当 " + "，或 ".join(parts) + " 时询问"
    return "asked only if " + ", or ".join(parts)


def _label(question: Question, value: Any, lang: str) -> str:
    if question.type == "multi":
        return question.describe([value], lang)
    if question.type == "reasons":
        return question.describe({"primary": value, "contributing": []}, lang)
    return question.describe(value, lang)
