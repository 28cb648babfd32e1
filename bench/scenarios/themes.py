"""Comment themes against comments a person labelled (tests/data/comments_labelled.toml):
precision and recall per theme and language, and their macro averages (targets: precision
at least 0.8 and recall at least 0.7 in each language)."""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable
from pathlib import Path

PREPARE: dict[str, Callable[[list[str]], None]] = {}
LABELLED = Path(__file__).resolve().parents[2] / "tests" / "data" / "comments_labelled.toml"


def labelled() -> list[object]:
    from retainkit.core.themes.measure import Labelled

    data = tomllib.loads(LABELLED.read_text(encoding="utf-8"))
    return [Labelled(c["lang"], c["text"], frozenset(c["themes"])) for c in data["comments"]]


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    from retainkit.core.themes.loading import builtin
    from retainkit.core.themes.measure import macro, measure

    comments = labelled()
    scores = measure(comments, builtin())  # type: ignore[arg-type]
    results: list[tuple[str, str]] = []
    for lang in ("en", "zh"):
        count = sum(1 for c in comments if c.lang == lang)  # type: ignore[attr-defined]
        results.append((f"{lang}: labelled comments", str(count)))
        for s in (s for s in scores if s.lang == lang):
            p = "-" if s.precision is None else f"{s.precision:.2f}"
            r = "-" if s.recall is None else f"{s.recall:.2f}"
            label = f"{lang} {s.theme} (labelled {s.found + s.missed}) P / R"
            results.append((label, f"{p} / {r}"))
        precision, recall = macro(scores, lang)
        results.append((f"{lang} macro precision (target >= 0.8)", f"{precision:.2f}"))
        results.append((f"{lang} macro recall (target >= 0.7)", f"{recall:.2f}"))
        results.append((f"{lang} comments read per second", f"{speed(comments, lang):,.0f}"))
    return results


def speed(comments: list[object], lang: str, copies: int = 50) -> float:
    """Distinct comments (each labelled one with a number added, so none is remembered)
    whose themes are found per second, jieba's start excluded."""
    import time

    from retainkit.core.themes.loading import builtin
    from retainkit.core.themes.matching import themes_of

    texts = [f"{c.text} {n}" for n in range(copies) for c in comments if c.lang == lang]  # type: ignore[attr-defined]
    themes_of(texts[0], builtin())
    start = time.perf_counter()
    for text in texts:
        themes_of(text, builtin())
    return len(texts) / (time.perf_counter() - start)
