"""No database row outlives its transaction: services return frozen records built inside it.

Two guards. At run time, rows expire when their transaction commits (SQLAlchemy's default),
so a row read after its block ends raises instead of showing stale values; every test that
runs a command exercises that. And statically, no public function of core, reports or demo
that opens its own transaction (it takes a Database) declares a storage model in what it
returns, directly, in a container, or in a field of a record it returns.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm.exc import DetachedInstanceError

import retainkit.storage.models as models
from retainkit.cli.context import wall_clock
from retainkit.storage.database import Database
from retainkit.storage.models import Base, Person

SOURCE = Path(__file__).resolve().parent.parent / "src" / "retainkit"
SERVICE_PACKAGES = ("core", "reports", "demo")
MODEL_NAMES = frozenset(
    name
    for name, value in vars(models).items()
    if inspect.isclass(value) and issubclass(value, Base) and value is not Base
)


def test_a_row_read_after_its_transaction_raises_instead_of_showing_stale_values(
    sqlite_db: Path,
) -> None:
    db = Database(sqlite_db, now=wall_clock)
    with db.write() as session:
        person = Person(employee_no="E1", name="Ada Lovelace")
        session.add(person)
        session.flush()
        kept = (person.id, person.name)  # what a service copies into its record
    assert kept[1] == "Ada Lovelace"
    with pytest.raises(DetachedInstanceError):
        _ = person.name
    with db.read() as session:
        found = session.get(Person, kept[0])
        assert found is not None
    with pytest.raises(DetachedInstanceError):
        _ = found.employee_no


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for package in SERVICE_PACKAGES:
        for path in sorted((SOURCE / package).rglob("*.py")):
            yield str(path.relative_to(SOURCE)), ast.parse(path.read_text(encoding="utf-8"))


def _names(annotation: ast.expr | None) -> set[str]:
    """Every name an annotation mentions, string annotations included."""
    found: set[str] = set()
    for node in ast.walk(annotation) if annotation is not None else ():
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= _names(ast.parse(node.value, mode="eval").body)
    return found


def _records() -> dict[str, set[str]]:
    """Each class of the service packages, with the names its field annotations mention."""
    records: dict[str, set[str]] = {}
    for _, module in _modules():
        for node in ast.walk(module):
            if isinstance(node, ast.ClassDef):
                fields = records.setdefault(node.name, set())
                for statement in node.body:
                    if isinstance(statement, ast.AnnAssign):
                        fields |= _names(statement.annotation)
    return records


def _models_in(names: set[str], records: dict[str, set[str]]) -> set[str]:
    """The storage models among `names` and the fields of the records they name."""
    seen: set[str] = set()
    pending = set(names)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in MODEL_NAMES:
            pending |= records.get(name, set()) - seen
    return seen & MODEL_NAMES


def _takes_database(function: ast.FunctionDef) -> bool:
    arguments = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
    return any("Database" in _names(a.annotation) for a in arguments)


def test_no_service_returns_a_database_row() -> None:
    assert {"Person", "Separation", "Interview", "ActionItem", "FollowUp"} <= MODEL_NAMES
    records = _records()
    services = 0
    leaks = []
    for where, module in _modules():
        for node in module.body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and _takes_database(node)
            ):
                services += 1
                leaked = _models_in(_names(node.returns), records)
                if leaked:
                    leaks.append(f"{where}: {node.name} returns {', '.join(sorted(leaked))}")
    assert services > 40  # the scan finds the services
    assert not leaks, "\n".join(leaks)


def test_the_scan_sees_a_row_inside_a_returned_record() -> None:
    records = {"Outcome": {"Listed", "int"}, "Listed": {"Person", "str"}}
    assert _models_in({"list", "Outcome"}, records) == {"Person"}
    assert _models_in({"tuple", "Listed", "bool"}, {"Listed": {"str"}}) == set()
