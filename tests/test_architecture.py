"""The architecture, checked: only the CLI reads the clock, modules stay small, the layers
contracts catch an upward import, and private names stay in their module."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "retainkit"
MAX_LINES = 400

# What reads the clock: (what it is called on, the method). `datetime` and `date` are the
# classes of the datetime module, `time` the time module.
CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("time", "time_ns"),
    ("date", "fromtimestamp"),
}


def modules(*under: str) -> list[Path]:
    """The package's modules (under the given subpackages), migrations' versions excluded."""
    roots = [PACKAGE / name for name in under] or [PACKAGE]
    found = sorted(p for root in roots for p in root.rglob("*.py"))
    return [p for p in found if "migrations/versions" not in p.as_posix()]


def name(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def clock_calls(source: str) -> list[str]:
    """Every call in the source that reads the clock, however datetime and time were
    imported (`import datetime as dt`, `from datetime import date as day`, ...)."""
    tree = ast.parse(source)
    # A local name -> what it stands for: "datetime" and "time" (the modules) or
    # "datetime.date", "datetime.datetime", "time.time" and the like.
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("datetime", "time"):
                    bound[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module in ("datetime", "time"):
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def meaning(expr: ast.expr) -> str | None:
        if isinstance(expr, ast.Name):
            return bound.get(expr.id)
        if isinstance(expr, ast.Attribute):
            outer = meaning(expr.value)
            return f"{outer}.{expr.attr}" if outer else None
        return None

    forbidden = {f"datetime.{cls}.{method}" for cls, method in CLOCK_CALLS if cls != "time"}
    forbidden |= {f"time.{method}" for cls, method in CLOCK_CALLS if cls == "time"}
    return [
        f"l.{node.lineno}: {ast.unparse(node.func)}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and meaning(node.func) in forbidden
    ]


@pytest.mark.parametrize(
    "source",
    [
        "from datetime import date\ndate.today()",
        "from datetime import date as day\nday.today()",
        "import datetime\ndatetime.date.today()",
        "import datetime as dt\ndt.datetime.now(dt.UTC)",
        "from datetime import datetime\ndatetime.utcnow()",
        "from datetime import datetime\ndatetime.today()",
        "import time\ntime.time()",
        "from time import time\ntime()",
        "from time import time_ns as ns\nns()",
        "from datetime import date\ndate.fromtimestamp(0)",
    ],
)
def test_the_clock_check_finds_every_spelling(source: str) -> None:
    assert len(clock_calls(source)) == 1, source


def test_the_clock_check_leaves_other_calls_alone() -> None:
    source = (
        "import time\nfrom datetime import date, datetime\n"
        "def utcnow(context): return context\n"
        "time.monotonic(); date.fromisoformat('2026-11-30'); datetime.combine(d, t)\n"
        "utcnow(1); now(); today()"
    )
    assert clock_calls(source) == []


def test_core_reports_and_storage_never_read_the_clock() -> None:
    """Today and the current time come from the CLI (cli/context.py: read_clock), so every
    rule can be tested at any date."""
    calls = {
        name(path): found
        for path in modules("core", "reports", "storage")
        if (found := clock_calls(path.read_text(encoding="utf-8")))
    }
    assert calls == {}


def test_no_module_is_over_400_lines() -> None:
    sizes = {name(path): len(path.read_text(encoding="utf-8").splitlines()) for path in modules()}
    assert {module: lines for module, lines in sizes.items() if lines > MAX_LINES} == {}


def is_private(name: str) -> bool:
    """A leading underscore; dunder names such as __version__ are public."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """`from retainkit.x import _y` (and relative spellings) in the module `module`."""
    package = module if is_package else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1])
            origin = f"{base}.{node.module}" if node.module else base
        else:
            origin = node.module or ""
        if origin.split(".")[0] != "retainkit" or origin == module:
            continue
        found += [f"{origin}.{a.name}" for a in node.names if is_private(a.name)]
    return found


def test_the_private_import_check_finds_absolute_and_relative_spellings() -> None:
    source = (
        "from retainkit.core.separations import _replan_after\n"
        "from .followups import _due, plan\n"
        "from . import _shared\n"
        "from retainkit.base.errors import InputError\n"
        "from retainkit import __version__\n"
        "from __future__ import annotations\n"
    )
    assert private_imports(source, "retainkit.core.people") == [
        "retainkit.core.separations._replan_after",
        "retainkit.core.followups._due",
        "retainkit.core._shared",
    ]
    assert private_imports("from .people import _x", "retainkit.core", is_package=True) == [
        "retainkit.core.people._x"
    ]


def test_no_private_name_is_imported_from_another_module() -> None:
    found = {}
    for path in modules():
        module = name(path).removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        source = path.read_text(encoding="utf-8")
        if imports := private_imports(source, module, is_package=path.name == "__init__.py"):
            found[name(path)] = imports
    assert found == {}


# -- the import contracts catch a deliberate upward import ------------------------------


def importlinter_section() -> str:
    """pyproject.toml's [tool.importlinter] tables, as written there."""
    kept, inside = [], False
    for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            inside = line.strip("[] ").startswith("tool.importlinter")
        if inside:
            kept.append(line)
    text = "\n".join(kept) + "\n"
    original = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert tomllib.loads(text)["tool"]["importlinter"] == original["tool"]["importlinter"]
    return text


@pytest.mark.parametrize(
    ("module", "imported", "contract"),
    [
        ("core/schedule.py", "retainkit.cli.context", "Layers"),
        ("storage/bulk.py", "retainkit.core.schedule", "Layers"),
        ("reports/turnover.py", "retainkit.cli.output", "Layers"),
        ("core/schedule.py", "typer", "Only the CLI knows the terminal"),
    ],
)
def test_lint_imports_names_a_deliberate_upward_import(
    tmp_path: Path, module: str, imported: str, contract: str
) -> None:
    copy = tmp_path / "src" / "retainkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    section = importlinter_section()
    (tmp_path / "pyproject.toml").write_text(section, encoding="utf-8")
    target = copy / module
    lines = target.read_text(encoding="utf-8").splitlines()
    target.write_text("\n".join([*lines, f"import {imported}  # upward, on purpose", ""]))
    line = len(lines) + 1
    importer = "retainkit." + module.removesuffix(".py").replace("/", ".")

    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(tmp_path / "src"), str(ROOT)])}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import retainkit, sys; assert retainkit.__file__.startswith(sys.argv[1]); "
            "from importlinter.cli import lint_imports_command; "
            "sys.argv[1:] = ['--no-cache']; lint_imports_command()",
            str(copy),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = " ".join(done.stdout.split())  # rich wraps long lines
    assert done.returncode != 0, output
    broken = output.partition("Broken contracts")[2]
    chain = broken.find(f"{importer} -> {imported} (l.{line})")
    assert chain >= 0, output
    # ...under the contract it breaks: the last contract named before it.
    contracts = tomllib.loads(section)["tool"]["importlinter"]["contracts"]
    headings = [(broken.find(c["name"]), c["name"]) for c in contracts if c["name"] in broken]
    assert max(h for h in headings if h[0] < chain)[1].startswith(contract), output
