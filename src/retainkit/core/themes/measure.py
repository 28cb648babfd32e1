"""How well a theme file reads comments: precision and recall per theme and language
against comments a person labelled (tests/data/comments_labelled.toml; bench/run.py themes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from retainkit.core.themes.loading import ThemeSet
from retainkit.core.themes.matching import themes_of


@dataclass(frozen=True)
class Labelled:
    lang: str
    text: str
    themes: frozenset[str]


@dataclass(frozen=True)
class ThemeScore:
    lang: str
    theme: str
    found: int
    """Comments the theme file says touch the theme and the person said so too."""
    extra: int
    """Comments it says touch the theme where the person did not."""
    missed: int
    """Comments the person said touch the theme where it does not."""

    @property
    def precision(self) -> float | None:
        said = self.found + self.extra
        return self.found / said if said else None

    @property
    def recall(self) -> float | None:
        labelled = self.found + self.missed
        return self.found / labelled if labelled else None


def measure(comments: Iterable[Labelled], themes: ThemeSet) -> list[ThemeScore]:
    """A score per language and theme, for every theme the file or the labels name."""
    counts: dict[tuple[str, str], list[int]] = {}
    for comment in comments:
        got = themes_of(comment.text, themes)
        for theme in got | comment.themes:
            cell = counts.setdefault((comment.lang, theme), [0, 0, 0])
            cell[0 if theme in got and theme in comment.themes else 1 if theme in got else 2] += 1
    return [ThemeScore(lang, theme, *cell) for (lang, theme), cell in sorted(counts.items())]


def macro(scores: Iterable[ThemeScore], lang: str) -> tuple[float, float]:
    """Macro-averaged precision (over the themes found at least once) and recall (over the
    themes labelled at least once) in one language."""
    own = [s for s in scores if s.lang == lang]
    precisions = [s.precision for s in own if s.precision is not None]
    recalls = [s.recall for s in own if s.recall is not None]
    return (
        sum(precisions) / len(precisions) if precisions else 0.0,
        sum(recalls) / len(recalls) if recalls else 0.0,
    )
