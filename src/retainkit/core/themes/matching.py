"""Which themes a comment touches.

A comment is cut into clauses (at punctuation and at "but", "但是"...). English words are
compared in lower case with plurals folded and "n't" read as "not"; Chinese text is split
into words with jieba, whose dictionary learns every phrase of the theme file first, so a
phrase matches whole words. In a clause, the longest phrase wins: a phrase inside a longer
one (of any theme, or one of the theme's exceptions) does not count. A theme's phrase
does not count either where the clause says it was no factor: a `before` cue earlier in
the clause ("not about", "不是因为"), or an `after` cue later ("was fine", "没关系").

jieba is imported only when a comment holds Chinese text: `retainkit --help` and English
reports never load it. Its dictionary cache is written in the private run folder
(base/scratch.py), never in the shared temporary folder, and it logs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from retainkit.core.themes.loading import ThemeSet

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_EN_BREAK = re.compile(r"[.;:!?,()\[\]\n\"]+|\b(?:but|however|although|though|whereas|yet)\b")
_ZH_BREAK = re.compile(r"[。；！？，,;!?：:\n（）()\[\]【】“”\"]+|但是|不过|可是|而是|但")
_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTIONS = (("can't", "can not"), ("won't", "will not"), ("n't", " not"))

Pattern = tuple[str, ...]
"""A phrase as words; a word ending in * matches any word it begins."""


def language_of(text: str) -> str:
    """zh when the text holds Chinese characters, else en."""
    return "zh" if _CJK.search(text) else "en"


def themes_of(text: str, themes: ThemeSet) -> frozenset[str]:
    """The keys of the themes a comment touches."""
    lang = language_of(text)
    matcher = _matcher(themes, lang)
    found: set[str] = set()
    for clause in matcher.clauses(text):
        found |= matcher.touched(clause)
    return frozenset(found)


def stem(word: str) -> str:
    """A word with its plural or possessive folded: colleagues, colleague's -> colleague."""
    word = word.removesuffix("'s").replace("'", "")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    for short, long in _CONTRACTIONS:
        text = text.replace(short, long)
    return [stem(word) for word in _EN_WORD.findall(text.replace("-", " "))]


@dataclass(frozen=True)
class _Rule:
    theme: str
    pattern: Pattern
    exception: bool


class _Matcher:
    def __init__(self, themes: ThemeSet, lang: str) -> None:
        self.lang = lang
        self.rules: list[_Rule] = []
        tokenizer = _jieba(_zh_phrases(themes)) if lang == "zh" else None
        self.split = (lambda text: _zh_words(tokenizer, text)) if tokenizer else english_words
        for theme in themes.themes:
            for phrases, exception in ((theme.words[lang], False), (theme.exceptions[lang], True)):
                for phrase in phrases:
                    pattern = self._pattern(phrase)
                    if pattern:
                        self.rules.append(_Rule(theme.key, pattern, exception))
        self.by_first: dict[str, list[_Rule]] = {}
        self.prefixed = [rule for rule in self.rules if rule.pattern[0].endswith("*")]
        for rule in self.rules:
            if not rule.pattern[0].endswith("*"):
                self.by_first.setdefault(rule.pattern[0], []).append(rule)
        self.before = [p for p in map(self._pattern, themes.before[lang]) if p]
        self.after = [p for p in map(self._pattern, themes.after[lang]) if p]

    def _pattern(self, phrase: str) -> Pattern:
        if self.lang == "en":
            return _english_pattern(phrase)
        star = phrase.endswith("*")
        words = tuple(self.split(phrase.rstrip("*")))
        return (*words[:-1], words[-1] + "*") if star and words else words

    def clauses(self, text: str) -> list[list[str]]:
        breaks = _ZH_BREAK if self.lang == "zh" else _EN_BREAK
        source = text if self.lang == "zh" else text.lower()
        return [words for part in breaks.split(source) if (words := self.split(part))]

    def touched(self, words: list[str]) -> set[str]:
        hits = []
        for start, word in enumerate(words):
            candidates = self.by_first.get(word, [])
            prefixed = [r for r in self.prefixed if word.startswith(r.pattern[0][:-1])]
            for rule in (*candidates, *prefixed):
                if _matches(rule.pattern, words, start):
                    hits.append((rule, start, start + len(rule.pattern)))
        found: set[str] = set()
        for rule, start, end in hits:
            if rule.exception or _inside_longer(rule, start, end, hits):
                continue
            if self._negated(words, start, end):
                continue
            found.add(rule.theme)
        return found

    def _negated(self, words: list[str], start: int, end: int) -> bool:
        return any(
            _matches(cue, words, at) for cue in self.before for at in range(0, start - len(cue) + 1)
        ) or any(_matches(cue, words, at) for cue in self.after for at in range(end, len(words)))


def _english_pattern(phrase: str) -> Pattern:
    """A phrase of the theme file as words; a word ending in * is a prefix, not stemmed."""
    pattern: list[str] = []
    for word in phrase.split():
        if word.endswith("*"):
            parts = _EN_WORD.findall(word.rstrip("*").lower().replace("-", " "))
            pattern += [stem(p) for p in parts[:-1]] + [parts[-1] + "*"] if parts else []
        else:
            pattern += english_words(word)
    return tuple(pattern)


def _matches(pattern: Pattern, words: list[str], start: int) -> bool:
    if start + len(pattern) > len(words):
        return False
    for want, word in zip(pattern, words[start:], strict=False):
        if want.endswith("*"):
            if not word.startswith(want[:-1]):
                return False
        elif want != word:
            return False
    return True


def _inside_longer(rule: _Rule, start: int, end: int, hits: list[tuple[_Rule, int, int]]) -> bool:
    """Whether a longer phrase covers this one (or one of the theme's exceptions does)."""
    for other, s, e in hits:
        if s <= start and end <= e and (s, e) != (start, end):
            if not other.exception or other.theme == rule.theme:
                return True
        elif (s, e) == (start, end) and other.exception and other.theme == rule.theme:
            return True
    return False


@cache
def _matcher(themes: ThemeSet, lang: str) -> _Matcher:
    return _Matcher(themes, lang)


def _zh_phrases(themes: ThemeSet) -> tuple[str, ...]:
    phrases: list[str] = []
    for theme in themes.themes:
        # Not the exceptions: as words of their own they would hide the theme words inside
        # them from every theme; split as any text is, they still cover their own.
        phrases += [p.rstrip("*") for p in theme.words["zh"]]
    phrases += [*themes.before["zh"], *themes.after["zh"]]
    return tuple(dict.fromkeys(p for p in phrases if _CJK.search(p)))


def _zh_words(tokenizer: Any, text: str) -> list[str]:
    return [w.strip().lower() for w in tokenizer.cut(text, HMM=False) if w.strip()]


@cache
def _jieba(phrases: Iterable[str]) -> Any:
    """A jieba tokenizer that knows the theme files' phrases, its cache in the private run
    folder and its messages silenced."""
    import logging

    import jieba

    from retainkit.base.scratch import private_folder

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with private_folder() as folder:
        tokenizer.tmp_dir = str(folder)
        tokenizer.initialize()
    for phrase in phrases:
        tokenizer.add_word(phrase)
    return tokenizer
