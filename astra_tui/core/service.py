"""How a change is carried out, the same way from the command line and the app.

1. The change is tried and rolled back: bad input fails here and writes nothing.
2. Due work is processed, so the change applies to a ledger that is up to date.
3. The change is made in one transaction.
4. Due work is processed again (a quick transfer runs, a deposit's refill fires).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from astra_tui.core.clock import Clock
from astra_tui.core.processor import process_due
from astra_tui.core.walk_state import ProcessSummary
from astra_tui.db.engine import writer

T = TypeVar("T")
Action = Callable[[Session, Clock], T]


def dry_run(engine: Engine, clock: Clock, action: Action[T],
            inspect: Callable[[Session, T], Any] | None = None) -> Any:
    """Run ``action`` and roll it back: raises its AstraError, writes nothing. Returns what
    ``inspect(session, result)`` found before the rollback, or else the action's result."""
    with Session(writer(engine)) as session:
        try:
            result = action(session, clock)
            return inspect(session, result) if inspect else result
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


@dataclass
class Tick:
    """What one round of processing found, for the app's title bar and since-last-run summary."""

    summary: ProcessSummary
    user_id: int | None
    user_name: str
    unread: int
    newest: str | None
    since: Any = None  # views.SinceLastRun after the launch catch-up


def tick(engine: Engine, clock: Clock, user_id: int | None, *, launch: bool = False,
         on_progress: Callable[[ProcessSummary], None] | None = None) -> Tick:
    """One processing round of the app (its timer, its launch catch-up): process due work, then read
    the person's inbox; at launch also what ran since they last looked, which is then marked seen."""
    from astra_tui.core import views
    from astra_tui.db.models import User

    summary = process_due(engine, clock, on_progress=on_progress)
    since = None
    with Session(engine) as session:
        if user_id is None:
            user_id = views.default_user_id(session)
        if launch and user_id is not None:
            since = views.since_last_run(session, user_id)
        user = session.get(User, user_id) if user_id is not None else None
        unread, newest = views.inbox(session, user_id)
        name = user.name if user else ""
    if since is not None and user_id is not None:
        newest_run, seen_by = since.newest_run_id, user_id
        apply(engine, clock, lambda s, c: views.mark_seen(s, seen_by, newest_run))
    elif user_id is not None:
        mark_told(engine, clock, user_id)
    return Tick(summary, user_id, name, unread, newest, since)


def mark_told(engine: Engine, clock: Clock, user_id: int) -> None:
    """Runs made while the app is open are told as they happen (a toast, the unread count, the
    notifications), so the next start's since-last-run summary does not list them again.
    Writes only when there is something new: an idle tick stays a read."""
    from astra_tui.core import views

    with Session(engine) as session:
        newest = views.newest_untold_run(session, user_id)
    if newest:
        apply(engine, clock, lambda s, c: views.mark_seen(s, user_id, newest))
