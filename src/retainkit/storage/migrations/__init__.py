"""Alembic migrations, configured in code by retainkit.storage.database (no alembic.ini).

To add one after changing a model in storage/models/:

    python -m retainkit.storage.migrations "what changed"

which writes the next numbered file in versions/ from the difference between the models and
a database at the current head.
"""
