"""Warnings before failures (issue 11 §4): runs the forecast says would fail within the next few days.

Each predicted failure of a (routine, date) is a row of ``predictions`` and one notification to the routine's
person, told once. A prediction that stops being true (money came in, the routine was paused) is withdrawn:
it leaves the list of things that need attention, and if it comes back later it is shown again without a
second notification. Refreshed after every change and every round of processing that did something, and
when a new day begins.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.forecast import PredictedRun, failures_ahead
from astra_tui.core.read.db import Reader, snapshot
from astra_tui.core.read.settings import PREDICTIONS_ON, predictions_on, warning_days
from astra_tui.db.engine import driver, session_driver, writer
from astra_tui.vocab import NotificationKind

Key = tuple[int, str]  # (routine id, due date)


def _wanted(db: Reader, clock: Clock) -> dict[Key, PredictedRun]:
    return {(run.routine_id, run.due_on.isoformat()): run
            for run in failures_ahead(db, clock, warning_days(db))}


def _stored(db: Reader, today: dt.date) -> dict[Key, tuple[str, bool]]:
    """The predictions from today on: their message, and whether they are withdrawn."""
    return {(rid, due): (message, withdrawn is not None) for rid, due, message, withdrawn in db.execute(
        "SELECT routine_id, due_on, message, withdrawn_at FROM predictions WHERE due_on >= ?", (today.isoformat(),))}


def _changes(wanted: dict[Key, PredictedRun], stored: dict[Key, tuple[str, bool]]) -> bool:
    if any(key not in wanted and not withdrawn for key, (_, withdrawn) in stored.items()):
        return True
    return any(key not in stored or stored[key] != (run.warning, False) for key, run in wanted.items())


def refresh(engine: Engine, clock: Clock) -> int:
    """Bring the predictions in line with today's forecast; returns how many were told for the first time.
    Writes only when something changed."""
    today = clock.today()
    with engine.connect() as conn:
        db = driver(conn)
        with snapshot(db):
            changed = _changes(_wanted(db, clock), _stored(db, today))
            looked_today = predictions_on(db) == today.isoformat()
    if not changed and looked_today:
        return 0
    with Session(writer(engine)) as session:
        told = _write(session, clock) if changed else 0
        session_driver(session).execute(  # the command line's process skips the forecast until tomorrow
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (PREDICTIONS_ON, today.isoformat()))
        session.commit()
    return told


def _write(session: Session, clock: Clock) -> int:
    """In the write transaction (the forecast again, on what is there now): new predictions are told,
    ones that came back shown again, ones no longer true withdrawn."""
    db = session_driver(session)
    today, now = clock.today(), utc_text(clock.now())
    wanted, stored = _wanted(db, clock), _stored(db, today)
    told = 0
    # A routine with a prediction standing is not told again for its next dates: a refill that cannot be
    # covered fails every day, and one notification says so (each date still shows among what needs a look).
    standing = {rid for (rid, due), (_, withdrawn) in stored.items() if not withdrawn and (rid, due) in wanted}
    for (routine_id, due), run in sorted(wanted.items()):
        if (routine_id, due) not in stored:
            db.execute("INSERT INTO predictions (routine_id, due_on, user_id, message, created_at) "
                       "VALUES (?, ?, ?, ?, ?)", (routine_id, due, run.user_id, run.warning, now))
            if routine_id not in standing:
                _notify(db, run, now)
                told += 1
            standing.add(routine_id)
        elif stored[(routine_id, due)] != (run.warning, False):
            db.execute("UPDATE predictions SET message = ?, withdrawn_at = NULL WHERE routine_id = ? AND due_on = ?",
                       (run.warning, routine_id, due))
    for (routine_id, due), (_, withdrawn) in stored.items():
        if (routine_id, due) not in wanted and not withdrawn:
            db.execute("UPDATE predictions SET withdrawn_at = ? WHERE routine_id = ? AND due_on = ?",
                       (now, routine_id, due))
    return told


def _notify(db: Any, run: PredictedRun, now: str) -> None:
    db.execute("INSERT INTO notifications (user_id, created_at, kind, message, read, routine_id) "
               "VALUES (?, ?, ?, ?, 0, ?)", (run.user_id, now, NotificationKind.FORECAST_WARNING, run.warning,
                                             run.routine_id))
