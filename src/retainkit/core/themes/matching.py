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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from retainkit.core.themes.loading import ThemeSet

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_EN_BREAK = re.compile(r"[.;:!?,()\[\]\n\"]+|\b(?:but|however|although|though|whereas|yet)\b")
_ZH_BREAK = re.compile(r"[。；！？，,;!?：:\n（）()\[\]【】“”\"]+|但是|不过|可是|而是|但")
_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTIONS = (("can't", "can not"), ("won't", "will not"), ("n't", " not"))

SEEN = 20_000
"""Comments whose themes a matcher remembers (the same words come back: "No.", "N/A")."""
T = TypeVar("T")
Pattern = tuple[str, ...]
"""A phrase as words; a word ending in * matches any word it begins."""


def language_of(text: str) -> str:
    """zh when the text holds Chinese characters, else en."""
    return "zh" if _CJK.search(text) else "en"


def themes_of(text: str, themes: ThemeSet) -> frozenset[str]:
    """The keys of the themes a comment touches."""
    return _matcher(themes, language_of(text)).themes(text)


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
        self.index = _Index([(rule.pattern, rule) for rule in self.rules])
        self.before = _Index([(p, None) for p in map(self._pattern, themes.before[lang]) if p])
        self.after = _Index([(p, None) for p in map(self._pattern, themes.after[lang]) if p])
        self.seen: dict[str, frozenset[str]] = {}

    def themes(self, text: str) -> frozenset[str]:
        found = self.seen.get(text)
        if found is None:
            found = frozenset(t for clause in self.clauses(text) for t in self.touched(clause))
            if len(self.seen) < SEEN:
                self.seen[text] = found
        return found

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
        hits = [
            (rule, at, end) for at in range(len(words)) for rule, end in self.index.at(words, at)
        ]
        if all(rule.exception for rule, _, _ in hits):
            return set()
        # A clause is negated from the end of its first "before" cue, and up to the start
        # of its last "after" cue.
        before_end = min((end for at in range(len(words)) for _, end in self.before.at(words, at)),
                         default=len(words) + 1)  # fmt: skip
        after_start = max((at for at in range(len(words)) for _ in self.after.at(words, at)),
                          default=-1)  # fmt: skip
        found: set[str] = set()
        for rule, start, end in hits:
            if rule.exception or _inside_longer(rule, start, end, hits):
                continue
            if before_end <= start or after_start >= end:
                continue
            found.add(rule.theme)
        return found


class _Index(Generic[T]):
    """Phrases by their first word (or its prefix), to find those starting at a word."""

    def __init__(self, items: list[tuple[Pattern, T]]) -> None:
        self.exact: dict[str, list[tuple[Pattern, T]]] = {}
        self.prefixes: dict[str, list[tuple[Pattern, T]]] = {}
        for pattern, item in items:
            first = pattern[0]
            if first.endswith("*"):
                self.prefixes.setdefault(first[:-1], []).append((pattern, item))
            else:
                self.exact.setdefault(first, []).append((pattern, item))
        self.lengths = sorted({len(prefix) for prefix in self.prefixes})

    def at(self, words: list[str], start: int) -> Iterator[tuple[T, int]]:
        """Each phrase found starting at `words[start]`, with where it ends."""
        word = words[start]
        found = list(self.exact.get(word, ()))
        for length in self.lengths:
            if length > len(word):
                break
            found += self.prefixes.get(word[:length], ())
        for pattern, item in found:
            if len(pattern) == 1 or _matches(pattern, words, start):
                yield item, start + len(pattern)


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
