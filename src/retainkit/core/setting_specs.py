"""Every setting: its key, documented default, help, and the one parser of its value.

A parser turns text (typed with `config set`, or stored) into the typed value that
core.settings puts in its snapshot, or raises ValueError saying what a good value looks
like; `show` writes the value back as the text that is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from retainkit.core.reasons import LANGUAGES
from retainkit.core.setting_parsers import (
    COST_FACTORS,
    DEFAULT_SALARIES,
    HANDOVER_DEFAULT,
    currency,
    day_range,
    decimal,
    items,
    month_days,
    on_off,
    one_line,
    one_of,
    show_day_range,
    show_decimal,
    show_items,
    show_month_days,
    show_on_off,
    show_who,
    theme_file,
    who,
    whole,
)


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    help: str
    parse: Callable[[str], Any]
    show: Callable[[Any], str] = str

    def normalised(self, raw: str) -> str:
        """The text stored for `raw`; a ValueError says what is wrong with it."""
        return self.show(self.parse(raw))


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "lang", "en", "Language of questionnaires and exports: en or zh.", one_of(*LANGUAGES)
        ),
        SettingSpec(
            "followup.exit_before",
            "14",
            "Exit interview window: days before the "
            "last day it opens when no notice date is known.",
            whole(0, 365),
        ),
        SettingSpec(
            "followup.first",
            "30-60",
            "First follow-up: days after the last day.",
            day_range,
            show_day_range,
        ),
        SettingSpec(
            "followup.mid",
            "180-240",
            "Mid follow-up: days after the last day.",
            day_range,
            show_day_range,
        ),
        SettingSpec(
            "followup.yearly_window",
            "7",
            "Yearly care: days either side of each anniversary of the last day; 0 turns it off.",
            whole(0, 60),
        ),
        SettingSpec(
            "followup.rehire_months",
            "6",
            "Rehire check for the rehire pool: every so "
            "many months after the last day; 0 turns it off.",
            whole(0, 60),
        ),
        SettingSpec(
            "followup.retry_days",
            "7",
            "After no answer, try again this many days later.",
            whole(1, 90),
        ),
        SettingSpec(
            "followup.max_tries",
            "3",
            "Tries before a contact is marked unreachable.",
            whole(1, 10),
        ),
        SettingSpec(
            "stay.months",
            "12",
            "Stay interviews for high performers and core people: every so many months.",
            whole(1, 60),
        ),
        SettingSpec(
            "stay.first_year_months", "6", "... and this often in their first year.", whole(1, 12)
        ),
        SettingSpec(
            "alumni.dates",
            "",
            "Company dates for alumni greetings, like 01-28,06-01.",
            month_days,
            show_month_days,
        ),
        SettingSpec(
            "handover.items",
            HANDOVER_DEFAULT,
            "The handover checklist of a new separation: items separated by ;.",
            items,
            show_items,
        ),
        SettingSpec(
            "interview.leadership",
            "senior,core,high_performer",
            "Who should have a "
            "leader hold their exit interview: levels, high_performer, performance>=N.",
            who,
            show_who,
        ),
        SettingSpec(
            "interview.manager",
            "",
            "Who should have their direct manager hold it (same terms); everyone else: HR.",
            who,
            show_who,
        ),
        SettingSpec(
            "interview.late_exit_months",
            "3",
            "An exit interview held more than this many months after the last day is "
            "flagged as late; 0 turns the warning off.",
            whole(0, 120),
        ),
        SettingSpec(
            "actions.default_owner",
            "",
            "Who owns an urgent action item when the interview names no interviewer (or the "
            "interviewer cannot own it): an employee number or a name.",
            one_line,
        ),
        SettingSpec(
            "actions.hr_owner",
            "",
            "HR or leadership: who owns an escalation or a retention chance when the leaver "
            "complains about their own manager (never that manager).",
            one_line,
        ),
        SettingSpec(
            "report.min_group",
            "5",
            "Reports and exports hide groups of fewer people than this; 1 shows everything.",
            whole(1, 100),
        ),
        SettingSpec(
            "report.min_comments",
            "10",
            "Comment themes and quotes show nothing of a group with comments from fewer "
            "leavers than this; 1 shows everything.",
            whole(1, 1000),
        ),
        SettingSpec(
            "report.themes",
            "",
            "Your own theme file (TOML) read beside the shipped themes: its full path; empty "
            "for none.",
            theme_file,
        ),
        SettingSpec(
            "report.organisation",
            "",
            "The organisation's name, on the workbook's Dashboard.",
            one_line,
        ),
        SettingSpec(
            "report.currency",
            "",
            "The currency of salaries and costs, an ISO 4217 code (CNY, EUR, USD); the "
            "workbook's amounts carry it. Empty: amounts without a currency.",
            currency,
        ),
        *(
            SettingSpec(
                f"cost.factor.{level}",
                factor,
                f"Turnover cost: share of a year's salary lost when a {level} person leaves "
                f"({why}).",
                decimal(0, 10),
                show_decimal,
            )
            for level, factor, why in COST_FACTORS
        ),
        *(
            SettingSpec(
                f"cost.salary.{level}",
                salary,
                f"Turnover cost: the yearly salary assumed for a {level} person whose salary "
                "is not known.",
                decimal(0, 100_000_000),
                show_decimal,
            )
            for level, salary in DEFAULT_SALARIES
        ),
        SettingSpec(
            "cost.per_hire",
            "4700",
            "Turnover cost: fixed cost of hiring a replacement (advertising, agency, interviews).",
            decimal(0, 10_000_000),
            show_decimal,
        ),
        SettingSpec(
            "salary.months_per_year",
            "12",
            "Imports: months of pay in a year, to make a yearly salary of a monthly one "
            "(13 or 14 where a 13th or 14th month is paid).",
            whole(1, 24),
        ),
        SettingSpec(
            "forms.remind_after_days",
            "14",
            "Written questionnaire forms not returned this many days after they were issued "
            "appear in followup due as a reminder (0: the day they are issued).",
            whole(0, 365),
        ),
        SettingSpec("smtp.host", "", "Mail server for followup due --email.", one_line),
        SettingSpec("smtp.port", "587", "Mail server port.", whole(1, 65535)),
        SettingSpec(
            "smtp.user",
            "",
            "Mail server login (the password is read from RETAINKIT_SMTP_PASSWORD).",
            one_line,
        ),
        SettingSpec(
            "smtp.starttls", "on", "Encrypt with STARTTLS: on or off.", on_off, show_on_off
        ),
        SettingSpec("smtp.from", "", "Sender address of the digest.", one_line),
        SettingSpec(
            "notify.top",
            "10",
            "Chat digest (followup due --notify): how many of the most important items it "
            "lists, one line each, after the counts.",
            whole(1, 50),
        ),
        SettingSpec(
            "notify.timeout",
            "10",
            "Chat channels: seconds to wait for a platform's answer (digest, retries).",
            whole(1, 120),
        ),
        SettingSpec(
            "notify.urgent_timeout",
            "3",
            "Chat channels: seconds an interview waits for an urgent flag to be taken; what "
            "is not is sent by the next followup due.",
            whole(1, 30),
        ),
        SettingSpec(
            "notify.retry_after_max",
            "60",
            "Chat channels: the longest a digest waits when a platform asks it to come back "
            "later (HTTP 429 Retry-After), in seconds.",
            whole(0, 600),
        ),
    )
}
