"""What a routine would do next: its next runs from today's balances, and what a person should know first.

The runs are the processor's own walk (``core.walk``) on a copy of today's
ledger holding only the routine previewed: the balances start as they are today
and move with each previewed run, so a sweep shows its excess moving once, not
five times, and a percentage of the balance shrinks run by run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from astra_tui.core import store
from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.kinds import PreviewRow, Review, RoutineLike, Skip, capped_amount, kind_of
from astra_tui.core.money import format_money
from astra_tui.core.read.db import Reader
from astra_tui.core.walk import INSUFFICIENT_FUNDS, walk
from astra_tui.core.walk_state import NewTransfer, RoutineState, Run, State
from astra_tui.vocab import Outcome

__all__ = ["PreviewRow", "Review", "paused_note", "preview_body", "preview_routine"]  # the rows come from the kinds


class _Ledger:
    """The kinds' preview ledger (``PreviewLedger``) on a walk's state: its balances, and the caps a run meets."""

    def __init__(self, state: State) -> None:
        self.state = state

    def balance(self, account_id: int) -> int:
        return self.state.balance(account_id)

    def account_name(self, account_id: int) -> str:
        return self.state.account_name(account_id)

    def debits(self, account_id: int, first: dt.date, last: dt.date) -> list[int]:
        return self.state.debits(account_id, first, last)

    def capped(self, asked: int, limit: int, destination_id: int) -> tuple[int, str] | Skip:
        destination = self.state.accounts[destination_id]
        allowed = capped_amount(asked, limit, destination.kind, destination.name, destination.balance)
        if isinstance(allowed, Skip):
            return allowed
        return allowed[0], _asked(allowed[1], asked)


def _asked(why: str, asked: int) -> str:
    return f"{why} ({format_money(asked)} asked)" if why else ""


def _walk(db: Reader, clock: Clock, r: RoutineState, count: int) -> Review:
    """The routine's next runs, walked by the processor's own rules (``core.walk``) on a copy of today's
    ledger that holds only this routine: each run moves the balances the next one sees."""
    kind = r.kind
    today = clock.today()
    routine = RoutineState.copy_of(r)
    routine.next_due_on = kind.due_date(routine, routine.next_index) if kind.scheduled else today
    while routine.next_due_on is not None and routine.next_due_on < today:  # dates already gone are not shown
        routine.next_index += 1
        routine.next_due_on = kind.due_date(routine, routine.next_index)
    state = store.load_around(db, [routine])
    limit = state.users[r.user_id].transfer_limit
    today_balance = state.balance(r.source_id)
    holds = f"{state.account_name(r.source_id)} holds {format_money(today_balance)}"
    own = kind.preview(routine, _Ledger(state), limit)  # a kind without dates says what it would do
    if own is not None:
        return own
    rows: list[PreviewRow] = []
    warning = ""
    now = utc_text(clock.now())
    while len(rows) < count and routine.next_due_on is not None:
        due, available = routine.next_due_on, state.balance(r.source_id)
        asked = kind.amount(routine, due, routine.next_index, state)
        effects = walk(state, due, now, 1)
        run = Run(*effects.runs[-1])
        if run.outcome == Outcome.SKIPPED:
            rows.append(PreviewRow(due.isoformat(), "—", f"skipped: {run.reason}"))
            continue
        moved = NewTransfer(*effects.transfers_new[-1]).amount
        if run.outcome == Outcome.FAILED:
            note = _failure(run.reason, available, "by then" if rows else "today")
            if not rows and run.reason == INSUFFICIENT_FUNDS:
                warning = f"{holds}; the first run needs {format_money(moved)} and would fail today"
        else:
            note = _asked(run.reason, asked if isinstance(asked, int) else 0)
        rows.append(PreviewRow(due.isoformat(), format_money(moved), note))
    return Review(rows, warning)


def _failure(reason: str, available: int, when: str) -> str:
    """Why a previewed run would fail: a fixed amount the source cannot cover fails whole (SPEC §5)."""
    if reason == INSUFFICIENT_FUNDS:
        return f"would fail: only {format_money(available)} {when}"
    return f"would fail: {reason}"


def preview_routine(db: Reader, clock: Clock, r: RoutineState, count: int = 5) -> list[PreviewRow]:
    """The next ``count`` runs of a stored routine, each as if the ones before it ran."""
    return _walk(db, clock, r, count).rows


def preview_body(db: Reader, clock: Clock, user_id: int, body: Any) -> Review:
    """The wizard's review: the next five runs of a validated body, as if created now, and any warning."""
    return _walk(db, clock, RoutineState.draft(user_id, body, clock.today()), 5)


def paused_note(clock: Clock, r: RoutineLike) -> str:
    """What a paused routine does now (nothing) and what activating it would do."""
    kind = kind_of(r)
    if not kind.scheduled:
        return kind.paused_words
    today, index = clock.today(), r.next_index
    due = kind.due_date(r, index)
    while due is not None and due < today:  # activation skips the dates that passed (routines.activate_routine)
        index += 1
        due = kind.due_date(r, index)
    if due is None:
        return "Paused. Its last date has passed; activating it marks it completed."
    return f"Paused. Activating it runs next on {due}; dates that pass while paused are skipped."
