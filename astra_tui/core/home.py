"""The home screen's data, read with the standard library's sqlite3 alone.

The accounts screen is the first thing a person sees, so reading it must not
wait for SQLAlchemy, SQLModel and pydantic to import (about 0.5 s): the app
paints real balances first and loads the rest in the background (issue 4,
start-up). The row types here are shared with ``views``.
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

CLOSED = "closed"  # astra_tui.db.models.CLOSED, without importing the models


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    transfer_limit: int


@dataclass(frozen=True)
class AccountRow:
    id: int
    user_id: int
    name: str
    kind: str
    status: str
    balance: int


@dataclass(frozen=True)
class AccountsView:
    user: UserRow | None
    accounts: list[AccountRow]
    total: int
    unread: int


def connect(path: Path | str) -> sqlite3.Connection:
    """A read-only connection with the same busy timeout as the app's engine."""
    from astra_tui.db.engine import BUSY_TIMEOUT_MS, keep_private

    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA schema_version")  # reads the file, so SQLite makes its -wal and -shm now
    keep_private(path)
    return conn


def accounts_view(conn: sqlite3.Connection, user_id: int | None) -> AccountsView:
    """The person's accounts in the order they were opened (the first person's when ``user_id`` is None)."""
    if user_id is None:
        user_id = conn.execute("SELECT min(id) FROM users").fetchone()[0]
    found = conn.execute("SELECT id, name, transfer_limit FROM users WHERE id = ?", (user_id,)).fetchone()
    if found is None:
        return AccountsView(None, [], 0, 0)
    accounts = [AccountRow(*row) for row in conn.execute(
        "SELECT id, user_id, name, kind, status, balance FROM accounts WHERE user_id = ? ORDER BY id", (user_id,))]
    total = sum(a.balance for a in accounts if a.status != CLOSED)
    unread = conn.execute("SELECT count(*) FROM notifications WHERE user_id = ? AND read = 0", (user_id,)).fetchone()[0]
    return AccountsView(UserRow(*found), accounts, total, unread)


def read_accounts(path: Path | str, user_id: int | None) -> AccountsView:
    """``accounts_view`` on a connection of its own."""
    conn = connect(path)
    try:
        return accounts_view(conn, user_id)
    finally:
        conn.close()


def read_in_thread(read: Callable[[], Any]) -> Future[Any]:
    """Run ``read`` in a new thread; its result or error arrives in the returned future."""
    future: Future[Any] = Future()

    def run() -> None:
        try:
            future.set_result(read())
        except BaseException as exc:  # handed to whoever takes the result
            future.set_exception(exc)

    threading.Thread(target=run, name="early-read", daemon=True).start()
    return future
