"""See the future (issue 11 §2): every account's balance, day by day, from what is scheduled.

The forecast is the processing walk (``core.walk``) run forward on a copy of today's whole household: every
active routine of every kind (a sweep on the projected balance, a refill when the projected destination is
low, a percentage of each planned deposit, the 52-week amounts, the caps, a run that would fail for want of
money), every pending transfer, and the planned income and bills of everyone, each on its date at its planned
amount. Each day is lived as the app lives it: the day's due work, then each planned item recorded in turn with
processing after it, as recording one does. So the forecast made today is what happens if the days then go as
planned, to the cent; nothing is written.

What a kind cannot know ahead (round-ups add up purchases nobody has made yet) its kind says
(``Kind.forecast_note``), and the forecast shows it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from astra_tui.core import store
from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.money import MAX_CENTS, format_money
from astra_tui.core.read import planned as read_planned
from astra_tui.core.read.db import Reader, one
from astra_tui.core.read.planned import Occurrence
from astra_tui.core.walk import INSUFFICIENT_FUNDS, deposit_shares, walk
from astra_tui.core.walk_state import Effects, RoutineState, Run, State
from astra_tui.vocab import AccountStatus, Outcome

DEFAULT_DAYS = 90
MAX_DAYS = 1096  # three years
EVERYTHING = 10**12  # a walk's limit of events: all that is due


@dataclass(frozen=True)
class AccountForecast:
    id: int
    user_id: int
    name: str
    kind: str
    today: int  # the balance now
    first: dt.date
    balances: tuple[int, ...]  # at the end of each day from ``first`` on

    @property
    def lowest(self) -> int:
        return min(self.balances)

    @property
    def lowest_on(self) -> dt.date:
        """The first day the balance is at its lowest."""
        return self.first + dt.timedelta(days=self.balances.index(self.lowest))

    @property
    def end(self) -> int:
        return self.balances[-1]

    def days(self) -> list[tuple[dt.date, int]]:
        return [(self.first + dt.timedelta(days=i), b) for i, b in enumerate(self.balances)]


@dataclass(frozen=True)
class PredictedRun:
    routine_id: int
    routine_name: str
    user_id: int
    due_on: dt.date
    outcome: str  # transferred, failed or skipped
    amount: int  # what it moves (a failed run: what it would need)
    reason: str
    source_id: int
    source: str
    destination_id: int
    holds: int | None = None  # a run failing for want of money: what its source would hold then

    @property
    def failed(self) -> bool:
        return self.outcome == Outcome.FAILED

    @property
    def why(self) -> str:
        """Why it would fail, in words a person reads: "Checking would hold $812.40 and the run needs $1,200.00"."""
        if self.reason == INSUFFICIENT_FUNDS and self.holds is not None:
            return f"{self.source} would hold {format_money(self.holds)} and the run needs {format_money(self.amount)}"
        return self.reason

    @property
    def warning(self) -> str:
        """The line a person is warned with before it fails."""
        return f"{self.routine_name} on {self.due_on} would fail: {self.why}"


@dataclass(frozen=True)
class Forecast:
    first: dt.date
    last: dt.date
    accounts: list[AccountForecast]
    runs: list[PredictedRun]  # by date, in the order they would run
    planned: list[Occurrence]  # the planned dates counted on
    notes: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[PredictedRun]:
        return [r for r in self.runs if r.failed]

    def account(self, account_id: int) -> AccountForecast | None:
        return next((a for a in self.accounts if a.id == account_id), None)


@dataclass
class _Household:
    """The simulation's result for everyone: each account's end-of-day balances and every run."""

    first: dt.date
    today: dict[int, int]  # balances now
    balances: dict[int, list[int]]
    runs: list[PredictedRun]
    planned: list[Occurrence]
    state: State


def _load(db: Reader, drafts: Sequence[RoutineState]) -> State:
    """The whole household as the walk reads it: every routine that may still run (and the drafts), every
    pending transfer however far ahead, the accounts, the people and the debits round-ups add up."""
    routines = {r.id: r for r in store.routines_that_may_run(db)}
    routines.update({r.id: r for r in drafts})
    pending = store.all_pending(db)
    for missing in store.routines_by_id(db, {t.routine_id for t in pending.values()} - routines.keys()):
        routines[missing.id] = missing
    state = store.load_around(db, routines.values())
    state.pending = pending
    return state


def draft_routines(db: Reader, user_id: int, bodies: Iterable[Any], today: dt.date) -> list[RoutineState]:
    """Routines not made, from validated bodies, numbered after every routine there is (as they would be),
    each with its first date as creating it would set."""
    after = int(one(db, "SELECT COALESCE(max(id), 0) FROM routines"))
    drafts = []
    for offset, body in enumerate(bodies, 1):
        draft = RoutineState.draft(user_id, body, today)
        draft.id = after + offset
        draft.next_due_on = draft.kind.first_due(draft)
        drafts.append(draft)
    return drafts


def _collect(state: State, effects: Effects, into: list[PredictedRun]) -> None:
    moved = {row[0]: row[6] for row in effects.transfers_new}
    moved.update({row[5]: row[1] for row in effects.transfers_settled})
    short = dict(effects.shortfalls)
    for row in effects.runs:
        run = Run(*row)
        r = state.routines[run.routine_id]
        source = state.accounts[r.source_id]
        into.append(PredictedRun(r.id, r.name, r.user_id, dt.date.fromisoformat(run.due_on), run.outcome,
                                 moved.get(run.transfer_id, 0) if run.transfer_id else 0, run.reason, r.source_id,
                                 source.name, r.destination_id, short.get(run.transfer_id or 0)))


def _simulate(db: Reader, clock: Clock, days: int, drafts: Sequence[RoutineState] = ()) -> _Household:
    today, now = clock.today(), utc_text(clock.now())
    last = today + dt.timedelta(days=days)
    state = _load(db, drafts)
    open_accounts = {a for a, acc in state.accounts.items() if acc.status != AccountStatus.CLOSED}
    planned = [o for o in read_planned.occurrences(db, today, last) if o.account_id in open_accounts]
    on_day: dict[dt.date, list[Occurrence]] = defaultdict(list)
    for occurrence in planned:
        on_day[occurrence.due_on].append(occurrence)
    result = _Household(today, {a: acc.balance for a, acc in state.accounts.items()},
                        {a: [] for a in state.accounts}, [], planned, state)
    deposit_number = 0  # planned deposits are numbered -1, -2, … as their shares' runs name them
    for offset in range(days + 1):
        day = today + dt.timedelta(days=offset)
        _collect(state, walk(state, day, now, EVERYTHING), result.runs)
        for occurrence in on_day.get(day, ()):  # recorded in turn, processing after each, as recording does
            account = state.accounts[occurrence.account_id]
            if abs(account.balance + occurrence.amount) > MAX_CENTS:
                continue  # recording it would be refused (the balance cap), so it is not counted on
            account.balance += occurrence.amount
            if occurrence.amount < 0:
                if occurrence.account_id in state.spending:
                    state.spending[occurrence.account_id].append((day, occurrence.amount))
            else:
                deposit_number -= 1
                _collect(state, deposit_shares(state, occurrence.account_id, deposit_number, occurrence.amount, day,
                                               now), result.runs)
            _collect(state, walk(state, day, now, EVERYTHING), result.runs)
        for account_id, balances in result.balances.items():
            balances.append(state.accounts[account_id].balance)
    return result


def failures_ahead(db: Reader, clock: Clock, days: int) -> list[PredictedRun]:
    """Every run of the household's routines that the forecast says would fail from today to ``days`` days
    ahead, whatever account it touches (a closed one too)."""
    return [run for run in _simulate(db, clock, days).runs if run.failed]


def forecast(db: Reader, clock: Clock, user_id: int | None, *, account_id: int | None = None,
             days: int = DEFAULT_DAYS, drafts: Sequence[RoutineState] = ()) -> Forecast:
    """The next ``days`` days (today included, so ``days + 1`` dates) for a person's open accounts, or for the
    one ``account_id``: their balances, the runs that touch them and the planned dates on them. ``drafts``:
    routines not made, simulated as if created now (``draft_routines``)."""
    household = _simulate(db, clock, days, drafts)
    return _select(household, user_id, account_id, days)


def _select(h: _Household, user_id: int | None, account_id: int | None, days: int) -> Forecast:
    state = h.state

    def shown(a: int) -> bool:
        account = state.accounts[a]
        if account_id is not None:
            return a == account_id
        return (user_id is None or account.user_id == user_id) and account.status != AccountStatus.CLOSED

    accounts = [AccountForecast(a, acc.user_id, acc.name, acc.kind, h.today[a], h.first, tuple(h.balances[a]))
                for a, acc in sorted(state.accounts.items()) if shown(a)]
    ids = {a.id for a in accounts}
    runs = [r for r in h.runs if (r.source_id in ids or r.destination_id in ids)
            and (account_id is not None or user_id is None or r.user_id == user_id
                 or state.accounts[r.destination_id].user_id == user_id)]
    planned = [o for o in h.planned if o.account_id in ids]
    touching = (r for r in state.routines.values() if ids & {r.source_id, r.destination_id, r.spending_id})
    notes = list(dict.fromkeys(r.kind.forecast_note for r in touching if r.kind.forecast_note))
    return Forecast(h.first, h.first + dt.timedelta(days=days), accounts, runs, planned, notes)


@dataclass(frozen=True)
class Change:
    """One account the routines not made would touch: its forecast without them and with them."""

    before: AccountForecast
    after: AccountForecast


@dataclass(frozen=True)
class WhatIf:
    """What routines not made yet would do to the coming days: the accounts they touch, before and after,
    and every run (theirs or another routine's) that would start failing because of them."""

    first: dt.date
    last: dt.date
    changes: list[Change]
    newly_failing: list[PredictedRun]


def what_if(db: Reader, clock: Clock, user_id: int, bodies: Sequence[Any], days: int = DEFAULT_DAYS) -> WhatIf:
    """The household forecast without and with routines made from ``bodies`` (validated, not stored)."""
    drafts = draft_routines(db, user_id, bodies, clock.today())
    touched = sorted({a for r in drafts for a in (r.source_id, r.destination_id, r.spending_id) if a is not None})
    before = _select(_simulate(db, clock, days), None, None, days)
    after = _select(_simulate(db, clock, days, drafts), None, None, days)
    changes = [Change(b, a) for account_id in touched
               if (b := before.account(account_id)) is not None and (a := after.account(account_id)) is not None]
    already = Counter((r.routine_id, r.due_on) for r in before.failures)
    newly = []
    for run in after.failures:
        key = (run.routine_id, run.due_on)
        if already[key]:
            already[key] -= 1
        else:
            newly.append(run)
    return WhatIf(before.first, before.last, changes, newly)
