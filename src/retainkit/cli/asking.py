"""Asking questions in the terminal with questionary: one prompt per question type.

Every question can be skipped unless its questionnaire marks it `required`: a Skip choice
(`s`) in a list, an empty answer in a box, nothing marked in a checklist. Every prompt
shows where the interview is ("7 of 24") and the keys it takes.

Every prompt uses `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt (and Ctrl-D EOFError)
instead of returning None; PageUp raises GoBack and Ctrl-N TakeNote (the interviewer's
note at this question, `notes_prompt.ask_note`). Each carries `typed`, the text in the answer box at
that moment, so the caller can keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from retainkit.base import words
from retainkit.base.vocab import MAX_CONTRIBUTING
from retainkit.cli.boxes import fold, in_lines, said_problem
from retainkit.core.questionnaires.answers import SKIPPED, check_answer
from retainkit.core.questionnaires.model import Question
from retainkit.core.reasons import taxonomy

BACK_KEY = "pageup"
NOTE_KEY = "c-n"
"""Ctrl-N, at any question: the interviewer's note (in a list it no longer moves down;
the arrows do)."""


class GoBack(Exception):
    """The interviewer asked for the previous question."""

    typed = ""


class TakeNote(Exception):
    """The interviewer asked to write their note at this question."""

    typed = ""


@dataclass(frozen=True)
class Where:
    """Where a prompt stands: question `number` of `total`, and whether there is one before."""

    number: int
    total: int
    lang: str
    noted: bool = False
    """Whether the interviewer has a note at this question already."""

    def mark(self) -> str:
        return word("progress", self.lang).format(n=self.number, total=self.total)


def asked(prompt: Any, *, note: bool = True) -> Any:
    """Ask a questionary prompt; Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError, PageUp
    GoBack and (with `note`) Ctrl-N TakeNote, each with the text typed so far as `typed`.

    questionary binds Ctrl-C on every prompt but Ctrl-D, PageUp and Ctrl-N on none: added
    here.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError(), style="class:aborting")

    @extra.add(BACK_KEY, eager=True)
    def _back(event: Any) -> None:
        event.app.exit(exception=GoBack(), style="class:aborting")

    if note:

        @extra.add(NOTE_KEY, eager=True)
        def _note(event: Any) -> None:
            event.app.exit(exception=TakeNote(), style="class:aborting")

    application = prompt.application
    application.key_bindings = merge_key_bindings(
        [b for b in (application.key_bindings, extra) if b is not None]
    )
    try:
        return prompt.unsafe_ask()
    except (KeyboardInterrupt, EOFError, GoBack, TakeNote) as exc:
        buffer = application.current_buffer
        exc.typed = buffer.text if buffer.name != "dummy-buffer" else ""  # type: ignore[union-attr]
        raise


def word(key: str, lang: str) -> str:
    return words.word(words.INTERVIEW, key, lang)


def ask(question: Question, where: Where, current: Any = None) -> Any:
    """Ask one question; returns the answer in its stored form, or SKIPPED."""
    asker = {
        "likert": _likert,
        "nps": _nps,
        "choice": _choice,
        "multi": _multi,
        "yesno": _yesno,
        "reasons": _reasons,
        "text": _text,
    }[question.type]
    return asker(question, where, current)


def _keys(where: Where, *names: str) -> str:
    """The keys a prompt takes, shown after the question."""
    lang = where.lang
    shown = [word(name, lang) for name in names]
    if where.number > 1:
        shown.append(word("back", lang))
    shown.append(word("note_edit" if where.noted else "note_key", lang))
    return hint(shown, lang)


def hint(keys: list[str], lang: str) -> str:
    """Keys shown after a prompt, in brackets and with the separator of the language."""
    return "（" + "；".join(keys) + "）" if lang == "zh" else "(" + "; ".join(keys) + ")"


