"""What routines did: a routine's runs, each routine's latest run, and which need attention.

Plain SQL, without the kinds' rules, so the home screen can count the routines that need attention
before the rest of the program is imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from astra_tui.core.read.db import Reader, limited, one


@dataclass(frozen=True)
class RunRow:
    routine_id: int
    due_on: dt.date
    trigger_id: int
    outcome: str
    reason: str
    transfer_id: int | None


_RUNS = "SELECT routine_id, due_on, trigger_id, outcome, reason, transfer_id FROM routine_runs"


def _run(row: Any) -> RunRow:
    return RunRow(row[0], dt.date.fromisoformat(row[1]), row[2], row[3], row[4] or "", row[5])


def runs(db: Reader, routine_id: int, *, newest_first: bool = False, limit: int | None = None) -> list[RunRow]:
    """A routine's runs by due date (oldest first, as the command line lists them; the app newest first)."""
    order = "DESC" if newest_first else "ASC"
    sql = f"{_RUNS} WHERE routine_id = ? ORDER BY due_on {order}, id {order}"
    return [_run(r) for r in db.execute(*limited(sql, (routine_id,), limit))]


def run(db: Reader, routine_id: int, due_on: dt.date, trigger_id: int) -> RunRow | None:
    """One run by its key (routine, due date, trigger)."""
    row = db.execute(f"{_RUNS} WHERE routine_id = ? AND due_on = ? AND trigger_id = ?",
                     (routine_id, due_on.isoformat(), trigger_id)).fetchone()
    return None if row is None else _run(row)


def latest_run(db: Reader, routine_id: int) -> RunRow | None:
    """The run a routine's detail lists first: the newest due date, then the newest row."""
    found = runs(db, routine_id, newest_first=True, limit=1)
    return found[0] if found else None


# -- routines that need attention (issue 9 §5) ----------------------------------------------
# Each routine's latest run is the one its detail lists first: one index seek per routine.
_LATEST = (
    "SELECT r.id, r.status, run.due_on, run.outcome, run.reason FROM routines r "
    "LEFT JOIN routine_runs run ON run.id = (SELECT x.id FROM routine_runs x WHERE x.routine_id = r.id "
    "ORDER BY x.due_on DESC, x.id DESC LIMIT 1)"
)
# A routine needs attention when it failed, or its latest run failed; a deleted one never does.
NEEDS_ATTENTION = "(status != 'deleted' AND (status = 'failed' OR outcome IS 'failed'))"


@dataclass(frozen=True)
class LatestRun:
    due_on: str  # YYYY-MM-DD; "" when the routine has not run yet
    outcome: str  # transferred, failed, skipped or ""
    reason: str
    needs_attention: bool


NO_RUN = LatestRun("", "", "", False)


def latest_runs(db: Reader, user_id: int | None = None, routine_id: int | None = None) -> dict[int, LatestRun]:
    """Each routine's latest run and whether it needs attention: a person's routines (or everyone's),
    or the one ``routine_id``."""
    where: list[str] = []
    params: list[Any] = []
    if user_id is not None:
        where.append("r.user_id = ?")
        params.append(user_id)
    if routine_id is not None:
        where.append("r.id = ?")
        params.append(routine_id)
    inner = _LATEST + (f" WHERE {' AND '.join(where)}" if where else "")
    rows = db.execute(f"SELECT id, due_on, outcome, reason, {NEEDS_ATTENTION} FROM ({inner})", tuple(params))
    return {rid: LatestRun(due or "", outcome or "", reason or "", bool(flag)) for rid, due, outcome, reason, flag
            in rows}


def warnings(db: Reader, user_id: int, today: dt.date) -> list[str]:
    """What the forecast says would fail soon (``core.predictions``), from today on, soonest first."""
    return [m for (m,) in db.execute(
        "SELECT message FROM predictions WHERE user_id = ? AND withdrawn_at IS NULL AND due_on >= ? "
        "ORDER BY due_on, routine_id", (user_id, today.isoformat()))]


def attention_count(db: Reader, user_id: int) -> int:
    """How many of the person's routines need attention."""
    return int(one(db, f"SELECT count(*) FROM ({_LATEST} WHERE r.user_id = ?) WHERE {NEEDS_ATTENTION}",
                   (user_id,)))
