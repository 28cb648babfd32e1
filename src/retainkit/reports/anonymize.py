"""Stable pseudonyms for exports: the same person gets the same pseudonym in every export
from one database, and nobody can compute it back from an employee number without the
database's own secret key."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retainkit.storage.database import Database

KEY_SETTING = "_pseudonym_key"
"""Stored in the settings table; `config` neither lists nor sets it."""


def pseudonymizer(db: Database) -> Callable[[str], str]:
    """A function from an identifier (employee number, owner name) to its pseudonym."""
    from retainkit.storage.models import Setting

    with db.read() as session:
        stored = session.get(Setting, KEY_SETTING)
        key = stored.value if stored is not None else None
    if key is None:
        with db.write() as session:
            stored = session.get(Setting, KEY_SETTING, with_for_update=True)
            if stored is None:
                stored = Setting(key=KEY_SETTING, value=secrets.token_hex(32))
                session.add(stored)
            key = stored.value
    return keyed(key)


def keyed(key: str) -> Callable[[str], str]:
    """Pseudonyms made with this key (hex): the database's own, or a workbook's."""
    secret = bytes.fromhex(key)

    def pseudonym(identifier: str) -> str:
        digest = hmac.new(secret, identifier.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"P-{digest[:10].upper()}"

    return pseudonym
