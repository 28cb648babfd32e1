"""A PostgreSQL URL that cannot be parsed, in --db or RETAINKIT_DB: one line, exit 2, the
password never shown (it was an internal error, exit 1)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from retainkit.cli.tree import app

CASES = [
    (
        "postgresql+psycopg://hr:s3cret@db.example.org:notaport/retainkit",
        "the port must be a number",
    ),
    ("postgresql+psycopg://hr:s3cret@[::1:5432/retainkit", "an IPv6 address needs its closing ]"),
    ("postgresql://hr@[::1/retainkit", "an IPv6 address needs its closing ]"),
]


@pytest.mark.parametrize(("url", "reason"), CASES)
@pytest.mark.parametrize("given", ["--db", "RETAINKIT_DB"])
def test_a_url_that_cannot_be_parsed_is_one_line(
    url: str, reason: str, given: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["people", "list"]
    if given == "--db":
        args = ["--db", url, *args]
    else:
        monkeypatch.setenv("RETAINKIT_DB", url)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --db / RETAINKIT_DB 'postgresql")
    assert f"is not a database URL ({reason}); write it like postgresql+psycopg://" in line
    assert "s3cret" not in result.output
