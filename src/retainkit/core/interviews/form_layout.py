"""A questionnaire as the rows of a spreadsheet form, and the cells of a returned form read
back into answers.

One row per question; a reasons question has a row for the main reason and one per
contributing reason, a question with many answers a yes/no row per choice, so that every
answer cell is a single drop-down (data validation) or a text cell. Each row carries a
cell key (`reasons#primary`, `missing#breaks`) that the form keeps in a hidden column, so
a returned form is read by key, not by position. Reading back accepts the labels of either
language and the stored codes, and names every answer it cannot read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from retainkit.base.form_words import form_word
from retainkit.base.vocab import MAX_CONTRIBUTING
from retainkit.core.questionnaires.model import Question, Questionnaire
from retainkit.core.reasons import LANGUAGES, taxonomy

PRIMARY = "primary"


@dataclass(frozen=True)
class FormRow:
    """One answer cell of the form, with what its row shows beside it."""

    cell_key: str
    question_key: str
    number: str
    """The question's number on the form; empty on the second and later rows of one."""
    text: str
    options: tuple[str, ...]
    """The drop-down's choices; empty for a text answer."""
    heading: bool = False
    """The question of a multi-answer question, answered on the rows below: no answer."""

    @property
    def is_text(self) -> bool:
        return not self.options


@dataclass(frozen=True)
class FormCell:
    """A value read from a returned form, and where it stands (for the messages)."""

    value: Any
    address: str


def _likert_options(question: Question, lang: str) -> tuple[str, ...]:
    return tuple(
        f"{n} – {label.get(lang) or label['en']}" for n, label in enumerate(question.labels, 1)
    )


def _yes_no(lang: str) -> tuple[str, ...]:
    return (form_word("yes", lang), form_word("no", lang))


def asked_in_writing(questionnaire: Questionnaire) -> list[Question]:
    """The questions a written form asks: not those only the interviewer answers."""
    return [q for q in questionnaire.questions if not q.for_interviewer]


def form_rows(
    questionnaire: Questionnaire, lang: str, *, reasons: tuple[str, ...] | None = None
) -> list[FormRow]:
    """The rows of the form, in the questionnaire's order, each question's answers printed
    under it (a paper copy shows no drop-down). `reasons`: the reason codes offered (all
    of them by default)."""
    rows: list[FormRow] = []
    every = taxonomy()
    offered = [every[code] for code in (reasons if reasons is not None else tuple(every))]
    yes_or_no = " / ".join(_yes_no(lang))
    for number, question in enumerate(asked_in_writing(questionnaire), 1):
        text = question.text(lang)
        if question.required:
            text = f"{text} {form_word('needed', lang)}"
        first = str(number)
        kind = question.type
        if kind == "reasons":
            labels = tuple(reason.label(lang) for reason in offered)
            rows.append(
                FormRow(
                    f"{question.key}#{PRIMARY}", question.key, first,
                    f"{text}\n{_hint(labels, lang)}\n{form_word('primary', lang)}", labels,
                )
            )  # fmt: skip
            rows += [
                FormRow(
                    f"{question.key}#{n}", question.key, "",
                    form_word("contributing", lang).format(n=n), labels,
                )
                for n in range(1, MAX_CONTRIBUTING + 1)
            ]  # fmt: skip
        elif kind == "multi":
            rows.append(FormRow(f"{question.key}#", question.key, first, text, (), heading=True))
            rows += [
                FormRow(
                    f"{question.key}#{choice.value}", question.key, "",
                    f"{choice.label(lang)}: {form_word('tick', lang)} ({yes_or_no})",
                    _yes_no(lang),
                )
                for choice in question.choices
            ]  # fmt: skip
        else:
            options = _options(question, lang)
            shown = f"{text}\n{_hint(options, lang)}" if options else text
            rows.append(FormRow(question.key, question.key, first, shown, options))
    return rows


def _hint(options: tuple[str, ...], lang: str) -> str:
    """The answers a question offers, printed with it."""
    if options and all(o.isdigit() for o in options):
        listed = f"{options[0]} … {options[-1]}" if len(options) > 3 else " / ".join(options)
    else:
        listed = " · ".join(options) if len(options) > 2 else " / ".join(options)
    return form_word("answers", lang).format(answers=listed)


def _options(question: Question, lang: str) -> tuple[str, ...]:
    kind = question.type
    if kind == "likert":
        return _likert_options(question, lang)
    if kind == "nps":
        return tuple(str(n) for n in range(11))
    if kind == "yesno":
        return _yes_no(lang)
    if kind == "choice":
        return tuple(choice.label(lang) for choice in question.choices)
    return ()


