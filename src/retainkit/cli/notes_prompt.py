"""The interviewer's note in the terminal: a box of several lines opened with Ctrl-N at
any question (`asking.TakeNote`), for the interviewer's eyes only."""

from __future__ import annotations

from retainkit.cli.asking import asked, hint, word
from retainkit.cli.boxes import fold, in_lines, said_problem


def ask_note(number: int, lang: str, current: str) -> str:
    """The interviewer's note at question `number`, written or corrected in a box of several
    lines; returns it as typed (empty: no note). PageUp raises GoBack (the note is left as
    it was), Ctrl-C KeyboardInterrupt with the note typed so far."""
    import questionary

    from retainkit.core.interviews.notes import check_note

    def valid(text: str) -> bool | str:
        try:
            check_note(text)
        except ValueError as exc:
            return word("note_word", lang) + said_problem(exc, lang)
        return True

    keys = [word(name, lang) for name in ("enter_saves", "new_line", "note_empty", "note_back")]
    prompt = questionary.text(
        fold(word("note_title", lang).format(n=number), used=2),
        default=current,
        validate=valid,
        multiline=True,
        qmark="✎",
        instruction="\n" + fold(hint(keys, lang)) + "\n>",
    )
    answer: str = asked(in_lines(prompt), note=False)
    return answer
