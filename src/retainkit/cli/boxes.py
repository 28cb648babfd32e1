"""Boxes of several lines in the terminal (a text answer, the interviewer's note): their
prompt folded to the terminal's width, Enter to save and Alt+Enter for a new line, and what
is wrong with a text typed in one, said in the interview's language."""

from __future__ import annotations

from typing import Any

from retainkit.base import words


def word(key: str, lang: str) -> str:
    return words.word(words.INTERVIEW, key, lang)


def fold(text: str, used: int = 0) -> str:
    """Text in lines that fit the terminal: a box of several lines cuts its prompt at the
    edge instead of wrapping it. `used`: cells taken on the first line already."""
    import re
    import shutil

    from prompt_toolkit.utils import get_cwidth

    width = max(shutil.get_terminal_size().columns - 2, 20)
    lines: list[str] = []
    line, size = "", used
    # a word and the spaces after it, or one character of a script without spaces
    for piece in re.findall(r"[\u2e80-\uffef]|[^\s\u2e80-\uffef]+\s*|\s+", text):
        cells = get_cwidth(piece.rstrip())
        if line.strip() and size + cells > width:
            lines.append(line.rstrip())
            line, size = "", 0
        line += piece
        size += get_cwidth(piece)
    return "\n".join([*lines, line.rstrip()])


def said_problem(problem: ValueError, lang: str) -> str:
    """What is wrong with a text typed in a box, after the word for what it is."""
    from retainkit.core.text import TextProblem

    if lang == "en" or not isinstance(problem, TextProblem):
        return " " + str(problem)
    return word("text_" + problem.kind, lang).format(**problem.values)


def in_lines(prompt: Any) -> Any:
    """A multi-line box where Enter saves and Alt+Enter (or Esc, then Enter) is a new line."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    lines = KeyBindings()

    @lines.add("enter", eager=True)
    def _save(event: Any) -> None:
        event.current_buffer.validate_and_handle()

    @lines.add("escape", "enter", eager=True)
    def _new_line(event: Any) -> None:
        event.current_buffer.insert_text("\n")

    application = prompt.application
    application.key_bindings = merge_key_bindings(
        [b for b in (application.key_bindings, lines) if b is not None]
    )
    return prompt
