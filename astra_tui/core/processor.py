"""Processing due work (SPEC §5–6): catch-up, pending transfers, refills, batch by batch.

Each batch takes SQLite's write lock (``BEGIN IMMEDIATE``), loads the state it needs
(``core.store``), walks the due events in date order (``core.walk``) and writes every row of
those runs with ``executemany`` before one commit. A crash leaves a batch wholly written or not
at all; the routines' cursors are part of the batch, so the next process picks up exactly where
the last commit left off, and UNIQUE(routine_id, due_on, trigger_id) stops any run being written
twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine

from astra_tui.core import store
from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.summary import ProcessSummary
from astra_tui.core.walk import walk
from astra_tui.db.engine import driver, write_transaction

# Runs written a transaction. Each batch touches index pages all over the run, transfer and transaction
# indexes (one place a routine); bigger batches touch each page for more rows, so a catch-up's cost per run
# grows less with its span: 1,000 weekly routines, 1 → 4 years behind, +55 % a run at 2,000, +20 % at 10,000
# (issue 13 §4). Memory stays a batch's rows; a kill loses at most one batch, redone on the next start.
DEFAULT_BATCH = 10_000


def process_due(
    engine: Engine,
    clock: Clock,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[ProcessSummary], None] | None = None,
) -> ProcessSummary:
    """Process everything due up to today, in date order, batch by batch."""
    today, now = clock.today(), utc_text(clock.now())
    total = ProcessSummary()
    more = True
    while more:
        summary, more = _batch(engine, today, now, batch_size)
        total.add(summary)
        if on_progress is not None:
            on_progress(total)
    with engine.connect() as conn:
        total.pending = store.pending_count(driver(conn))
    return total


def _batch(engine: Engine, today: dt.date, now: str, size: int) -> tuple[ProcessSummary, bool]:
    """One batch in one write transaction: what it did, and whether due work remains. Its rows are
    dropped on return, before the next batch is loaded."""
    with write_transaction(engine) as db:
        effects = walk(store.load(db, today, size), today, now, size)
        store.write(db, effects)
    return effects.summary, effects.more
