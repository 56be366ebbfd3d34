"""The household: its people, found by name or id, and who the app acts as."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from astra_tui.core.errors import NotFound, checked
from astra_tui.core.parsing import parse_id
from astra_tui.core.read.db import Reader, limited, one

CURRENT_USER = "current_user_id"  # the settings key of the person the app last acted as


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    transfer_limit: int
    active: bool = True


_USERS = "SELECT id, name, transfer_limit, active FROM users"


def _row(row: Any) -> UserRow:
    return UserRow(row[0], row[1], row[2], bool(row[3]))


def users(db: Reader, limit: int | None = None) -> list[UserRow]:
    """Everyone, in the order they were added."""
    return [_row(r) for r in db.execute(*limited(f"{_USERS} ORDER BY id", (), limit))]


def user(db: Reader, user_id: int) -> UserRow | None:
    found = db.execute(f"{_USERS} WHERE id = ?", (user_id,)).fetchone()
    return None if found is None else _row(found)


def find_user(db: Reader, ref: Any, field: str = "user") -> UserRow:
    """A person by id or by name (names are never all digits, so the two cannot clash)."""
    text = str(ref).strip()
    if text.isascii() and text.isdigit():
        found = user(db, checked(field, parse_id, text))
    else:
        row = db.execute(f"{_USERS} WHERE name = ?", (text,)).fetchone()  # the column compares NOCASE
        found = None if row is None else _row(row)
    if found is None:
        raise NotFound(field, f"no user named or numbered {text!r}")
    return found


def remembered_user_id(db: Reader) -> int | None:
    """The person the app last acted as, if they still exist."""
    try:
        value = one(db, "SELECT value FROM settings WHERE key = ?", (CURRENT_USER,))
    except sqlite3.OperationalError:  # a database from before schema 0004 has no settings yet
        return None
    if value is None or not str(value).isdigit():
        return None
    found: int | None = one(db, "SELECT id FROM users WHERE id = ?", (int(value),))
    return found


def current_user_id(db: Reader) -> int | None:
    """Whom the app opens as: the person it last acted as, else the first person added."""
    first: int | None = one(db, "SELECT min(id) FROM users")
    return remembered_user_id(db) or first
