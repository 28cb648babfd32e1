"""The whole command tree as one object: for tests and `typer ... utils docs`.

`retainkit` itself builds only the command it runs (retainkit.cli.app.build_app).
"""

from retainkit.cli.app import build_app

app = build_app()