def _select(question: Question, where: Where, options: list[Any], current: Any) -> Any:
    import questionary

    lang = where.lang
    if not question.required:
        options.append(questionary.Choice(word("skip", lang), value=SKIPPED, shortcut_key="s"))
    values = [option.value for option in options]
    # Nothing answered yet: the pointer rests on Skip, so an Enter typed too soon (or after
    # text the list ignores) records a skip, never the first answer as if it were chosen.
    unanswered = None if question.required else SKIPPED
    return asked(
        questionary.select(
            question.text(lang),
            choices=options,
            default=current if current in values else unanswered,
            use_shortcuts=len(options) <= 36,
            use_jk_keys=False,
            qmark=where.mark(),
            instruction=_keys(where, "pick"),
        )
    )


def _likert(question: Question, where: Where, current: Any) -> Any:
    import questionary

    options = [
        questionary.Choice(label[where.lang], value=n, shortcut_key=str(n))
        for n, label in enumerate(question.labels, start=1)
    ]
    return _select(question, where, options, current)


def _yesno(question: Question, where: Where, current: Any) -> Any:
    import questionary

    options = [
        questionary.Choice(word("yes", where.lang), value=True, shortcut_key="y"),
        questionary.Choice(word("no", where.lang), value=False, shortcut_key="n"),
    ]
    return _select(question, where, options, current)


def _choice(question: Question, where: Where, current: Any) -> Any:
    import questionary

    options = [questionary.Choice(c.label(where.lang), value=c.value) for c in question.choices]
    return _select(question, where, options, current)


def _multi(question: Question, where: Where, current: Any) -> Any:
    import questionary

    lang = where.lang
    chosen = current if isinstance(current, list) else []
    options = [
        questionary.Choice(c.label(lang), value=c.value, checked=c.value in chosen)
        for c in question.choices
    ]

    def valid(selected: list[str]) -> bool | str:
        return bool(selected) or not question.required or word("needed", lang)

    answer = _marked(
        questionary.checkbox(
            question.text(lang),
            choices=options,
            validate=valid,
            qmark=where.mark(),
            instruction=_keys(where, "mark", *(() if question.required else ("none_skips",))),
        ),
        question.text(lang),
        where,
        {c.value: c.label(lang) for c in question.choices},
        valid,
    )
    return answer or SKIPPED


def _marked(
    prompt: Any, message: str, where: Where, labels: dict[str, str], valid: Any
) -> list[str]:
    """A checklist asked; its answered line is written here, in the interview's language:
    questionary draws "done (2 selections)" in English, so Enter here ends it without that
    (checked by `valid` as questionary would), and the prompt is erased when done."""
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    from retainkit.cli.terminal import visible

    application = prompt.application
    listed = next(
        w.content
        for w in application.layout.find_all_windows()
        if isinstance(w.content, InquirerControl)
    )
    enter = KeyBindings()

    @enter.add("enter", eager=True)
    def _done(event: Any) -> None:
        values = [c.value for c in listed.get_selected_values()]
        verdict = valid(values)
        if verdict is True:
            event.app.exit(result=values)
            return
        listed.submission_attempted = True
        listed.error_message = FormattedText([("class:validation-toolbar", str(verdict))])  # type: ignore[assignment]

    application.key_bindings = merge_key_bindings([application.key_bindings, enter])
    application.erase_when_done = True
    answer: list[str] = asked(prompt)
    lang = where.lang
    said = ("、" if lang == "zh" else ", ").join(labels.get(v, v) for v in answer)
    print_formatted_text(
        FormattedText(
            [
                ("class:qmark", where.mark()),
                ("class:question", f" {visible(message)} "),
                ("class:answer", visible(said) if answer else word("none_marked", lang)),
            ]
        ),
        style=application.style,
    )
    return answer


