"""The reason taxonomy: why people leave, as data (questionnaires/reasons.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from retainkit.base.errors import InputError
from retainkit.base.words import LANGUAGES


@dataclass(frozen=True)
class Reason:
    code: str
    group: str
    controllable: bool
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["en"]


@cache
def taxonomy() -> dict[str, Reason]:
    """Reasons by code, in the order of the data file."""
    text = resources.files("retainkit.questionnaires").joinpath("reasons.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {
        item["code"]: Reason(
            code=item["code"],
            group=item["group"],
            controllable=bool(item["controllable"]),
            labels={lang: item[lang] for lang in LANGUAGES},
        )
        for item in data["reasons"]
    }


def reason(code: str) -> Reason:
    found = taxonomy().get(code)
    if found is None:
        raise InputError(f"unknown reason {code!r}; see: retainkit reasons list")
    return found
