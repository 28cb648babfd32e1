"""Settings: `retainkit config list | get KEY | set KEY VALUE`, and the typed snapshot that
services read once per transaction (`load_settings`). Keys, defaults and parsers live in
core.setting_specs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.base.vocab import LEVELS
from retainkit.core.schedule import Cadence
from retainkit.core.setting_specs import SETTINGS, SettingSpec

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database


@dataclass(frozen=True)
class Smtp:
    """The mail server the due-list digest goes through."""

    host: str
    port: int
    user: str
    starttls: bool
    sender: str


@dataclass(frozen=True)
class Settings:
    """Every setting, parsed: what a service works with inside one transaction."""

    lang: str
    cadence: Cadence
    alumni_dates: tuple[tuple[int, int], ...]  # (month, day)
    handover_items: tuple[str, ...]
    interview_leadership: tuple[str, ...]  # levels, high_performer, performance>=N
    interview_manager: tuple[str, ...]
    report_min_group: int
    organisation: str  # on the workbook's Dashboard; "" when not set
    cost_factors: Mapping[str, float]  # by level
    cost_salaries: Mapping[str, float]  # by level
    cost_per_hire: float
    salary_months: int
    """Months of pay in a year (salary.months_per_year), for monthly salaries imported."""
    smtp: Smtp
    default_owner: str = ""
    """actions.default_owner: who owns an urgent item no interviewer can; "" when not set."""
    hr_owner: str = ""
    """actions.hr_owner: HR or leadership, for complaints about the leaver's manager."""


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
        value = spec.normalised(raw)
    except ValueError as exc:
        raise InputError(f"{key}: {exc}") from None
    with db.write() as session:
        stored = session.get(Setting, key, with_for_update=True)
        if stored is None:
            session.add(Setting(key=key, value=value))
        else:
            stored.value = value
    return value


def _texts(session: Session) -> dict[str, str]:
    """Every setting's text (stored or default), read in one query."""
    from sqlalchemy import select

    from retainkit.storage.models import Setting

    stored = dict(session.execute(select(Setting.key, Setting.value)).all())
    return {key: stored.get(key, spec.default) for key, spec in SETTINGS.items()}


def _parsed(key: str, text: str) -> Any:
    try:
        return SETTINGS[key].parse(text)
    except ValueError as exc:  # stored by hand or by an older version
        raise InputError(
            f"the stored setting {key} = {text!r} {exc}; fix it with: retainkit config set "
            f"{key} VALUE"
        ) from None


def settings_of(texts: Mapping[str, str]) -> Settings:
    """The typed snapshot of every setting's text."""
    value = {key: _parsed(key, text) for key, text in texts.items()}
    return Settings(
        lang=value["lang"],
        cadence=Cadence(
            exit_before=value["followup.exit_before"],
            first=value["followup.first"],
            mid=value["followup.mid"],
            yearly_window=value["followup.yearly_window"],
            rehire_months=value["followup.rehire_months"],
            retry_days=value["followup.retry_days"],
            max_tries=value["followup.max_tries"],
            stay_months=value["stay.months"],
            stay_first_year_months=value["stay.first_year_months"],
        ),
        alumni_dates=value["alumni.dates"],
        handover_items=value["handover.items"],
        interview_leadership=value["interview.leadership"],
        interview_manager=value["interview.manager"],
        report_min_group=value["report.min_group"],
        organisation=value["report.organisation"],
        cost_factors=MappingProxyType({lv: value[f"cost.factor.{lv}"] for lv in LEVELS}),
        cost_salaries=MappingProxyType({lv: value[f"cost.salary.{lv}"] for lv in LEVELS}),
        cost_per_hire=value["cost.per_hire"],
        salary_months=value["salary.months_per_year"],
        smtp=Smtp(
            host=value["smtp.host"],
            port=value["smtp.port"],
            user=value["smtp.user"],
            starttls=value["smtp.starttls"],
            sender=value["smtp.from"],
        ),
        default_owner=value["actions.default_owner"],
        hr_owner=value["actions.hr_owner"],
    )


def load_settings(session: Session) -> Settings:
    """Every setting, parsed, in one query: read it once per transaction."""
    return settings_of(_texts(session))


def read_settings(db: Database) -> Settings:
    """The settings, in a transaction of their own."""
    with db.read() as session:
        return load_settings(session)
