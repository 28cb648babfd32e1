"""Theme files: the one shipped in themes/themes.toml and the one an HR team adds
(setting `report.themes`), read into a `ThemeSet`, or one line naming the file and the
theme that is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.reasons import LANGUAGES, taxonomy
from retainkit.core.text import clean_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
"""A theme's key, as reports and JSON output show it."""
FILE_BYTES = 1_000_000
PHRASE_CHARS = 80
PHRASES = 2_000
"""The most words and phrases one theme may list, per language."""
_THEME_FIELDS = {"key", "reason", *LANGUAGES} | {
    f"{kind}_{lang}" for kind in ("words", "except") for lang in LANGUAGES
}
_TOP_FIELDS = {"version", "praise_questions", "negation", "themes"}
_CUES = {f"{where}_{lang}" for where in ("before", "after") for lang in LANGUAGES}


@dataclass(frozen=True)
class Theme:
    key: str
    reason: str | None
    """The reason code (questionnaires/reasons.toml) the theme speaks to, where one fits."""
    labels: dict[str, str]
    words: dict[str, tuple[str, ...]]
    """By language: the words and phrases that touch the theme."""
    exceptions: dict[str, tuple[str, ...]]
    """By language: longer phrases holding a word of the theme that do not touch it."""

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


@dataclass(frozen=True, eq=False)  # compared and cached by identity
class ThemeSet:
    """The themes comments are read for, in the order reports list them."""

    themes: tuple[Theme, ...]
    praise_questions: frozenset[str]
    """Questions whose answers say what was good: counted in the comment report, never
    taken as a reason for leaving."""
    before: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """By language: cues before a theme's words, in its clause, saying it was no factor."""
    after: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """By language: cues after them ("was fine")."""

    def theme(self, key: str) -> Theme:
        return next(t for t in self.themes if t.key == key)

    def reason_of(self, key: str) -> str | None:
        return self.theme(key).reason


@cache
def builtin() -> ThemeSet:
    """The themes shipped with retainkit."""
    text = resources.files("retainkit.themes").joinpath("themes.toml").read_text("utf-8")
    return parse(text, "themes.toml")


def load(path: str | Path | None) -> ThemeSet:
    """The shipped themes, with an HR team's file added: a theme of the same key replaces
    the shipped one, its negation cues and praise questions add to the shipped ones."""
    base = builtin()
    if not path:
        return base
    from retainkit.core.questionnaires.loading import read_limited

    file = Path(path)
    extra = parse(read_limited(file, FILE_BYTES, "a theme file"), file.name)
    own = {theme.key: theme for theme in extra.themes}
    themes = [own.pop(theme.key, theme) for theme in base.themes] + list(own.values())
    return ThemeSet(
        themes=tuple(themes),
        praise_questions=base.praise_questions | extra.praise_questions,
        before={lang: base.before[lang] + extra.before[lang] for lang in LANGUAGES},
        after={lang: base.after[lang] + extra.after[lang] for lang in LANGUAGES},
    )


def configured(session: Session) -> ThemeSet:
    """The shipped themes and the HR team's file of setting report.themes, if any."""
    from retainkit.core.settings import load_settings

    path = load_settings(session).theme_file
    try:
        return load(path)
    except InputError as exc:
        raise InputError(
            f"{exc.message} (the theme file of setting report.themes; fix it, or: "
            "retainkit config set report.themes '')"
        ) from None


