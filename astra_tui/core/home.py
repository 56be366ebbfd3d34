"""The home screen's data, read with the standard library's sqlite3 alone.

The accounts screen is the first thing a person sees, so reading it must not
wait for SQLAlchemy, SQLModel and pydantic to import (about 0.5 s): the app
paints real balances first and loads the rest in the background (issue 4,
start-up). The row types here are shared with ``views``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    attention: int = 0  # routines that need attention (see ``NEEDS_ATTENTION``)


# -- routines that need attention (issue 9 §5) ---------------------------------------------
# Read here, in plain SQL, so that the accounts screen can count them at start-up; the routines
# screens read the same query through SQLAlchemy's connection. Each routine's latest run is the one
# its detail lists first (newest due date, then newest row): one index seek per routine.

_LATEST = (
    "SELECT r.id, r.status, run.due_on, run.outcome, run.reason FROM routines r "
    "LEFT JOIN routine_runs run ON run.id = (SELECT x.id FROM routine_runs x WHERE x.routine_id = r.id "
    "ORDER BY x.due_on DESC, x.id DESC LIMIT 1) WHERE r.user_id = ?"
)
# A routine needs attention when it failed, or its latest run failed; a deleted one never does.
NEEDS_ATTENTION = "(status != 'deleted' AND (status = 'failed' OR outcome IS 'failed'))"


@dataclass(frozen=True)
class LatestRun:
    due_on: str  # YYYY-MM-DD; "" when the routine has not run yet
    outcome: str  # transferred, failed, skipped or ""
    reason: str
    needs_attention: bool


Execute = Callable[[str, tuple[Any, ...]], Iterable[Any]]  # sqlite3's conn.execute or SQLAlchemy's exec_driver_sql


def latest_runs(execute: Execute, user_id: int, routine_id: int | None = None) -> dict[int, LatestRun]:
    """Each routine of the person (or the one ``routine_id``): its latest run, and whether it needs attention."""
    sql = f"SELECT id, due_on, outcome, reason, {NEEDS_ATTENTION} FROM ({_LATEST}"
    params: tuple[Any, ...] = (user_id,)
    if routine_id is not None:
        sql += " AND r.id = ?"
        params += (routine_id,)
    rows = execute(sql + ")", params)
    return {rid: LatestRun(due or "", outcome or "", reason or "", bool(flag)) for rid, due, outcome, reason, flag
            in rows}


def attention_count(execute: Execute, user_id: int) -> int:
    """How many of the person's routines need attention."""
    for (count,) in execute(f"SELECT count(*) FROM ({_LATEST}) WHERE {NEEDS_ATTENTION}", (user_id,)):
        return int(count)
    return 0


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
        user_id = remembered_user_id(conn)
    found = conn.execute("SELECT id, name, transfer_limit FROM users WHERE id = ?", (user_id,)).fetchone()
    if found is None:
        return AccountsView(None, [], 0, 0)
    accounts = [AccountRow(*row) for row in conn.execute(
        "SELECT id, user_id, name, kind, status, balance FROM accounts WHERE user_id = ? ORDER BY id", (user_id,))]
    total = sum(a.balance for a in accounts if a.status != CLOSED)
    unread = conn.execute("SELECT count(*) FROM notifications WHERE user_id = ? AND read = 0", (user_id,)).fetchone()[0]
    return AccountsView(UserRow(*found), accounts, total, unread, attention_count(conn.execute, user_id))


def remembered_user_id(conn: sqlite3.Connection) -> int | None:
    """The person the app last acted as (``settings.CURRENT_USER``), else the first person added."""
    try:
        row = conn.execute("SELECT u.id FROM settings s JOIN users u ON u.id = CAST(s.value AS INTEGER) "
                           "WHERE s.key = 'current_user_id'").fetchone()
    except sqlite3.OperationalError:  # a database from before schema 0004 has no settings yet
        row = None
    return row[0] if row else conn.execute("SELECT min(id) FROM users").fetchone()[0]


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