def _key(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _readings(question: Question) -> dict[str, Any]:
    """Every text a cell of this question may hold (any language's label, the code, the
    number), as its stored value."""
    readings: dict[str, Any] = {}
    kind = question.type
    for lang in LANGUAGES:
        if kind == "likert":
            for n, option in enumerate(_likert_options(question, lang), 1):
                readings[_key(option)] = n
        elif kind in ("yesno", "multi"):
            yes, no = _yes_no(lang)
            readings |= {_key(yes): True, _key(no): False}
        elif kind == "choice":
            readings |= {_key(c.label(lang)): c.value for c in question.choices}
        elif kind == "reasons":
            readings |= {_key(r.label(lang)): code for code, r in taxonomy().items()}
    if kind in ("likert", "nps"):
        low, high = (0, 10) if kind == "nps" else (1, 5)
        readings |= {str(n): n for n in range(low, high + 1)}
    elif kind in ("yesno", "multi"):
        readings |= {"true": True, "false": False}
    elif kind == "choice":
        readings |= {_key(c.value): c.value for c in question.choices}
    elif kind == "reasons":
        readings |= {_key(code): code for code in taxonomy()}
    return readings


def _plain(value: Any) -> Any:
    """A cell's value as text, a whole number or a bool; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _read_choice(question: Question, cell: FormCell, problems: list[str], where: str) -> Any:
    value = _plain(cell.value)
    if value is None:
        return None
    if isinstance(value, bool):
        if question.type in ("yesno", "multi"):
            return value
        value = str(value)
    found = _readings(question).get(_key(value))
    if found is None:
        problems.append(
            f"{where} ({cell.address}): {str(value)[:60]!r} is not one of the answers "
            "in its list; choose one from the list, or leave it empty"
        )
    return found


def read_answers(
    questionnaire: Questionnaire, cells: Mapping[str, FormCell]
) -> tuple[dict[str, Any], list[str]]:
    """The answers of a returned form, shaped as an answers file's (for
    `check_written_answers`), and the problems found, one per answer cell, each naming the
    question by its number on the form and the cell: a value not in its list, a value for
    a question only the interviewer answers, a row of the form missing."""
    problems: list[str] = []
    rows = form_rows(questionnaire, "en")
    expected = {row.cell_key for row in rows}
    missing = sorted(expected - set(cells))
    if missing:
        problems.append(
            f"the form lacks the answer cells of {', '.join(missing[:5])}"
            f"{' and more' if len(missing) > 5 else ''}; rows were deleted or moved: "
            "ask for a new form"
        )
        return {}, problems
    numbers = {row.question_key: row.number for row in rows if row.number}
    for question in questionnaire.questions:  # an older form's row for them, filled in
        if question.for_interviewer:
            for key, cell in cells.items():
                if key.split("#")[0] == question.key and _plain(cell.value) is not None:
                    problems.append(
                        f"{cell.address}: the interviewer answers {question.key!r}, not the "
                        "form; leave it empty"
                    )
    data: dict[str, Any] = {}
    for question in asked_in_writing(questionnaire):
        key = question.key
        where = f"{form_word('question_no', 'en')} {numbers[key]}"
        if question.type == "reasons":
            before = len(problems)
            primary = _read_choice(question, cells[f"{key}#{PRIMARY}"], problems, where)
            unreadable = len(problems) > before  # said once: not again as "no main reason"
            others = [
                _read_choice(question, cells[f"{key}#{n}"], problems, where)
                for n in range(1, MAX_CONTRIBUTING + 1)
            ]
            contributing = [code for code in others if code is not None]
            if primary is None and contributing and not unreadable:
                address = cells[f"{key}#{PRIMARY}"].address
                problems.append(
                    f"{where} ({address}): other reasons are chosen but no main reason; "
                    "choose the main reason too, or leave them all empty"
                )
            if primary is not None:
                data[key] = {"primary": primary, "contributing": contributing}
        elif question.type == "multi":
            marked = [
                c.value
                for c in question.choices
                if _read_choice(question, cells[f"{key}#{c.value}"], problems, where) is True
            ]
            if marked:
                data[key] = marked
        elif question.type == "text":
            value = _plain(cells[key].value)
            if value is not None:
                data[key] = value if isinstance(value, str) else str(value)
        else:
            value = _read_choice(question, cells[key], problems, where)
            if value is not None:
                data[key] = value
    return data, problems


def nothing_filled(cells: Mapping[str, FormCell]) -> bool:
    """Whether every answer cell of a returned form is empty."""
    return all(_plain(cell.value) is None for cell in cells.values())
