"""Answers to a questionnaire: each checked into its stored form, or SKIPPED; the template
of a written questionnaire's answers file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from retainkit.base.vocab import MAX_CONTRIBUTING
from retainkit.core.questionnaires.model import Question, Questionnaire, describe_condition
from retainkit.core.reasons import taxonomy
from retainkit.core.text import clean_text

MAX_TEXT_ANSWER = 10_000


class _Skipped:
    """An answer the interviewee chose to skip: recorded as skipped, not as empty."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED: Any = _Skipped()


class _NotAsked:
    """A question whose condition did not hold: not asked, so neither answered nor skipped."""

    def __repr__(self) -> str:
        return "NOT_ASKED"


NOT_ASKED: Any = _NotAsked()


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
    text = clean_text(raw, limit=MAX_TEXT_ANSWER, multiline=True)
    if text is None:
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


def answers_template(questionnaire: Questionnaire, lang: str) -> str:
    """A TOML answers file for a written questionnaire: every key, an empty value."""
    lines = [
        f"# {questionnaire.label(lang)} ({questionnaire.key}, version {questionnaire.version})",
        "# Fill in the answers, then: retainkit interview "
        f"{questionnaire.kind} PERSON --answers THIS_FILE",
        "# Leave an answer empty to skip it (a question marked required needs one).",
        "# A question asked only after a certain answer stays empty otherwise.",
    ]
    purpose = questionnaire.purpose_statement(lang)
    if purpose:
        lines += ["#", *(f"# {line}" for line in purpose.splitlines())]
    for question in questionnaire.questions:
        lines += ["", *(f"# {line}" for line in question.text(lang).splitlines())]
        lines.append(f"# {_answer_hint(question, lang)}")
        if question.when:
            lines.append(
                f"# {describe_condition(questionnaire, question, lang, as_written=True)}"
                + ("; otherwise leave it empty" if lang == "en" else "；否则请留空")
            )
        if question.type == "multi":
            lines.append(f"{question.key} = []")
        elif question.type == "reasons":
            lines.append(f'{question.key} = {{ primary = "", contributing = [] }}')
        else:
            lines.append(f'{question.key} = ""')
    return "\n".join(lines) + "\n"


def _answer_hint(question: Question, lang: str) -> str:
    optional = " (required)" if question.required else ""
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
