"""Why an interview cannot start or go on, said in the interview's language: the error
carries the key of its words in `words.INTERVIEW` and the values they take."""

from __future__ import annotations

from retainkit.base import words
from retainkit.base.errors import InputError


class Refusal(InputError):
    """An InputError said in English, and by `said_in` in any language; a value named
    `kind` is an interview kind, said as a word of that language (as it is in English)."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.said_in("en"))

    def said_in(self, lang: str) -> str:
        values = dict(self.values)
        if lang != "en" and isinstance(values.get("kind"), str):
            values["kind"] = words.word(words.INTERVIEW, str(values["kind"]), lang)
        for name in ("then", "because"):  # what to do, or why: itself a key of the table
            if isinstance(values.get(name), str):
                values[name] = words.word(words.INTERVIEW, str(values[name]), lang)
        return words.word(words.INTERVIEW, self.key, lang).format(**values)
