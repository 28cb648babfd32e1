"""A separate process that appends numbered notes to one person through core.people."""

from __future__ import annotations

import sys
from datetime import date

from retainkit.cli.context import wall_clock
from retainkit.core.people import add_note
from retainkit.storage.database import Database


def main(location: str, employee_no: str, tag: str, count: int) -> None:
    db = Database(location, now=wall_clock)
    for number in range(count):
        add_note(db, employee_no, f"{tag}-{number}", date(2026, 1, 1))
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