def _nps(question: Question, where: Where, current: Any) -> Any:
    import questionary

    lang = where.lang

    def valid(text: str) -> bool | str:
        text = text.strip()
        if not text:
            return not question.required or word("needed", lang)
        # isdecimal, not isdigit: "²" is a digit int() cannot read
        return (text.isdecimal() and 0 <= int(text) <= 10) or word("nps", lang)

    answer = asked(
        questionary.text(
            question.text(lang),
            default=current if isinstance(current, str) else _shown(current),
            validate=valid,
            qmark=where.mark(),
            instruction=_keys(where, "nps", *(() if question.required else ("empty_skips",))),
        )
    )
    return int(answer) if answer.strip() else SKIPPED


def _shown(current: Any) -> str:
    return "" if current is None or current is SKIPPED else str(current)


def _reasons(question: Question, where: Where, current: Any) -> Any:
    import questionary

    lang = where.lang
    reasons = taxonomy()
    previous = current if isinstance(current, dict) else {}
    options = [questionary.Choice(r.label(lang), value=r.code) for r in reasons.values()]
    primary = _select(question, where, options, previous.get("primary"))
    if primary is SKIPPED:
        return SKIPPED
    earlier = previous.get("contributing", [])
    others = [
        questionary.Choice(r.label(lang), value=r.code, checked=r.code in earlier)
        for r in reasons.values()
        if r.code != primary
    ]

    def valid(selected: list[str]) -> bool | str:
        return len(selected) <= MAX_CONTRIBUTING or word("too_many", lang)

    contributing = _marked(
        questionary.checkbox(
            word("contributing", lang),
            choices=others,
            validate=valid,
            qmark=where.mark(),
            instruction=_keys(where, "mark"),
        ),
        word("contributing", lang),
        where,
        {r.code: r.label(lang) for r in reasons.values()},
        valid,
    )
    return {"primary": primary, "contributing": list(contributing)}


def _text(question: Question, where: Where, current: Any) -> Any:
    """A text answer of one or several lines: Enter saves it, Alt+Enter (or Esc, then
    Enter) starts a new line; a paste keeps its line breaks. The box checks the answer as
    a stored answer is checked (length, control characters) and says what is wrong,
    keeping the text to correct."""
    import questionary

    lang = where.lang

    def valid(text: str) -> bool | str:
        if not text.strip():
            return not question.required or word("needed", lang)
        try:  # the check a saved answer gets, shown at the prompt to type it again
            check_answer(question, text)
        except ValueError as exc:
            return word("answer", lang) + said_problem(exc, lang)
        return True

    names = ["enter_saves", "new_line"]
    if question.action_items:
        names.append("items")
    if not question.required:
        names.append("empty_skips")
    mark = where.mark()
    prompt = questionary.text(
        fold(question.text(lang), used=len(mark) + 1),
        default=current if isinstance(current, str) else "",
        validate=valid,
        multiline=True,
        qmark=mark,
        instruction="\n" + fold(_keys(where, *names)) + "\n>",  # the answer on its own line
    )
    answer = asked(in_lines(prompt))
    return answer.strip() or SKIPPED


def choose_to_change(count: int, lang: str) -> int | None:
    """The review screen: None to save, or the number (1 to count) of the answer to change
    (typed, as the review table numbers them); 0 when nothing was typed."""
    import questionary

    action = asked(
        questionary.select(
            word("review", lang),
            choices=[
                questionary.Choice(word("save", lang), value="save", shortcut_key="s"),
                questionary.Choice(word("change", lang), value="change", shortcut_key="c"),
            ],
            use_shortcuts=True,
            use_jk_keys=False,
            instruction=hint([word("pick", lang)], lang),
        ),
        note=False,
    )
    if action == "save":
        return None

    which = word("which", lang).format(count=count)

    def valid(text: str) -> bool | str:
        text = text.strip()
        return not text or (text.isdecimal() and 1 <= int(text) <= count) or which

    number: str = asked(questionary.text(which, validate=valid, instruction=""), note=False)
    return int(number) if number.strip() else 0
