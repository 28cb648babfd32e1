"""retainkit's benchmark: whole-process timings and peak memory, printed as a table.

    python bench/run.py                    # everything, default sizes
    python bench/run.py startup            # one benchmark
    python bench/run.py import --rows 20000
    python bench/run.py separations --rows 100000
    python bench/run.py export --interviews 50000
    python bench/run.py themes             # precision and recall of the comment themes

Every figure is a whole process started the way a person or cron starts it, measured with
os.wait4 (wall time and peak resident memory). Files go to a temporary folder unless --keep.
Each scenario is a module of bench/scenarios/; this script chooses and runs them, and runs
their preparation steps in processes of their own (`_prepare STEP ...`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import databases
from scenarios import (
    export,
    followup,
    people_import,
    privacy,
    separation_import,
    startup,
    themes,
)

SCENARIOS = {
    "startup": startup,
    "import": people_import,
    "separations": separation_import,
    "followup": followup,
    "export": export,
    "privacy": privacy,
    "themes": themes,
}
PREPARE: dict[str, Callable[[list[str]], None]] = {
    **databases.PREPARE,
    **{step: how for scenario in SCENARIOS.values() for step, how in scenario.PREPARE.items()},
}


def main() -> None:
    if sys.argv[1:2] == ["_prepare"]:
        PREPARE[sys.argv[2]](sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", nargs="*", default=list(SCENARIOS))
    parser.add_argument(
        "--interviews",
        type=int,
        default=50_000,
        help="interviews for the export and privacy benches",
    )
    parser.add_argument("--people", type=int, default=100_000, help="people for followup")
    parser.add_argument("--rows", type=int, default=100_000, help="rows for the import benches")
    parser.add_argument("--repeat", type=int, default=15, help="runs for the start-up bench")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="retainkit-bench-"))
    results: list[tuple[str, str]] = []
    try:
        for name in options.which:
            if name not in SCENARIOS:
                raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(SCENARIOS)}")
            results += SCENARIOS[name].bench(folder, options)
    finally:
        if options.keep:
            shutil.copytree(folder, options.keep, dirs_exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
    width = max(len(label) for label, _ in results)
    print(f"retainkit benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for label, value in results:
        print(f"{label:<{width}}  {value:>10}")


if __name__ == "__main__":
    main()
