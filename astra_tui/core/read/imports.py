"""What the book knows about bank files: the rows already imported into an account (by key), the saved CSV
mappings, and which account a file's account goes to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from astra_tui.core.errors import NotFound
from astra_tui.core.read.db import Reader

_CHUNK = 500  # keys asked at once (SQLite's limit of bound values is well above)


@dataclass(frozen=True, slots=True)
class Seen:
    """A row imported before: the transaction it became, as it is now (``exists`` False when that was
    deleted since)."""

    transaction_id: int
    posted_on: str  # YYYY-MM-DD, as a message says it
    amount: int
    description: str
    file_name: str
    exists: bool
    imported_on: str  # the date and amount the bank's file gave it, whatever was corrected since
    imported_amount: int

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> Seen:
        """From a row of ``seen_keys``."""
        _, tid, posted_on, amount, description, file_name, exists, imported_on, imported_amount = row
        return cls(tid, posted_on, amount, description, file_name, bool(exists), imported_on, imported_amount)


# The transaction as it is now (corrected, maybe), or as it was imported when it is deleted.
_COLUMNS = ("SELECT r.key, r.transaction_id, COALESCE(t.posted_on, r.posted_on), COALESCE(t.amount, r.amount), "
            "COALESCE(t.description, r.description), r.file_name, t.id IS NOT NULL, r.posted_on, r.amount "
            "FROM imported_rows r LEFT JOIN transactions t ON t.id = r.transaction_id WHERE r.account_id = ?")


def seen_keys(db: Reader, account_id: int, keys: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    """Of ``keys``, those already imported into the account. A big file is compared with one pass over the
    account's keys (in the order of their index) rather than thousands of lookups."""
    wanted = set(keys)
    if len(wanted) > 20 * _CHUNK:
        rows = (row for row in db.execute(_COLUMNS, (account_id,)) if row[0] in wanted)
    else:
        ordered = sorted(wanted)
        rows = (row for start in range(0, len(ordered), _CHUNK) for row in db.execute(
            f"{_COLUMNS} AND r.key IN ({','.join('?' * len(ordered[start:start + _CHUNK]))})",
            (account_id, *ordered[start:start + _CHUNK])))
    return {row[0]: row for row in rows}  # (key, then Seen's fields): made a Seen only when it is said


@dataclass(frozen=True)
class MappingRow:
    id: int
    name: str
    spec: str  # JSON
    header: str
    updated_at: str


def mappings(db: Reader) -> list[MappingRow]:
    return [MappingRow(*row) for row in db.execute(
        "SELECT id, name, spec, header, updated_at FROM import_mappings ORDER BY name COLLATE NOCASE")]


def mapping_named(db: Reader, name: str) -> MappingRow | None:
    row = db.execute("SELECT id, name, spec, header, updated_at FROM import_mappings WHERE name = ? COLLATE NOCASE",
                     (name.strip(),)).fetchone()
    return MappingRow(*row) if row else None


def saved_mapping(db: Reader, name: str, field: str = "mapping") -> MappingRow:
    """The mapping saved as ``name``, or an error naming ``field`` and the mappings there are."""
    found = mapping_named(db, name)
    if found is None:
        known = ", ".join(m.name for m in mappings(db)) or "none yet"
        raise NotFound(field, f"no mapping is named {name!r} (saved: {known})")
    return found


def mapping_for_header(db: Reader, header: str) -> MappingRow | None:
    """The mapping saved from a file with this header (the newest, if several were)."""
    row = db.execute("SELECT id, name, spec, header, updated_at FROM import_mappings WHERE header = ? AND header != '' "
                     "ORDER BY updated_at DESC, id DESC LIMIT 1", (header,)).fetchone()
    return MappingRow(*row) if row else None


def account_for_file(db: Reader, file_account: str) -> int | None:
    """The account a bank file's account was imported into before."""
    row = db.execute("SELECT i.account_id FROM import_accounts i JOIN accounts a ON a.id = i.account_id "
                     "WHERE i.file_account = ? AND a.status != 'closed'", (file_account,)).fetchone()
    return int(row[0]) if row else None


def opened_on(db: Reader, account_id: int) -> dt.datetime:
    created = db.execute("SELECT created_at FROM accounts WHERE id = ?", (account_id,)).fetchone()[0]
    return dt.datetime.fromisoformat(created)
