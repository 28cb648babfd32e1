"""A separate process for the concurrency test: works the contact plan, or saves interviews.

    python mixed_worker.py LOCATION followups N   # N operations: due, log, due, log, ...
    python mixed_worker.py LOCATION interviews N ANSWERS_FILE

Prints one line per committed change ("logged FOLLOWUP_ID" or "saved INTERVIEW_ID").
"""

from __future__ import annotations

import sys
from pathlib import Path

from retainkit.cli.context import read_clock
from retainkit.core.agenda import DueItem, due
from retainkit.core.followups import log_contact
from retainkit.core.interviews.written import record_written
from retainkit.storage.database import Database

TODAY, NOW = read_clock()  # RETAINKIT_TODAY, which the test that runs this pins


def followups(db: Database, count: int) -> None:
    rows: list[DueItem] = []
    for number in range(count):
        if number % 2 == 0:
            rows = [r for r in due(db, today=TODAY, within=3650) if r.source == "contact"]
            continue
        target = rows[0].id
        log_contact(db, f"#{target}", outcome="reached", today=TODAY, channel="phone")
        print(f"logged {target}", flush=True)


def interviews(db: Database, count: int, answers: Path) -> None:
    for _ in range(count):
        done = record_written(db, "E1", "stay", answers, today=TODAY, lang="en")
        print(f"saved {done.interview_id}", flush=True)


def main() -> None:
    location, job, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = Database(location, now=NOW)
    if job == "followups":
        followups(db, count)
    else:
        interviews(db, count, Path(sys.argv[4]))
    db.close()


if __name__ == "__main__":
    main()
