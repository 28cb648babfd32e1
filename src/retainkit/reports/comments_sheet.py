"""The workbook's Comments sheet: leavers whose comments touch each theme, by department
over the whole range (nothing of a department with comments from fewer than
report.min_comments leavers); with `export excel --quotes`, below them the comments of the
departments shown, every name, employee number, email and phone of a person of the
organisation in them replaced by a pseudonym."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from retainkit.reports.comments import comment_cells, comment_themes
from retainkit.reports.groups import Namer
from retainkit.reports.model import SUPPRESSED, Options, Report, word
from retainkit.reports.notes import in_language
from retainkit.reports.periods import whole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.core.themes.loading import ThemeSet
    from retainkit.reports.writer import Writer

BY = "department"
QUOTE_WIDTHS = (24.0, 30.0, 36.0, 90.0)


@dataclass(frozen=True)
class CommentsPart:
    """What the Comments sheet shows: the counts, and with --quotes the quotes, sorted,
    with how many comments of departments not shown were left out."""

    counts: Report
    quotes: list[tuple[str, str, str, str]] | None = None
    """(department, themes, question asked, pseudonymised text)"""
    left_out: int = 0


def comments_part(
    session: Session, opts: Options, pseudonym: Callable[[str], str] | None
) -> CommentsPart:
    """The Comments sheet's contents; `pseudonym` is the workbook's own (with --anonymize)."""
    from retainkit.core.themes.loading import configured

    themes = configured(session)
    chosen = replace(opts, by=BY, spans=[whole(opts.start, opts.end)])
    namer = Namer(session, BY, opts.lang, pseudonym)
    report = comment_themes(session, chosen, namer, themes)
    total = chosen.spans[0].label
    # a theme's code is an English key: the Chinese workbook names the theme only
    dropped = {total, "code"} if opts.lang == "zh" else {total}
    report.columns = [c for c in report.columns if c.key not in dropped]
    part = CommentsPart(collapsed(report, opts.lang))
    if opts.quotes:
        part = _quotes(part, session, chosen, themes, namer, pseudonym)
    return part


def write_comments(writer: Writer, part: CommentsPart, lang: str) -> None:
    """The Comments sheet: the counts, and the quotes below them."""
    sheet = writer.report("comments_sheet", part.counts)
    if part.quotes is None:
        return
    sheet.append([])
    writer.header(sheet, [word(k, lang) for k in (BY, "theme", "asked", "quote")])
    for department, labels, question, text in part.quotes:
        sheet.append([writer.cell(sheet, v, "text") for v in (department, labels, question)]
                     + [_wrapped(writer, sheet, text)])  # fmt: skip
    sheet.append([])
    note = (
        f"Quotes: {len(part.quotes)} comments, names (first or last names alone too), "
        f"employee numbers, emails and phones replaced by pseudonyms; sensitive answers never "
        f"shown; {part.left_out} comments of departments under report.min_comments left out."
    )
    sheet.append([writer.cell(sheet, in_language(note, lang), "text")])


def collapsed(report: Report, lang: str) -> Report:
    """The counts without pages of `*`: a department whose every count is hidden is left
    out, named in a note; in a department shown, two or more hidden themes are one row
    saying how many (its count `*`). Nothing hidden is shown: a row of `*` only gives way
    to a line saying that it was there."""
    runs: dict[Any, list[dict[str, Any]]] = {}
    for row in report.rows:
        runs.setdefault(row.get(BY), []).append(row)
    rows: list[dict[str, Any]] = []
    left_out: list[str] = []
    for group, run in runs.items():
        hidden = [r for r in run if r.get("total") is SUPPRESSED]
        if len(hidden) == len(run):
            left_out.append(str(group))
            continue
        rows += [r for r in run if r.get("total") is not SUPPRESSED]
        if len(hidden) == 1:
            rows += hidden
        elif hidden:
            theme = word("themes_hidden", lang).format(n=len(hidden))
            rows.append({BY: group, "code": "", "theme": theme, "total": SUPPRESSED})
    notes = list(report.notes)
    if left_out:
        colon = "：" if lang == "zh" else ": "
        notes.insert(0, word("groups_left_out", lang) + colon + ", ".join(left_out))
    return replace(report, rows=rows, notes=notes)


def _quotes(
    part: CommentsPart,
    session: Session,
    opts: Options,
    themes: ThemeSet,
    namer: Namer,
    pseudonym: Callable[[str], str] | None,
) -> CommentsPart:
    """The comments of the departments whose themes are shown, pseudonymised, to go below
    the counts."""
    cells = comment_cells(session, opts, themes)
    scrub = _scrubber(session, pseudonym, word("a_name", opts.lang))
    texts = _question_texts(session, opts.lang)
    left_out = 0
    rows: list[tuple[str, str, str, str]] = []
    for comment in cells.comments:
        group = cells.place[comment.separation_id][0]
        if not cells.shown_group(group):
            left_out += 1
            continue
        labels = ", ".join(t.label(opts.lang) for t in themes.themes if t.key in comment.themes)
        question = texts.get(comment.question, comment.question)
        rows.append((str(namer(group)), labels, question, scrub(comment.text)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return replace(part, quotes=rows, left_out=left_out)


def _wrapped(writer: Writer, sheet: Any, text: str) -> Any:
    cell = writer.cell(sheet, text, "text")
    if cell is not None and not isinstance(cell, str):
        cell.alignment = writer.wrapped
    return cell


def _scrubber(
    session: Session, pseudonym: Callable[[str], str] | None, shared: str
) -> Callable[[str], str]:
    """Text with every person's name, employee number, email and phone as the person's
    pseudonym: the workbook's (--anonymize), else one from the database's pseudonym key,
    else one made for this workbook alone; then a given or family name written alone
    (core.scrub.NameWords), `shared` where several people bear it."""
    import secrets

    from sqlalchemy import select

    from retainkit.core.scrub import Finder, NameWords
    from retainkit.reports.anonymize import KEY_SETTING, keyed
    from retainkit.storage.models import Person, Setting

    if pseudonym is None:
        stored = session.get(Setting, KEY_SETTING)
        pseudonym = keyed(stored.value if stored is not None else secrets.token_hex(32))
    replacements: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    people = select(Person.employee_no, Person.name, Person.email, Person.phone)
    for number, name, *others in session.execute(people):
        alias = pseudonym(number)
        for needle in (number, name, *others):
            if needle and len(needle.strip()) >= 2:
                replacements.setdefault(needle.strip().lower(), alias)
        if name:
            names.append((name, alias))
    if not replacements:
        return lambda text: text
    whole, alone = Finder(replacements), NameWords(names, shared)
    return lambda text: alone.replace(whole.replace(text))


def _question_texts(session: Session, lang: str) -> dict[str, str]:
    from sqlalchemy import select

    from retainkit.core.library import parse_stored
    from retainkit.storage.models import QuestionnaireVersion

    texts: dict[str, str] = {}
    rows = session.execute(
        select(QuestionnaireVersion.key, QuestionnaireVersion.version, QuestionnaireVersion.source)
        .where(QuestionnaireVersion.kind == "exit")
        .order_by(QuestionnaireVersion.version)
    )
    for key, version, source in rows:  # newer versions last: their wording wins
        texts |= {q.key: q.text(lang) for q in parse_stored(source, f"{key} {version}").questions}
    return texts
