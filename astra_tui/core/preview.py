"""What a routine would do next: its next runs from today's balances, and what a person should know first.

The runs are the processor's own walk (``core.walk``) on a copy of today's
ledger holding only the routine previewed: the balances start as they are today
and move with each previewed run, so a sweep shows its excess moving once, not
five times, and a percentage of the balance shrinks run by run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from astra_tui.core import store
from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.kinds import (
    Kind,
    PercentageDepositKind,
    RefillKind,
    Skip,
    capped_amount,
    columns_from_body,
    kind_of,
)
from astra_tui.core.money import format_money, percent_of
from astra_tui.core.walk import INSUFFICIENT_FUNDS, judge, walk
from astra_tui.core.walk_state import NewTransfer, RoutineState, Run, State
from astra_tui.db.models import Routine
from astra_tui.vocab import Outcome


@dataclass(frozen=True)
class PreviewRow:
    when: str
    amount: str
    note: str


@dataclass(frozen=True)
class Review:
    """The wizard's review of a routine not yet made: its next runs, and a warning if the first would fail."""

    rows: list[PreviewRow]
    warning: str = ""


def _capped(state: State, asked: int, limit: int, destination_id: int) -> tuple[int, str]:
    """What the processor's caps let a run of a kind without dates move, and why less than asked (these
    kinds never pay a card, so nothing here is a skipped run)."""
    destination = state.accounts[destination_id]
    allowed = capped_amount(asked, limit, destination.kind, destination.name, destination.balance)
    assert not isinstance(allowed, Skip)
    return allowed[0], _asked(allowed[1], asked)


def _asked(why: str, asked: int) -> str:
    return f"{why} ({format_money(asked)} asked)" if why else ""


def _walk(session: Session, clock: Clock, r: Any, count: int) -> Review:
    """The routine's next runs, walked by the processor's own rules (``core.walk``) on a copy of today's
    ledger that holds only this routine: each run moves the balances the next one sees."""
    kind: Kind = kind_of(r)
    today = clock.today()
    routine = RoutineState.copy_of(r)
    if not getattr(r, "id", None):
        routine.next_index = 0
    routine.next_due_on = kind.due_date(routine, routine.next_index) if kind.scheduled else today
    while routine.next_due_on is not None and routine.next_due_on < today:  # dates already gone are not shown
        routine.next_index += 1
        routine.next_due_on = kind.due_date(routine, routine.next_index)
    state = store.load_around(session.connection(), [routine])
    limit = state.users[r.user_id].transfer_limit
    today_balance = state.balance(r.source_id)
    holds = f"{state.account_name(r.source_id)} holds {format_money(today_balance)}"
    if isinstance(kind, PercentageDepositKind):
        example = max(r.minimum_transaction_threshold or 0, 10_000)
        moved, note = _capped(state, percent_of(example, r.percent_bps or 0), limit, r.destination_id)
        return Review([PreviewRow("the day after each deposit", f"{format_money(moved)} of {format_money(example)}",
                                  note or f"a deposit of {format_money(example)} would move {format_money(moved)}")])
    if isinstance(kind, RefillKind):
        level = state.balance(r.destination_id)
        outcome, why, moved, _ = judge(state, r.user_id, r.source_id, r.destination_id, r.amount or 0)
        note, warning = _asked(why, r.amount or 0), ""
        if outcome == Outcome.FAILED:
            note = _failure(why, today_balance, "today")
            warning = f"{holds}; a refill needs {format_money(moved)} and would fail today" if why == \
                INSUFFICIENT_FUNDS else ""
        today_note = "would refill today" if kind.needs_refill(routine, state) else "not needed today"
        return Review([PreviewRow(f"when below {format_money(r.threshold or 0)}", format_money(moved),
                                  note or f"destination at {format_money(level)}: {today_note}")], warning)
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


def preview_routine(session: Session, clock: Clock, r: Any, count: int = 5) -> list[PreviewRow]:
    """The next ``count`` runs of a routine (saved or not), each as if the ones before it ran."""
    return _walk(session, clock, r, count).rows


def preview_body(session: Session, clock: Clock, user_id: int, body: Any) -> Review:
    """The wizard's review: the next five runs of a validated body, as if created now, and any warning."""
    draft = Routine(user_id=user_id, type=body.type, name=body.name, source_id=body.source_id,
                    destination_id=body.destination_id, created_at=clock.now(), created_on=clock.today(),
                    updated_at=clock.now(), **columns_from_body(body))
    return _walk(session, clock, draft, 5)


def paused_note(clock: Clock, r: Routine) -> str:
    """What a paused routine does now (nothing) and what activating it would do."""
    kind = kind_of(r)
    if isinstance(kind, PercentageDepositKind):
        return ("Paused: deposits queue nothing. Activating it takes its share of each deposit from then on; "
                "deposits made while paused are not counted.")
    if isinstance(kind, RefillKind):
        return "Paused: no refills. Activating it refills whenever the destination is below the threshold again."
    today, index = clock.today(), r.next_index
    due = kind.due_date(r, index)
    while due is not None and due < today:  # activation skips the dates that passed (routines.activate_routine)
        index += 1
        due = kind.due_date(r, index)
    if due is None:
        return "Paused. Its last date has passed; activating it marks it completed."
    return f"Paused. Activating it runs next on {due}; dates that pass while paused are skipped."
