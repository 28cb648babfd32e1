"""Write a new migration from the difference between the models and the current head."""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config

from retainkit.storage.database import MIGRATIONS_DIR, Database, head_revision


def _no_clock() -> datetime:
    raise RuntimeError("writing a migration stamps no rows")


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Database(Path(folder) / "head.db", now=_no_clock)
        engine = database.engine()
        next_id = f"{int(head_revision()) + 1:04d}"
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=message, autogenerate=True, rev_id=next_id)
        database.close()


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "change")
