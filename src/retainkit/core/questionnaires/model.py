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
FLAGS = ("retention_chance", "escalate")
ESCALATIONS = ("safety", "legal")
RECORDS = {"retention_risk": ("green", "yellow", "red")}

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
