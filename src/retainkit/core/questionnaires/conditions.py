"""Conditional questions: a question asked only when an earlier answer makes it relevant.

In a file: `when = { question = "safety_concern", is = true }`, or `in = [...]` for any of
several answers, `at_most = 2` / `at_least = 4` on a scale; a list of such tables means any
of them. The checks here run once every question is read, since a condition names another
question; what follows a condition at interview time is worked out here too, from the
answers in the order of the questions, so a chain of follow-ups falls together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from retainkit.core.questionnaires.answers import NOT_ASKED
from retainkit.core.questionnaires.model import Condition, Question, Questionnaire
from retainkit.core.questionnaires.problems import Locator, Problems
from retainkit.core.reasons import taxonomy

_FIELDS = {"question", "is", "in", "at_most", "at_least"}
_TESTS = ("is", "in", "at_most", "at_least")
FORM = 'when = { question = "KEY", is = ANSWER } (or in = [...], at_most = N, at_least = N)'


def possible_answers(question: Question) -> list[Any] | None:
    """The answers a condition may name for an earlier question; None for a text one."""
    kind = question.type
    if kind == "yesno":
        return [True, False]
    if kind in ("choice", "multi"):
        return [c.value for c in question.choices]
    if kind == "likert":
        return [1, 2, 3, 4, 5]
    if kind == "nps":
        return list(range(11))
    if kind == "reasons":
        return list(taxonomy())
    return None


def _is_possible(value: Any, allowed: list[Any]) -> bool:
    return value in allowed and isinstance(value, bool) == isinstance(allowed[0], bool)


def check_conditions(
    raw: Any,
    index: int,
    earlier: Mapping[str, Question],
    named: frozenset[str],
    where: Locator,
    problems: Problems,
) -> tuple[Condition, ...]:
    """The `when` of question `index`; every problem noted with its line. `earlier`: the
    valid questions before it, by key (a later one, or itself, would be a loop); `named`:
    every key before it, so one naming a question with problems of its own adds none."""
    spec = raw.get("when") if isinstance(raw, dict) else None
    if spec is None:
        return ()
    line = where.question(index, "when")
    place = f"question {raw.get('key')!r}"
    items = spec if isinstance(spec, list) else [spec]
    if not items:
        problems.add(line, place, f"when is empty; give {FORM}")
        return ()
    conditions = []
    for item in items:
        condition = _condition(item, earlier, named, line, place, problems)
        if condition is None:
            return ()
        conditions.append(condition)
    return tuple(conditions)


def _condition(
    item: Any,
    earlier: Mapping[str, Question],
    named: frozenset[str],
    line: int,
    place: str,
    problems: Problems,
) -> Condition | None:
    def problem(message: str) -> None:
        problems.add(line, place, message)

    if not isinstance(item, dict) or set(map(str, item)) - _FIELDS or "question" not in item:
        problem(f"when is a table: {FORM}")
        return None
    tests = [name for name in _TESTS if name in item]
    if len(tests) != 1:
        problem("when needs exactly one of is, in, at_most or at_least")
        return None
    key = item["question"]
    target = earlier.get(key) if isinstance(key, str) else None
    if target is None:
        if key in named:
            return None  # that question's own problems are reported
        problem(
            f"when refers to {key!r}, which is not a question before this one "
            "(a condition looks back at an earlier answer)"
        )
        return None
    allowed = possible_answers(target)
    if allowed is None:
        problem(f"when refers to {key!r}, a text question; a condition needs a fixed answer")
        return None
    test = tests[0]
    value = item[test]
    if test in ("at_most", "at_least"):
        if target.type not in ("likert", "nps") or not _is_possible(value, allowed):
            problem(f"when {test} is for likert and nps questions, within the scale")
            return None
        return Condition(key, (), *((value, None) if test == "at_most" else (None, value)))
    values = value if test == "in" else [value]
    if not isinstance(values, list) or not values:
        problem("when in is a list of answers")
        return None
    for one in values:
        if not _is_possible(one, allowed):
            problem(f"when: {one!r} is not a possible answer to {key!r}")
            return None
    return Condition(key, tuple(values))


def given_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that count: those to questions whose conditions hold, in order (an
    answer left behind by a changed earlier answer does not count, nor what follows it)."""
    counted: dict[str, Any] = {}
    for question in questionnaire.questions:
        value = answers.get(question.key, NOT_ASKED)
        if value is not NOT_ASKED and applies(question, counted):
            counted[question.key] = value
    return counted


def applies(question: Question, answers: Mapping[str, Any]) -> bool:
    """Whether a question is asked, given the answers before it."""
    return not question.when or any(c.met(answers.get(c.question)) for c in question.when)


def not_asked(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """The keys of the questions whose conditions do not hold."""
    counted = given_answers(questionnaire, answers)
    return [q.key for q in questionnaire.questions if not applies(q, counted)]


def no_longer_asked(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """Questions answered (or skipped) whose conditions no longer hold: answers to drop."""
    return [
        key
        for key in not_asked(questionnaire, answers)
        if answers.get(key, NOT_ASKED) is not NOT_ASKED
    ]


def next_question(
    questionnaire: Questionnaire, answers: Mapping[str, Any], start: int = 0
) -> int | None:
    """The index of the next question to ask from `start` on: asked given the answers so
    far and not answered yet; None when there is none."""
    counted = given_answers(questionnaire, answers)
    questions = questionnaire.questions
    for index in range(start, len(questions)):
        question = questions[index]
        if question.key not in counted and applies(question, counted):
            return index
    return None


def previous_question(questionnaire: Questionnaire, answers: Mapping[str, Any], index: int) -> int:
    """The index of the question asked before `index` (itself when it is the first)."""
    counted = given_answers(questionnaire, answers)
    questions = questionnaire.questions
    for before in range(index - 1, -1, -1):
        if applies(questions[before], counted):
            return before
    return index
