"""Settings: `retainkit config list | get KEY | set KEY VALUE`, each with a documented default."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retainkit.core.errors import InputError
from retainkit.core.reasons import LANGUAGES

if TYPE_CHECKING:
    from retainkit.storage.database import Database


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().casefold()
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return parse


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    help: str
    parse: Callable[[str], str]


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "lang", "en", "Language of questionnaires and exports: en or zh.", _one_of(*LANGUAGES)
        ),
    )
}


def _spec(key: str) -> SettingSpec:
    spec = SETTINGS.get(key)
    if spec is None:
        raise InputError(f"unknown setting {key!r}; see: retainkit config list")
    return spec


def get_setting(db: Database, key: str) -> str:
    from retainkit.storage.models import Setting

    spec = _spec(key)
    with db.read() as session:
        stored = session.get(Setting, key)
        return stored.value if stored is not None else spec.default


def all_settings(db: Database) -> list[tuple[SettingSpec, str | None]]:
    """Every setting with its stored value (None where the default applies)."""
    from sqlalchemy import select

    from retainkit.storage.models import Setting

    with db.read() as session:
        stored = dict(session.execute(select(Setting.key, Setting.value)).all())
    return [(spec, stored.get(key)) for key, spec in SETTINGS.items()]


def set_setting(db: Database, key: str, raw: str) -> str:
    from retainkit.storage.models import Setting

    spec = _spec(key)
    try:
        value = spec.parse(raw)
    except ValueError as exc:
        raise InputError(f"{key}: {exc}") from None
    with db.write() as session:
        stored = session.get(Setting, key, with_for_update=True)
        if stored is None:
            session.add(Setting(key=key, value=value))
        else:
            stored.value = value
    return value