def parse(text: str, name: str) -> ThemeSet:
    """A theme file's TOML text as a ThemeSet; an InputError naming the file and theme."""
    from retainkit.core.questionnaires.loading import parse_data

    data = parse_data(text, name)
    unknown = sorted(set(data) - _TOP_FIELDS)
    if unknown:
        raise InputError(f"{name}: unknown field {unknown[0]!r}; a theme file has {_known()}")
    if data.get("version", 1) != 1:
        raise InputError(f"{name}: version must be 1")
    praise = _strings(data.get("praise_questions", []), f"{name}: praise_questions")
    negation = data.get("negation", {})
    if not isinstance(negation, dict) or set(negation) - _CUES:
        raise InputError(f"{name}: [negation] holds only lists named {', '.join(sorted(_CUES))}")
    cues = {key: _phrases(negation.get(key, []), f"{name}: negation {key}") for key in _CUES}
    raw_themes = data.get("themes", [])
    if not isinstance(raw_themes, list) or not all(isinstance(t, dict) for t in raw_themes):
        raise InputError(f"{name}: themes must be [[themes]] tables")
    themes: list[Theme] = []
    for index, raw in enumerate(raw_themes, start=1):
        label = repr(raw["key"]) if isinstance(raw.get("key"), str) else str(index)
        theme = _theme(raw, f"{name}: theme {label}")
        if any(t.key == theme.key for t in themes):
            raise InputError(f"{name}: theme {theme.key!r} is listed twice; keep one")
        themes.append(theme)
    return ThemeSet(
        themes=tuple(themes),
        praise_questions=frozenset(praise),
        before={lang: cues[f"before_{lang}"] for lang in LANGUAGES},
        after={lang: cues[f"after_{lang}"] for lang in LANGUAGES},
    )


def _known() -> str:
    return ", ".join(sorted(_TOP_FIELDS))


def _theme(raw: dict[str, Any], where: str) -> Theme:
    unknown = sorted(set(raw) - _THEME_FIELDS)
    if unknown:
        raise InputError(
            f"{where}: unknown field {unknown[0]!r}; a theme has key, reason, en, zh, "
            "words_en, words_zh, except_en, except_zh"
        )
    key = raw.get("key")
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise InputError(f"{where}: key must be lower-case letters, digits and _ (a-z first)")
    reason = raw.get("reason")
    if reason is not None and reason not in taxonomy():
        raise InputError(
            f"{where}: reason {reason!r} is not a reason code; see: retainkit reasons list"
        )
    labels = {}
    for lang in LANGUAGES:
        label = raw.get(lang)
        if not isinstance(label, str) or not label.strip():
            raise InputError(f"{where}: {lang} must be the theme's name in that language")
        labels[lang] = _clean(label, f"{where}: {lang}")
    words = {lang: _phrases(raw.get(f"words_{lang}", []), f"{where}: words_{lang}")
             for lang in LANGUAGES}  # fmt: skip
    if not any(words.values()):
        raise InputError(f"{where}: give words_en or words_zh, the words that touch the theme")
    exceptions = {lang: _phrases(raw.get(f"except_{lang}", []), f"{where}: except_{lang}")
                  for lang in LANGUAGES}  # fmt: skip
    return Theme(key, reason, labels, words, exceptions)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where} must be a list of text in quotes")
    return tuple(value)


def _phrases(value: Any, where: str) -> tuple[str, ...]:
    """A list of words and phrases, each checked: text, no control character, a * only at
    the end of a word of at least three letters."""
    phrases = _strings(value, where)
    if len(phrases) > PHRASES:
        raise InputError(f"{where} lists {len(phrases)} phrases; at most {PHRASES}")
    checked = []
    for phrase in phrases:
        text = _clean(phrase, where)
        if not text:
            raise InputError(f"{where} holds an empty phrase; remove it")
        for word in text.split():
            stem = word.rstrip("*")
            if "*" in stem or (word.endswith("*") and len(stem) < 3):
                raise InputError(
                    f"{where}: {phrase!r}: a * goes at the end of a word of at least three "
                    "letters (promot*)"
                )
        checked.append(text)
    return tuple(checked)


def _clean(text: str, where: str) -> str:
    try:
        return clean_text(text, limit=PHRASE_CHARS) or ""
    except ValueError as exc:
        raise InputError(f"{where}: a phrase {exc}") from None
