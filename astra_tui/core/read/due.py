"""Whether processing has anything to do today: the routines and pending transfers a batch of processing
loads (``store.load`` selects with these same conditions). Plain sqlite3 and no rules of the kinds, so the
command line's ``process`` can tell "nothing was due" without loading the engine."""

from __future__ import annotations

import datetime as dt

from astra_tui.core.read.db import Reader

# What a batch walks: routines whose next date has come (a refill's "next date" is the next day it is
# looked at), and pending transfers whose day has come.
DUE_ROUTINES = "status IN ('active', 'inactive') AND next_due_on IS NOT NULL AND next_due_on <= ?"
DUE_PENDING = "status = 'pending' AND scheduled_for <= ?"


def anything_due(db: Reader, today: dt.date) -> bool:
    day = today.isoformat()
    return bool(db.execute(f"SELECT EXISTS (SELECT 1 FROM routines WHERE {DUE_ROUTINES}) "
                           f"OR EXISTS (SELECT 1 FROM transfers WHERE {DUE_PENDING})", (day, day)).fetchone()[0])


def pending_count(db: Reader) -> int:
    return int(db.execute("SELECT count(*) FROM transfers WHERE status = 'pending'").fetchone()[0])
