"""What only a person import has: fields a file may give instead of the stored ones (pay
per month, years of service), and the rows made ready to store.

- `monthly_salary` (月薪): multiplied by the months paid in a year (setting
  salary.months_per_year, 12 by default, 13 or 14 where that is paid); the person keeps
  the months, so the cost report can say which salaries were converted.
- `tenure` (years of service, 司龄): stands in for a missing hire date, counted back in
  whole months from the day the export was made (`--as-of`); such hire dates are
  approximate, and said so.
- `first_name` and `last_name`: make the name where the file has no full name (Ruiz Ana
  becomes "Ana Ruiz"; Chinese names family name first, without a space: 王 伟 is 王伟).
- No name column (an anonymised extract): with `--no-names`, new people are stored under
  their employee number as their name, and shown by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from retainkit.base.errors import InputError
from retainkit.core.fields import PERSON_FIELDS, PersonField, clean_text, parse_int
from retainkit.core.import_columns import ParsedRows

SALARY_LIMIT = 100_000_000


def _monthly(raw: Any) -> float | None:
    if raw is None:
        return None
    number = float(raw)
    if not 0 <= number <= SALARY_LIMIT / 12:
        raise ValueError("the value is out of range; expected a monthly amount such as 5400")
    return number


_YEARS_MONTHS = re.compile(
    r"(?:(\d+(?:[.,]\d+)?)\s*(?:年|years?|yrs?|y|J(?:ahre?)?))?\s*"
    r"(?:(\d+)\s*(?:个月|月|months?|mos?|m|Monate?))?"
)


def _years(raw: Any) -> float | None:
    """Years of service: 3.5, or 3年6个月 / 3 years 6 months as Chinese and other HR
    systems write them."""
    if raw is None:
        return None
    if isinstance(raw, str) and re.fullmatch(r"\d+(?:[.,]\d+)?", raw.strip()):
        raw = float(raw.strip().replace(",", "."))
    if isinstance(raw, str):
        found = _YEARS_MONTHS.fullmatch(raw.strip())
        if found and any(found.groups()):
            years, months = found.groups()
            raw = float((years or "0").replace(",", ".")) + int(months or 0) / 12
        else:
            raise ValueError("the value is not a number of years (like 3.5 or 3年6个月)")
    number = float(raw)
    if not 0 <= number <= 80:
        raise ValueError("the value is out of range; expected years of service from 0 to 80")
    return number


MONTHLY_SALARY = PersonField(
    "monthly_salary",
    "Monthly salary: made yearly with the setting salary.months_per_year.",
    _monthly,
    aliases=(
        "monthly salary",
        "monthly pay",
        "monthly base salary",
        "monatsgehalt",
        "月薪",
        "月工资",
        "月薪资",
        "基本月薪",
    ),
)
TENURE = PersonField(
    "tenure",
    "Years of service: stands in for a missing hire date, counted back from --as-of.",
    _years,
    aliases=("years of service", "service years", "length of service", "司龄", "司龄年", "工龄"),
)
FIRST_NAME = PersonField(
    "first_name",
    "Given name: with last_name, makes the name when the file has no full name.",
    clean_text,
    aliases=("first name", "given name", "firstname", "forename", "vorname", "名"),
)
LAST_NAME = PersonField(
    "last_name",
    "Family name: with first_name, makes the name when the file has no full name.",
    clean_text,
    aliases=("last name", "surname", "family name", "lastname", "nachname", "姓"),
)
MORE_ALIASES = {
    "employee_no": (
        "worker id", "employee #", "user id", "person id external", "personnel number",
        "personalnummer", "staff id", "员工工号", "职工编号",
    ),
    "name": ("legal name", "display name", "worker", "员工姓名"),
    "email": ("work email", "primary work email", "business email", "工作邮箱", "企业邮箱"),
    "phone": ("work phone", "mobile phone", "手机号", "手机号码", "联系电话"),
    "department": ("supervisory organization", "abteilung", "所属部门", "主部门"),
    "title": ("business title", "position title", "job", "stelle", "岗位", "职务"),
    "level": ("management level", "job grade", "pay grade", "职等"),
    "manager_no": (
        "manager id", "supervisor id", "reports to id", "manager user id", "直接上级工号",
        "上级工号", "直属上级工号",
    ),
    "location": ("work location", "primary location", "standort", "工作地点", "办公地点"),
    "hire_date": ("original hire date", "eintrittsdatum", "eintritt", "入职时间"),
    "performance": ("last performance rating", "绩效等级", "绩效评级"),
    "salary": (
        "annual base pay", "total base pay annualized", "total base pay annualized amount",
        "annual salary", "jahresgehalt",
    ),
}  # fmt: skip
"""Headers of the HR systems in docs/importing.md, found without a --map."""
IMPORT_FIELDS = (
    *(replace(f, aliases=f.aliases + MORE_ALIASES.get(f.name, ())) for f in PERSON_FIELDS),
    MONTHLY_SALARY,
    TENURE,
    FIRST_NAME,
    LAST_NAME,
)
"""The fields a person import file can fill."""


def months_before(day: date, months: int) -> date:
    """The same day of the month, `months` earlier (the month's last day if it is shorter)."""
    import calendar

    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Ready:
    """Rows as the person table takes them, and what was made of the file on the way."""

    fields: list[str]
    rows: list[tuple[Any, ...]]
    converted: int
    """Salaries made yearly from monthly pay."""
    approximate: int
    """Hire dates counted back from years of service."""
    unnamed: list[int]
    """Indexes of rows without a name (stored under the employee number with --no-names)."""


def check_columns(parsed: ParsedRows) -> None:
    """A file gives a yearly or a monthly salary, not both."""
    if "salary" in parsed.fields and "monthly_salary" in parsed.fields:
        yearly, monthly = (
            next(h for h, f in parsed.mapped.items() if f == name)
            for name in ("salary", "monthly_salary")
        )
        raise InputError(
            f"columns {yearly!r} and {monthly!r} give a yearly and a monthly salary; leave "
            f"one out with --map '{monthly}=-' or --map '{yearly}=-'"
        )


def ready(parsed: ParsedRows, *, months: int, as_of: date | None) -> Ready:
    """The parsed rows as person rows: monthly pay made yearly, tenure made a hire date."""
    check_columns(parsed)
    fields = list(parsed.fields)
    index = {name: at for at, name in enumerate(fields)}
    if "first_name" in index or "last_name" in index:
        parsed = _with_full_names(parsed)
        fields = list(parsed.fields)
        index = {name: at for at, name in enumerate(fields)}
    monthly, tenure = index.get("monthly_salary"), index.get("tenure")
    hire = index.get("hire_date")
    converted = approximate = 0
    needs_as_of = tenure is not None and any(
        row[tenure] is not None and (hire is None or row[hire] is None) for row in parsed.rows
    )
    if needs_as_of and as_of is None:
        raise InputError(
            "the file gives years of service instead of hire dates; say on which day they "
            "were counted (the day of the export) with --as-of YYYY-MM-DD"
        )
    if monthly is None and tenure is None:
        unnamed = _unnamed(parsed, index.get("name"))
        return Ready(fields, parsed.rows, 0, 0, unnamed)  # as they are: nothing to make
    out_fields = [f for f in fields if f not in ("monthly_salary", "tenure")]
    if monthly is not None:
        out_fields += ["salary", "salary_months"]
    if tenure is not None and hire is None:
        out_fields.append("hire_date")
    keep = [index[f] for f in fields if f not in ("monthly_salary", "tenure")]
    rows = []
    name = index.get("name")
    unnamed = []
    for at, row in enumerate(parsed.rows):
        values = [row[i] for i in keep]
        if monthly is not None:
            pay = row[monthly]
            if pay is None:
                values += [None, None]
            else:
                yearly = parse_int(round(pay * months), 0, SALARY_LIMIT, "a yearly amount")
                values += [yearly, months]
                converted += 1
        if tenure is not None and row[tenure] is not None and (hire is None or row[hire] is None):
            assert as_of is not None
            counted = months_before(as_of, round(row[tenure] * 12))
            if hire is None:
                values.append(counted)
            else:
                values[keep.index(hire)] = counted
            approximate += 1
        elif tenure is not None and hire is None:
            values.append(None)
        if name is None or row[name] is None:
            unnamed.append(at)
        rows.append(tuple(values))
    return Ready(out_fields, rows, converted, approximate, unnamed)


def _unnamed(parsed: ParsedRows, name: int | None) -> list[int]:
    if name is None:
        return list(range(len(parsed.rows)))
    return [at for at, row in enumerate(parsed.rows) if row[name] is None]


def _with_full_names(parsed: ParsedRows) -> ParsedRows:
    """first_name and last_name made one name, where the file has no name of its own."""
    fields = list(parsed.fields)
    first = fields.index("first_name") if "first_name" in fields else None
    last = fields.index("last_name") if "last_name" in fields else None
    name = fields.index("name") if "name" in fields else None
    keep = [at for at, f in enumerate(fields) if f not in ("first_name", "last_name")]
    rows = []
    for row in parsed.rows:
        values = [row[at] for at in keep]
        given = row[first] if first is not None else None
        family = row[last] if last is not None else None
        full = full_name(given, family)
        if name is None:
            values.append(full)
        elif row[name] is None and full is not None:
            values[keep.index(name)] = full
        rows.append(tuple(values))
    out = [fields[at] for at in keep] + ([] if name is not None else ["name"])
    return replace(parsed, fields=out, rows=rows)


def full_name(given: str | None, family: str | None) -> str | None:
    if not given or not family:
        return given or family
    if _cjk(given) and _cjk(family):
        return f"{family}{given}"
    return f"{given} {family}"


def _cjk(text: str) -> bool:
    return all("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)
