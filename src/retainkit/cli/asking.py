"""Asking questions in the terminal with questionary: one prompt per question type.

Every prompt uses `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt (and Ctrl-D EOFError)
instead of returning None; the interview command turns either into a saved draft.
"""

from __future__ import annotations

from typing import Any

from retainkit.base import words
from retainkit.base.vocab import MAX_CONTRIBUTING
from retainkit.core.questionnaires.answers import SKIPPED, check_answer
from retainkit.core.questionnaires.model import Question
from retainkit.core.reasons import taxonomy


def _asked(prompt: Any) -> Any:
    """Ask a questionary prompt; Ctrl-C raises KeyboardInterrupt and Ctrl-D EOFError.

    questionary binds Ctrl-C on every prompt but Ctrl-D on none, so it is added here.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError(), style="class:aborting")

    application = prompt.application
    application.key_bindings = merge_key_bindings(
        [b for b in (application.key_bindings, extra) if b is not None]
    )
    return prompt.unsafe_ask()


def word(key: str, lang: str) -> str:
    return words.word(words.INTERVIEW, key, lang)


def ask(question: Question, lang: str, current: Any = None) -> Any:
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
    return asker(question, lang, current)


def _select(question: Question, lang: str, options: list[Any], current: Any) -> Any:
    import questionary

    if question.optional:
        options.append(questionary.Choice(word("skip", lang), value=SKIPPED, shortcut_key="s"))
    values = [option.value for option in options]
    return _asked(
        questionary.select(
            question.text(lang),
            choices=options,
            default=current if current in values else None,
            use_shortcuts=len(options) <= 36,
        )
    )


def _likert(question: Question, lang: str, current: Any) -> Any:
    import questionary

    options = [
        questionary.Choice(label[lang], value=n, shortcut_key=str(n))
        for n, label in enumerate(question.labels, start=1)
    ]
    return _select(question, lang, options, current)


def _yesno(question: Question, lang: str, current: Any) -> Any:
    import questionary

    options = [
        questionary.Choice(word("yes", lang), value=True, shortcut_key="y"),
        questionary.Choice(word("no", lang), value=False, shortcut_key="n"),
    ]
    return _select(question, lang, options, current)


def _choice(question: Question, lang: str, current: Any) -> Any:
    import questionary

    options = [questionary.Choice(c.label(lang), value=c.value) for c in question.choices]
    return _select(question, lang, options, current)


def _multi(question: Question, lang: str, current: Any) -> Any:
    import questionary

    chosen = current if isinstance(current, list) else []
    options = [
        questionary.Choice(c.label(lang), value=c.value, checked=c.value in chosen)
        for c in question.choices
    ]

    def valid(selected: list[str]) -> bool | str:
        return bool(selected) or question.optional or word("needed", lang)

    answer = _asked(questionary.checkbox(question.text(lang), choices=options, validate=valid))
    return answer or SKIPPED


def _nps(question: Question, lang: str, current: Any) -> Any:
    import questionary

    def valid(text: str) -> bool | str:
        text = text.strip()
        if not text:
            return question.optional or word("needed", lang)
        return (text.isdigit() and 0 <= int(text) <= 10) or word("nps", lang)

    hint = word("nps", lang) + (f"; {word('optional', lang)}" if question.optional else "")
    answer = _asked(
        questionary.text(
            question.text(lang),
            default="" if current is None or current is SKIPPED else str(current),
            validate=valid,
            instruction=f"({hint})",
        )
    )
    return int(answer) if answer.strip() else SKIPPED


def _reasons(question: Question, lang: str, current: Any) -> Any:
    import questionary

    reasons = taxonomy()
    previous = current if isinstance(current, dict) else {}
    options = [questionary.Choice(r.label(lang), value=r.code) for r in reasons.values()]
    primary = _select(question, lang, options, previous.get("primary"))
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

    contributing = _asked(
        questionary.checkbox(word("contributing", lang), choices=others, validate=valid)
    )
    return {"primary": primary, "contributing": list(contributing)}


def _text(question: Question, lang: str, current: Any) -> Any:
    import questionary

    def valid(text: str) -> bool | str:
        if not text.strip():
            return question.optional or word("needed", lang)
        try:  # the check a saved answer gets, shown at the prompt to type it again
            check_answer(question, text)
        except ValueError as exc:
            return str(exc)
        return True

    hints = []
    if question.action_items:
        hints.append(word("items", lang))
    if question.optional:
        hints.append(word("optional", lang))
    answer = _asked(
        questionary.text(
            question.text(lang),
            default=current if isinstance(current, str) else "",
            validate=valid,
            instruction=f"({'; '.join(hints)})" if hints else None,
        )
    )
    return answer.strip() or SKIPPED


def choose_to_change(questions: list[Question], labels: dict[str, str], lang: str) -> str | None:
    """The review screen: None to save, or the key of the answer to change."""
    import questionary

    action = _asked(
        questionary.select(
            word("review", lang),
            choices=[
                questionary.Choice(word("save", lang), value="save", shortcut_key="s"),
                questionary.Choice(word("change", lang), value="change", shortcut_key="c"),
            ],
            use_shortcuts=True,
        )
    )
    if action == "save":
        return None
    options = [
        questionary.Choice(f"{n}. {_short(q.text(lang))}: {labels.get(q.key, '')}", value=q.key)
        for n, q in enumerate(questions, start=1)
    ]
    key: str = _asked(questionary.select(word("which", lang), choices=options))
    return key


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
