"""How a change is carried out, the same way from the command line and the app.

1. The change is tried and rolled back: bad input fails here and writes nothing.
2. Due work is processed, so the change applies to a ledger that is up to date.
3. The change is made in one transaction.
4. Due work is processed again (a quick transfer runs, a deposit's refill fires).
"""

from __future__ import annotations

from typing import TypeVar
from collections.abc import Callable

from sqlalchemy import Engine
from sqlmodel import Session

from astra_tui.core.clock import Clock
from astra_tui.core.processor import ProcessSummary, process_due
from astra_tui.db.engine import writer

T = TypeVar("T")
Action = Callable[[Session, Clock], T]


def dry_run(engine: Engine, clock: Clock, action: Action[T]) -> None:
    """Run ``action`` and roll it back: raises its AstraError, writes nothing."""
    with Session(writer(engine)) as session:
        try:
            action(session, clock)
        finally:
            session.rollback()


def apply(engine: Engine, clock: Clock, action: Action[T]) -> T:
    """Run ``action`` in one write transaction and commit it."""
    with Session(writer(engine), expire_on_commit=False) as session:
        result = action(session, clock)
        session.commit()
        return result


def perform(engine: Engine, clock: Clock, action: Action[T]) -> tuple[T, ProcessSummary]:
    dry_run(engine, clock, action)
    before = process_due(engine, clock)
    result = apply(engine, clock, action)
    summary = process_due(engine, clock)  # its pending count is the current one
    summary.add(before)
    return result, summary
