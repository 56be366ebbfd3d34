"""How a change is carried out, the same way from the command line and the app.

1. The change is tried and rolled back: bad input fails here and writes nothing.
2. Due work is processed, so the change applies to a ledger that is up to date.
3. The change is made in one transaction.
4. Due work is processed again (a quick transfer runs, a deposit's refill fires).

The app's processing round (``tick``) is here too: process, then read what the person should be told.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from astra_tui.core import predictions, seen
from astra_tui.core.clock import Clock
from astra_tui.core.processor import process_due
from astra_tui.core.read import inbox, people
from astra_tui.core.read.db import Reader, ReadPool
from astra_tui.core.summary import ProcessSummary
from astra_tui.db.engine import session_driver, writer

T = TypeVar("T")
Action = Callable[[Session, Clock], T]


def dry_run(engine: Engine, clock: Clock, action: Action[T],
            inspect: Callable[[Reader, T], Any] | None = None) -> Any:
    """Run ``action`` and roll it back: raises its AstraError, writes nothing. Returns what
    ``inspect(db, result)`` read (in the action's transaction, before the rollback), or else the
    action's result."""
    with Session(writer(engine)) as session:
        try:
            result = action(session, clock)
            return inspect(session_driver(session), result) if inspect else result
        finally:
            session.rollback()


def apply(engine: Engine, clock: Clock, action: Action[T]) -> T:
    """Run ``action`` in one write transaction and commit it."""
    with Session(writer(engine), expire_on_commit=False) as session:
        result = action(session, clock)
        session.commit()
        return result


def perform(engine: Engine, clock: Clock, action: Action[T]) -> tuple[T, ProcessSummary]:
    """Check ``action`` (tried and rolled back: bad input is refused before due work is processed), process
    due work, make the change, process again, and look at the warnings again. An action whose whole trial
    would be costly (an import of 100,000 rows) gives a cheaper check of the same refusals as ``dry_check``,
    which is tried instead; the action checks everything again inside its own transaction."""
    dry_run(engine, clock, getattr(action, "dry_check", action))
    before = process_due(engine, clock)
    result = apply(engine, clock, action)
    summary = process_due(engine, clock)  # its pending count is the current one
    summary.add(before)
    predictions.refresh(engine, clock)  # the change may make a coming run fail, or save one
    return result, summary


def process_and_warn(engine: Engine, clock: Clock, *, warn: bool = True,
                     on_progress: Callable[[ProcessSummary], None] | None = None) -> ProcessSummary:
    """Process due work, then bring the warnings of coming failures up to date when processing moved
    anything (or when ``warn`` says to anyway: a new day, the command line's ``process``)."""
    summary = process_due(engine, clock, on_progress=on_progress)
    if warn or summary.anything:
        predictions.refresh(engine, clock)
    return summary


def notices_of(action: Action[Any]) -> Action[list[str]]:
    """``action``, returning the notifications it raised: the core's own words for what it caused, each
    led by its routine's name (a question before a change says what the change would set off)."""

    def run(session: Session, clock: Clock) -> list[str]:
        db = session_driver(session)
        before = db.execute("SELECT COALESCE(max(id), 0) FROM notifications").fetchone()[0]
        action(session, clock)
        db = session_driver(session)
        said = []
        for message, name in db.execute(
                "SELECT n.message, r.name FROM notifications n LEFT JOIN routines r ON r.id = n.routine_id "
                "WHERE n.id > ? ORDER BY n.id", (before,)):
            said.append(f"{name}: {message}" if name and not message.startswith(name) else message)
        return said

    return run


@dataclass
class Tick:
    """What one round of processing found, for the app's title bar and since-last-run summary."""

    summary: ProcessSummary
    user_id: int | None
    user_name: str
    unread: int
    newest: str | None
    since: inbox.SinceLastRun | None = None  # after the launch catch-up


def tick(engine: Engine, reads: ReadPool, clock: Clock, user_id: int | None, *, launch: bool = False,
         warn: bool = False, on_progress: Callable[[ProcessSummary], None] | None = None) -> Tick:
    """One processing round of the app (its timer, its launch catch-up): process due work (and the warnings,
    see ``process_and_warn``), then read the person's inbox; at launch also what ran since they last looked.
    What they are told of is then marked seen."""
    summary = process_and_warn(engine, clock, warn=warn or launch, on_progress=on_progress)

    def look(db: Reader) -> tuple[Tick, int]:
        who = user_id if user_id is not None else people.current_user_id(db)
        user = people.user(db, who) if who is not None else None
        if user is None:
            return Tick(summary, None, "", 0, None), 0
        since = inbox.since_last_run(db, user.id) if launch else None
        box = inbox.inbox(db, user.id)
        return Tick(summary, user.id, user.name, box.unread, box.newest, since), inbox.newest_untold_run(db, user.id)

    result, untold = reads.read(look)
    if untold and result.user_id is not None:
        told = result.user_id
        apply(engine, clock, lambda s, c: seen.mark_seen(s, told, untold))
    return result


def mark_told(engine: Engine, reads: ReadPool, clock: Clock, user_id: int) -> None:
    """Runs made while the app is open are told as they happen (a toast, the unread count, the
    notifications), so the next start's since-last-run summary does not list them again.
    Writes only when there is something new: an idle tick stays a read."""
    newest = reads.read(lambda db: inbox.newest_untold_run(db, user_id))
    if newest:
        apply(engine, clock, lambda s, c: seen.mark_seen(s, user_id, newest))
