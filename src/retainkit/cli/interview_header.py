"""The header of a live interview: who the interview is with, the briefing (earlier
interviews and their reasons, the last follow-up's conclusion, the actions promised, HR's
notes), and the purpose statement to read out.

The briefing is kept short enough that the header, the purpose and the first question fit
one screen: each list shows at most BRIEF_TALL items on a terminal of TALL_ROWS rows or
more (BRIEF_SHORT below), the rest counted in "and N more"; each line is cut to the width
of the terminal, never wrapped. Stored text is shown through `terminal.visible`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from retainkit.base.words import code_word
from retainkit.cli.asking import word
from retainkit.cli.output import console
from retainkit.cli.terminal import plain

if TYPE_CHECKING:
    from rich.text import Text

    from retainkit.core.interviews.briefing import Briefing, Earlier, PromisedAction
    from retainkit.core.interviews.planning import InterviewPlan

TALL_ROWS = 30
BRIEF_TALL = 3
BRIEF_SHORT = 2
NOTES_LINE = 160
"""HR's notes are shown on one line, their lines joined, cut here (and at the width)."""


def show_header(plan: InterviewPlan, today: date) -> None:
    from rich.console import Group
    from rich.panel import Panel

    lang = plan.lang
    subject = plan.subject
    questionnaire = plan.questionnaire
    screen = console()
    most = BRIEF_TALL if screen.size.height >= TALL_ROWS else BRIEF_SHORT
    name = plain(subject.name, style="bold")
    name.append(f" ({subject.employee_no})")
    role = [
        subject.department,
        subject.title,
        word("tenure", lang).format(tenure=_tenure(subject.tenure_months(today), lang)),
        word("last_day", lang).format(day=subject.last_day.isoformat())
        if subject.last_day
        else None,
    ]
    lines = [name, _line(" · ".join(part for part in role if part))]
    if subject.suggested and plan.kind == "exit":
        lines.append(_line(word("suggested", lang).format(who=_suggested(subject.suggested, lang))))
    lines += briefing_lines(subject.briefing, lang, most)
    if plan.resumed:
        kept = len(plan.answers)
        resuming = word("resuming_one" if kept == 1 else "resuming", lang)
        lines.append(_line(resuming.format(id=plan.interview_id, n=kept)))
        unsaved = plan.unsaved and questionnaire.question(plan.unsaved[0])
        if unsaved:
            number = questionnaire.questions.index(unsaved) + 1
            lines.append(_line(word("typed_back", lang).format(n=number)))
    screen.print(Panel(Group(*lines), title=plain(_title(plan)), title_align="left"))
    purpose = questionnaire.purpose_statement(lang)
    if purpose and not plan.resumed:
        screen.print(Panel(plain(purpose), title=word("purpose", lang), title_align="left"))


def _title(plan: InterviewPlan) -> str:
    from retainkit.core.library import BUILTIN_KEYS

    questionnaire = plan.questionnaire
    # a built-in questionnaire's key is a code its label says in the interview's language
    key = "title_builtin" if questionnaire.key in BUILTIN_KEYS else "title_version"
    return word(key, plan.lang).format(
        label=questionnaire.label(plan.lang), key=questionnaire.key, version=questionnaire.version
    )


def _suggested(suggested: tuple[str, tuple[str, str | None]], lang: str) -> str:
    role, (rule, value) = suggested
    why = {
        "high_performer": word("why_high_performer", lang),
        "performance": word("why_performance", lang).format(n=value),
        "level": word("why_level", lang).format(
            level=code_word(value or "", lang) if lang == "zh" else value  # as the setting
        ),
    }.get(rule, word("the default", lang))
    return word("suggested_why", lang).format(role=word(role, lang), why=why)


