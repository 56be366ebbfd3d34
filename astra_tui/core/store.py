"""The walk's state loaded from SQLite, and its effects written back (the processing store).

Loading reads what one batch needs: every account and user, the next transfer id, the routines
whose cursor has come due, the pending transfers that have come due (oldest first, up to the
batch's limit) and the routines they belong to, and the debits those routines' round-ups add up.
Writing puts every row of the effects in with ``executemany``, in the caller's one write
transaction: a batch is written wholly or not at all.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import Any

from astra_tui.core.kinds import Trigger, kinds_triggered_by
from astra_tui.core.read import due
from astra_tui.core.walk_state import (
    ROUTINE_FIELDS,
    AccountState,
    CursorMove,
    Effects,
    NewBalance,
    NewTransaction,
    NewTransfer,
    Notice,
    PendingTransfer,
    RoutineState,
    Run,
    SettledTransfer,
    State,
    UserState,
)
from astra_tui.vocab import RoutineStatus

_ROUTINE_COLUMNS = ", ".join(ROUTINE_FIELDS)
_DATES = tuple(ROUTINE_FIELDS.index(name) for name in ("start_date", "created_on", "next_due_on"))
_ROUND_UP_WINDOW = dt.timedelta(days=7)
_PENDING_COLUMNS = ("SELECT id, routine_id, source_id, destination_id, amount, scheduled_for, trigger_transaction_id "
                    "FROM transfers")
_PENDING = f"{_PENDING_COLUMNS} WHERE status = 'pending'"


def routine_state(row: Any) -> RoutineState:
    values = list(row)
    for i in _DATES:
        if values[i] is not None:
            values[i] = dt.date.fromisoformat(values[i])
    return RoutineState(*values)


def load(db: sqlite3.Connection, today: dt.date, limit: int) -> State:
    """A batch's state: what is due on or before ``today``, with at most ``limit`` pending transfers."""
    sql = db.execute
    routines = {row[0]: routine_state(row) for row in sql(
        f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE {due.DUE_ROUTINES}", (today.isoformat(),))}
    pending = {
        row[0]: PendingTransfer(row[0], row[1], row[2], row[3], row[4], dt.date.fromisoformat(row[5]), row[6])
        for row in sql(f"{_PENDING_COLUMNS} WHERE {due.DUE_PENDING} ORDER BY scheduled_for, id LIMIT ?",
                       (today.isoformat(), limit))
    }
    for r in routines_by_id(db, {t.routine_id for t in pending.values()} - routines.keys()):
        routines[r.id] = r
    state = load_around(db, routines.values())
    state.pending, state.pending_cut = pending, len(pending) >= limit
    return state


def load_around(db: sqlite3.Connection, routines: Iterable[RoutineState]) -> State:
    """A state holding ``routines`` as they are (a preview's routine, run-now's): every account and user,
    the next transfer id, and the debits their round-ups may add up from their next due date on."""
    sql = db.execute
    accounts = {row[0]: AccountState(*row[1:])
                for row in sql("SELECT id, user_id, kind, status, balance, name FROM accounts")}
    users = {row[0]: UserState(row[1], row[2]) for row in sql("SELECT id, transfer_limit, name FROM users")}
    next_id = int(sql("SELECT COALESCE(MAX(id), 0) + 1 FROM transfers").fetchone()[0])
    by_id = {r.id: r for r in routines}
    return State(accounts, users, by_id, spending=_spending(db, by_id.values()), next_transfer_id=next_id)


def _spending(db: sqlite3.Connection, routines: Iterable[RoutineState]) -> dict[int, list[tuple[dt.date, int]]]:
    """The debits round-ups may ask for: each spending account's from the earliest week any of its
    routines will add up (a run on D adds up [D − 7, D − 1], never before the routine was made)."""
    since: dict[int, dt.date] = {}
    for r in routines:
        if r.spending_id is not None and r.next_due_on is not None and r.status == RoutineStatus.ACTIVE:
            first = max(r.next_due_on - _ROUND_UP_WINDOW, r.created_on)
            since[r.spending_id] = min(first, since.get(r.spending_id, first))
    return {account_id: [(dt.date.fromisoformat(day), amount) for day, amount in db.execute(
        "SELECT posted_on, amount FROM transactions WHERE account_id = ? AND posted_on >= ? AND amount < 0 "
        "AND origin IN ('manual', 'import') ORDER BY posted_on", (account_id, first.isoformat()))]
        for account_id, first in since.items()}


def _insert(table: str, names: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def _update(table: str, names: tuple[str, ...], only: str = "") -> str:
    *changed, key = names  # the last is the row's key
    return f"UPDATE {table} SET {', '.join(f'{name} = ?' for name in changed)} WHERE {key} = ?{only}"


_WRITES = (
    ("transfers_new", _insert("transfers", NewTransfer._fields)),
    ("transfers_settled", _update("transfers", SettledTransfer._fields, " AND status = 'pending'")),
    ("transactions", _insert("transactions", NewTransaction._fields)),
    ("runs", _insert("routine_runs", Run._fields)),
    ("notices", _insert("notifications", Notice._fields)),
    ("balances", _update("accounts", NewBalance._fields)),
    ("cursors", _update("routines", CursorMove._fields)),
)


def write(db: sqlite3.Connection, effects: Effects) -> None:
    """Every row of ``effects``, with one ``executemany`` a table, in the caller's transaction."""
    for name, statement in _WRITES:
        rows = getattr(effects, name)
        if rows:
            db.executemany(statement, rows)


def routines_that_may_run(db: sqlite3.Connection) -> list[RoutineState]:
    """Every active or paused routine, however far ahead its next date (the forecast's household)."""
    return [routine_state(row) for row in db.execute(
        f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE status IN ('active', 'inactive') ORDER BY id")]


def routines_by_id(db: sqlite3.Connection, ids: Iterable[int]) -> list[RoutineState]:
    wanted = tuple(ids)
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    return [routine_state(row) for row in db.execute(
        f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE id IN ({marks})", wanted)]


def all_pending(db: sqlite3.Connection) -> dict[int, PendingTransfer]:
    """Every pending transfer, however far ahead, oldest first."""
    return {row[0]: PendingTransfer(row[0], row[1], row[2], row[3], row[4], dt.date.fromisoformat(row[5]), row[6])
            for row in db.execute(_PENDING + " ORDER BY scheduled_for, id")}


def deposit_routines(db: sqlite3.Connection, account_id: int) -> list[RoutineState]:
    """The active routines a deposit into ``account_id`` may set going, in the order they were made."""
    types = sorted({k.type for k in kinds_triggered_by(Trigger.DEPOSIT)})
    marks = ",".join("?" * len(types))
    return [routine_state(row) for row in db.execute(
        f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE source_id = ? AND status = 'active' AND type IN ({marks}) "
        "ORDER BY id", (account_id, *types))]


def load_routine(db: sqlite3.Connection, routine_id: int) -> RoutineState:
    return routine_state(db.execute(f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE id = ?", (routine_id,)).fetchone())


pending_count = due.pending_count


def extra_trigger(db: sqlite3.Connection, routine_id: int, day: dt.date) -> int:
    """The trigger id of a routine's next run on request on ``day``: −1, −2, … (see ``run_now``)."""
    return int(db.execute(
        "SELECT COALESCE(MIN(trigger_id), 0) - 1 FROM routine_runs WHERE routine_id = ? AND due_on = ? "
        "AND trigger_id < 0", (routine_id, day.isoformat())).fetchone()[0])
