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

# Runs written a transaction. Each batch touches index pages all over the run and transfer indexes keyed by
# routine (one place a routine); bigger batches touch each page for more rows. The batch's dirty pages must fit
# the connection's page cache (``engine.CACHE_KIB``), or the cost of a run grows with a catch-up's span. What
# still grows is what a commit writes: once a routine's entries outgrow a leaf page shared with its neighbours,
# every batch rewrites about a page a routine in each of those indexes, and no more however far behind. 1,000
# weekly routines: 0.26 pages written a run one year behind, 0.37 four years behind (issue 13 §4). 20,000 would
# make that 0.22 → 0.29, but doubles a batch's rows (the UI thread's longest GC pause 45 → 70 ms) and the time
# the write lock is held. Memory stays a batch's rows; a kill loses at most one batch, redone on the next start.
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