def briefing_lines(briefing: Briefing, lang: str, most: int) -> list[Text]:
    """The briefing as lines of the header: each list at most `most` lines long."""
    lines: list[Text] = []
    if briefing.earlier:
        lines.append(plain(word("earlier", lang), style="bold"))
        lines += _capped(
            [_earlier(item, lang) for item in briefing.earlier], briefing.earlier_total, most, lang
        )
    if briefing.last_followup:
        day, conclusion = briefing.last_followup
        lines.append(
            _line(word("last_followup", lang).format(day=day.isoformat(), conclusion=conclusion))
        )
    if briefing.actions:
        lines.append(plain(word("actions_heading", lang), style="bold"))
        lines += _capped(
            [_action(item, lang) for item in briefing.actions], briefing.actions_total, most, lang
        )
    if briefing.notes:
        joined = " / ".join(part.strip() for part in briefing.notes.splitlines() if part.strip())
        if len(joined) > NOTES_LINE:
            joined = joined[: NOTES_LINE - 1] + "…"
        lines.append(_line(word("hr_notes", lang).format(notes=joined)))
    return lines


def _capped(items: Sequence[str], total: int, most: int, lang: str) -> list[Text]:
    """Up to `most` lines: the items, or one fewer and "and N more" when they do not fit."""
    if total <= most:
        return [_line("  " + item) for item in items[:most]]
    shown = [_line("  " + item) for item in items[: most - 1]]
    more = word("earlier_more", lang).format(n=total - (most - 1))
    return [*shown, _line(f"  … {more}")]


def _line(text: str) -> Text:
    """A line of the header, cut at the panel's width with an ellipsis, never wrapped."""
    line = plain(text)
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def _earlier(item: Earlier, lang: str) -> str:
    """One earlier interview or separation, with the reasons given and the risk."""
    status = word("completed_status" if item.status == "completed" else item.status, lang)
    key = "earlier_separation" if item.what == "separation" else "earlier_interview"
    line = word(key, lang).format(
        day=item.day.isoformat(), id=item.id, kind=word(item.kind, lang), status=status
    )
    if item.retention_risk:
        line += word("earlier_risk", lang).format(risk=risk_word(item.retention_risk, lang))
    if item.primary or item.contributing:
        reasons = _reasons(item, lang)
        label = "hr_recorded" if item.what == "separation" else "earlier_reasons"
        line += ("；" if lang == "zh" else "; ") + word(label, lang).format(reasons=reasons)
    return line


def risk_word(risk: str, lang: str) -> str:
    """A retention risk as the interview screens say it: green, yellow, red (低（绿）...)."""
    return code_word(risk, lang) if lang == "zh" else risk


def _reasons(item: Earlier, lang: str) -> str:
    from retainkit.core.reasons import taxonomy

    reasons = taxonomy()

    def name(code: str) -> str:
        reason = reasons.get(code)
        return reason.label(lang) if reason else code

    names = [word("primary_mark", lang).format(reason=name(item.primary))] if item.primary else []
    names += [name(code) for code in item.contributing]
    return ("、" if lang == "zh" else ", ").join(names)


def _action(item: PromisedAction, lang: str) -> str:
    status = word("action_status_" + item.status, lang)
    number = f"#{item.id}"
    if item.status in ("open", "in_progress"):
        key = "action_line_open" if item.due_date else "action_line_undated"
        due = item.due_date.isoformat() if item.due_date else ""
        line = word(key, lang).format(id=number, title=item.title, status=status, due=due)
    else:
        day = item.done_on.isoformat() if item.done_on else ""
        line = (
            word("action_line_closed", lang)
            .format(id=number, title=item.title, status=status, day=day)
            .rstrip()
        )
    if item.outcome:
        line += word("action_outcome", lang).format(outcome=item.outcome)
    return line


def _tenure(months: int | None, lang: str) -> str:
    if months is None:
        return word("unknown", lang)
    years, months = divmod(months, 12)
    if years:
        return word("years_months", lang).format(y=years, m=months)
    return word("months", lang).format(m=months)
