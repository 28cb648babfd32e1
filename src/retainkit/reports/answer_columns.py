"""The answer columns of the interview list: one per question of every questionnaire the
interviews were answered with (a question kept by a later version keeps its column), then
one per scored dimension; and how each kind of answer is shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retainkit.base.words import code_word
from retainkit.reports.model import word

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


NUMBER_WIDTH = 14.0
TEXT_WIDTH = 30.0
WIDTHS = {"likert": NUMBER_WIDTH, "nps": NUMBER_WIDTH, "yesno": NUMBER_WIDTH, "choice": 18.0}
"""Column widths in characters by kind of question; text, reasons and lists get TEXT_WIDTH."""


@dataclass(frozen=True)
class AnswerColumns:
    """Where each questionnaire version's answers go in an interview row: the titles of the
    answer and dimension columns, and for each version (place, question key, how shown)."""

    titles: list[str]
    widths: list[float]
    """Each column's width in characters: narrow for numbers, wide for text."""
    answer_slots: dict[int, list[tuple[int, str, Callable[[Any], Any], bool]]]
    """(place, question key, how shown, whether the cell depends on the value alone: all
    but free text)"""
    dimension_slots: dict[str, int]
    names: dict[int, str]
    """Each version as the workbook names it: its title in the language and its version
    ("Exit interview (version 2)"), never its key."""


def shown_as(question: Any, lang: str) -> Callable[[Any], Any]:
    """How an answer is shown: likert and nps as numbers, the rest as labels."""
    if question.type in ("likert", "nps"):
        return lambda value: int(value) if isinstance(value, int | float) else value
    if question.type == "choice":
        labels = {c.value: c.label(lang) for c in question.choices}
        return lambda value: labels.get(value, value)
    if question.type == "text":
        return lambda value: value if isinstance(value, str) else json.dumps(value)
    return lambda value: question.describe(value, lang)


def answer_columns(
    session: Session, version_ids: list[int], lead: int, lang: str, anonymize: bool
) -> AnswerColumns:
    """The columns after the first `lead` for interviews answered with these questionnaire
    versions; sensitive questions left out of an anonymized list."""
    from sqlalchemy import select

    from retainkit.base.workbook_words import questionnaire_label
    from retainkit.core.questionnaires.loading import load_text
    from retainkit.storage.models import QuestionnaireVersion

    versions = session.execute(
        select(
            QuestionnaireVersion.id,
            QuestionnaireVersion.key,
            QuestionnaireVersion.version,
            QuestionnaireVersion.source,
        )
        .where(QuestionnaireVersion.id.in_(version_ids))
        .order_by(QuestionnaireVersion.key, QuestionnaireVersion.version.desc())
    ).all()
    several = len({key for _, key, _, _ in versions}) > 1
    titles: list[str] = []
    widths: list[float] = []
    places: dict[tuple[str, str], int] = {}
    slots: dict[int, list[tuple[int, str, Callable[[Any], Any], bool]]] = {}
    dimensions: set[str] = set()
    names: dict[int, str] = {}
    for version_id, key, version, source in versions:
        questionnaire = load_text(source)
        names[version_id] = questionnaire_label(questionnaire.label(lang), version, lang)
        slots[version_id] = []
        for question in questionnaire.questions:
            if anonymize and question.sensitive:
                continue
            if question.dimension:
                dimensions.add(question.dimension)
            place = places.get((key, question.key))
            if place is None:
                place = places[(key, question.key)] = lead + len(titles)
                prefix = f"{questionnaire.label(lang)} · " if several else ""
                titles.append(prefix + question.text(lang))
                widths.append(WIDTHS.get(question.type, TEXT_WIDTH))
            by_value = question.type != "text"
            slots[version_id].append((place, question.key, shown_as(question, lang), by_value))
    dimension_slots = {}
    for dimension in sorted(dimensions):
        dimension_slots[dimension] = lead + len(titles)
        colon = "：" if lang == "zh" else ": "
        titles.append(word("dimension", lang) + colon + code_word(dimension, lang))
        widths.append(NUMBER_WIDTH)
    return AnswerColumns(titles, widths, slots, dimension_slots, names)
