"""What the reliability tests share as fixtures."""

from __future__ import annotations

import pytest

from tests.conftest import Run


@pytest.fixture
def org(sqlite_cli: Run) -> Run:
    """Two people, one of them leaving: the organisation bad input is tried on."""
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Stays Here")
    sqlite_cli("people", "add", "--employee-no", "E2", "--name", "Leaves Soon")
    sqlite_cli("depart", "E2", "--last-day", "2026-03-31", "--kind", "voluntary")
    return sqlite_cli
