"""Processing as a pure walk (SPEC §5–6): a state and a day in, the effects out; no SQL.

The walk goes through the due events of a :class:`~astra_tui.core.walk_state.State` in date
order — pending transfers first, then scheduled runs by routine id, then today's refills — and
every rule of moving money is written here once: the cap (the transfer limit, and what a card
owes), never overdrawing, a frozen or closed account failing the run, cancelling a pending
transfer whose routine stopped, collapsing a balance-based catch-up into its latest date, and
counting what was processed, failed and skipped.

The walk moves the state on as it goes (balances, statuses, cursors, the next transfer id; the
pending transfers it settles leave it), so walking day after day on one state is processing day
after day. Real processing walks a state the store loaded from SQLite and writes the effects back
(``core.processor``); the wizard's preview and run-now walk states of their own.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Collection
from operator import attrgetter

from astra_tui.core import schedule
from astra_tui.core.kinds import Skip, Trigger, capped_amount
from astra_tui.core.money import format_money
from astra_tui.core.walk_state import (
    Effects,
    PendingTransfer,
    RoutineState,
    State,
)
from astra_tui.vocab import AccountStatus, NotificationKind, Origin, Outcome, RoutineStatus, TransferStatus

INSUFFICIENT_FUNDS = "insufficient funds"
_PENDING, _SCHEDULED, _REFILL = 0, 1, 2  # events of one day run in this order
# The members as plain names: looking a member up on its enum costs more than the rest of a run's rules.
TRANSFERRED, FAILED, SKIPPED = tuple(Outcome)
ACTIVE, INACTIVE, COMPLETED, ROUTINE_FAILED = tuple(RoutineStatus)[:4]
PENDING, PROCESSED, TRANSFER_FAILED, CANCELLED = tuple(TransferStatus)
OPEN, BY_TRANSFER = AccountStatus.OPEN, Origin.TRANSFER
TRANSFER_CREATED, TRANSFER_UPDATED, ROUTINE_UPDATED, DEPOSIT_NOTICE = tuple(NotificationKind)[:4]

Verdict = tuple[str, str, int, bool]  # outcome, reason, amount, capped
_by_id = attrgetter("id")


def judge(state: State, user_id: int, source_id: int, destination_id: int, asked: int) -> Verdict:
    """What a transfer of ``asked`` by ``user_id`` would do now (SPEC §5): (outcome, reason, amount, capped).

    A frozen or closed account fails it; the amount is capped at the sender's transfer limit and, into
    a credit card, at what is owed (a card that owes nothing makes it a skipped run); an amount the
    source does not hold fails whole — no partial moves.
    """
    source, destination = state.accounts[source_id], state.accounts[destination_id]
    limit = state.users[user_id].transfer_limit
    if source.status != OPEN or destination.status != OPEN:
        role, account = ("source", source) if source.status != OPEN else ("destination", destination)
        return FAILED, f"{role} account {account.name} is {account.status}", min(asked, limit), asked > limit
    allowed = capped_amount(asked, limit, destination.kind, destination.name, destination.balance)
    if isinstance(allowed, Skip):
        return SKIPPED, allowed.reason, 0, False
    amount, note = allowed
    if amount > source.balance:
        return FAILED, INSUFFICIENT_FUNDS, amount, bool(note)
    return TRANSFERRED, note, amount, bool(note)


def cancel_notice(amount: int, reason: str, routine_name: str = "") -> str:
    """How a person is told that a pending transfer will not run."""
    said = reason if reason.startswith("cancelled") else f"cancelled — {reason}"  # not "cancelled — cancelled by you"
    return f"{routine_name + ': ' if routine_name else ''}pending transfer of {format_money(amount)} {said}"


def walk(state: State, today: dt.date, now: str, limit: int) -> Effects:
    """Process up to ``limit`` events due on or before ``today`` in date order, moving ``state`` on;
    ``now`` stamps the rows. ``Effects.more`` says whether due work remains."""
    walker = _Walk(state, today, now)
    walker.effects.more = walker.due_events(limit)
    return walker.finish()


def deposit_shares(state: State, account_id: int, transaction_id: int, deposit: int, posted_on: dt.date, now: str,
                   already: Collection[int] = ()) -> Effects:
    """A deposit of ``deposit`` into ``account_id`` on ``posted_on`` (a positive manual or import transaction,
    numbered ``transaction_id``): every active routine of the state set going by deposits on that account, and
    that the deposit qualifies for, queues its share for the next day, within the sender's transfer limit, and
    says so; a share of $0.00 is a skipped run. The routines in ``already`` acted on this deposit before it was
    corrected. The queued transfers join the state's pending ones."""
    walker = _Walk(state, posted_on, now)
    walker.deposit_shares(account_id, transaction_id, deposit, already)
    return walker.finish()


def extra_run(state: State, routine_id: int, today: dt.date, now: str, trigger: int, amount: int,
              label: str) -> Effects | Skip:
    """One run of a routine today outside its schedule, asking ``amount``, under the rules of every run;
    its cursor does not move, and its run's reason starts with ``label``. Skip when it would move
    nothing (a card payment with nothing owed)."""
    walker = _Walk(state, today, now)
    r = state.routines[routine_id]
    transfer_id, outcome, reason = walker.transfer(r, today, amount)
    if outcome == SKIPPED:
        return Skip(reason)
    walker.record_run(r.id, today, trigger, outcome, f"{label} — {reason}" if reason else label, transfer_id)
    return walker.finish()


class _Walk:
    """One walk over a state: the rules of each event, and the rows they make (plain tuples in the column
    order of ``walk_state``'s named rows)."""

    def __init__(self, state: State, today: dt.date, now: str) -> None:
        self.state, self.today, self.now = state, today, now
        self.effects = Effects()
        self.moved_accounts: set[int] = set()
        self.moved_routines: set[int] = set()
        self.last_due: dict[int, dt.date] = {}

    def due_events(self, limit: int) -> bool:
        """Process up to ``limit`` events in date order; True if due work may remain."""
        state, today = self.state, self.today
        heap: list[tuple[dt.date, int, int]] = [(t.scheduled_for, _PENDING, t.id) for t in state.pending.values()
                                                if t.scheduled_for <= today]
        for r in state.routines.values():
            if r.next_due_on is None or r.next_due_on > today or r.status not in (ACTIVE, INACTIVE):
                continue
            if r.kind.scheduled:
                heap.append((r.next_due_on, _SCHEDULED, r.id))
            elif r.kind.trigger is Trigger.LOW_BALANCE and r.status == ACTIVE:
                heap.append((today, _REFILL, r.id))
        heapq.heapify(heap)
        horizon = None
        if state.pending_cut and state.pending:
            horizon = (next(reversed(state.pending.values())).scheduled_for, _PENDING)
        done = 0
        looked: dict[int, int] = {}  # a refill not needed when looked at: how much money had moved by then
        while True:
            if not heap:
                # A refill looked at before later moves (another refill, say) is looked at again, until none is
                # needed: one round settles the day, however many rounds the app makes (each runs once a day).
                moves = len(self.effects.transactions)
                heap = [(today, _REFILL, rid) for rid, seen in looked.items() if seen < moves]
                if not heap:
                    return state.pending_cut  # a cut list may have more pending transfers behind it
                heapq.heapify(heap)
                looked.clear()
            if done >= limit:
                return True
            day, what, key = heap[0]
            if horizon is not None and (day, what) > horizon:
                return True
            heapq.heappop(heap)
            if what == _PENDING:
                self.pending_transfer(state.pending.pop(key), day)
            elif what == _SCHEDULED:
                r = state.routines[key]
                self.scheduled_run(r, day)
                if r.next_due_on is not None and r.next_due_on <= today:
                    heapq.heappush(heap, (r.next_due_on, _SCHEDULED, r.id))
            elif not self.refill(state.routines[key]):
                looked[key] = len(self.effects.transactions)
                continue
            done += 1

    def scheduled_run(self, r: RoutineState, day: dt.date) -> None:
        index = r.next_index
        transfer_id = None
        outcome: str
        if r.status == INACTIVE:
            outcome, reason = SKIPPED, "paused"
        elif r.kind.balance_based and (last := self.latest_due(r)) > day:
            outcome, reason = SKIPPED, f"collapsed into the run of {last.isoformat()}"
        else:
            amount = r.kind.amount(r, day, index, self.state)
            if isinstance(amount, Skip):
                outcome, reason = SKIPPED, amount.reason
            else:
                transfer_id, outcome, reason = self.transfer(r, day, amount)
        self.record_run(r.id, day, 0, outcome, reason, transfer_id)
        r.next_index = index + 1
        r.next_due_on = r.kind.due_date(r, r.next_index)
        self.moved_routines.add(r.id)
        if r.next_due_on is None:
            ends_failed = outcome == FAILED and r.kind.fails_with_last_run
            self.end_routine(r, ROUTINE_FAILED if ends_failed else COMPLETED)

    def latest_due(self, r: RoutineState) -> dt.date:
        """The routine's latest due date on or before today: where a balance-based catch-up runs."""
        last = self.last_due.get(r.id)
        if last is None:
            assert r.start_date is not None and r.frequency is not None
            n = schedule.last_index_on_or_before(r.start_date, r.frequency, self.today)
            last = self.last_due[r.id] = schedule.nth_date(r.start_date, r.frequency, n)
        return last

    def refill(self, r: RoutineState) -> bool:
        amount = r.kind.amount(r, self.today, r.next_index, self.state)  # nothing when the destination is not low
        if isinstance(amount, Skip):
            return False
        transfer_id, outcome, reason = self.transfer(r, self.today, amount)
        self.record_run(r.id, self.today, 0, outcome, reason, transfer_id)
        r.next_due_on = self.today + dt.timedelta(days=1)  # at most once a day
        self.moved_routines.add(r.id)
        return True

    def pending_transfer(self, t: PendingTransfer, day: dt.date) -> None:
        r = self.state.routines[t.routine_id]
        if r.status != ACTIVE:
            reason = "routine paused" if r.status == INACTIVE else f"routine {r.status}"
            self.effects.summary.cancelled += 1
            self.call_off(r, t.id, t.amount, day, t.trigger_id, reason, count=False)
            return
        outcome, reason, moved, capped = self.move(r, t.source_id, t.destination_id, t.amount, day, t.id)
        if outcome == SKIPPED:  # nothing owed on the card it was to pay: a skipped run
            self.call_off(r, t.id, t.amount, day, t.trigger_id, reason, count=True)
            return
        status = PROCESSED if outcome == TRANSFERRED else TRANSFER_FAILED
        self.effects.transfers_settled.append((status, moved, int(capped), reason or None, self.now,
                                                              t.id))
        self.record_run(r.id, day, t.trigger_id, outcome, reason, t.id)
        self.notify_transfer(r, TRANSFER_UPDATED, outcome, reason, moved, capped, t.source_id,
                             t.destination_id, t.id)

    def call_off(self, r: RoutineState, transfer_id: int, amount: int, day: dt.date, trigger: int | None,
                 reason: str, count: bool) -> None:
        """A queued transfer that will not run: cancelled, with its run recorded as skipped."""
        self.effects.transfers_settled.append((CANCELLED, amount, 0, reason, self.now,
                                                              transfer_id))
        self.record_run(r.id, day, trigger, SKIPPED, reason, transfer_id, count=count)
        self.notify(r.user_id, TRANSFER_UPDATED, cancel_notice(amount, reason, r.name), r.id,
                    transfer_id)

    def deposit_shares(self, account_id: int, transaction_id: int, deposit: int, already: Collection[int]) -> None:
        state, posted_on = self.state, self.today
        due = posted_on + dt.timedelta(days=1)
        account = state.accounts[account_id]
        for r in sorted(state.routines.values(), key=_by_id):
            if (r.source_id != account_id or r.status != ACTIVE or r.kind.trigger is not Trigger.DEPOSIT
                    or r.id in already or not r.kind.qualifies(r, deposit, posted_on)):
                continue
            share = r.kind.transfer_amount(r, deposit)
            if share <= 0:
                self.record_run(r.id, due, transaction_id, SKIPPED,
                                f"{r.kind.share_of(r, format_money(deposit))} is $0.00", None, count=False)
                continue
            destination = state.accounts[r.destination_id]
            allowed = capped_amount(share, state.users[r.user_id].transfer_limit, destination.kind, destination.name,
                                    destination.balance)
            assert not isinstance(allowed, Skip)  # a share of a deposit never pays a card
            amount, note = allowed
            transfer_id = state.next_transfer_id
            state.next_transfer_id += 1
            self.effects.transfers_new.append((
                transfer_id, r.id, r.user_id, destination.user_id, account_id, r.destination_id, amount,
                int(bool(note)), PENDING, due.isoformat(), None, transaction_id, self.now, self.now))
            state.pending[transfer_id] = PendingTransfer(transfer_id, r.id, account_id, r.destination_id, amount, due,
                                                         transaction_id)
            self.notify(r.user_id, DEPOSIT_NOTICE, f"{r.name}: deposit of {format_money(deposit)} into "
                        f"{account.name}; {format_money(amount)} will move to {destination.name} on {due}", r.id,
                        transfer_id)

    # -- moving money -------------------------------------------------------------------
    def transfer(self, r: RoutineState, day: dt.date, amount: int) -> tuple[int | None, str, str]:
        """A run's transfer, processed or failed; a skipped run (nothing owed on a card) makes none."""
        state = self.state
        transfer_id = state.next_transfer_id
        outcome, reason, moved, capped = self.move(r, r.source_id, r.destination_id, amount, day, transfer_id)
        if outcome == SKIPPED:
            return None, outcome, reason
        state.next_transfer_id += 1
        status = PROCESSED if outcome == TRANSFERRED else TRANSFER_FAILED
        self.effects.transfers_new.append((
            transfer_id, r.id, r.user_id, state.accounts[r.destination_id].user_id, r.source_id, r.destination_id,
            moved, int(capped), status, day.isoformat(), reason or None, None, self.now, self.now))
        self.notify_transfer(r, TRANSFER_CREATED, outcome, reason, moved, capped, r.source_id,
                             r.destination_id, transfer_id)
        return transfer_id, outcome, reason

    def move(self, r: RoutineState, source_id: int, destination_id: int, asked: int, day: dt.date,
             transfer_id: int) -> Verdict:
        """Move what ``judge`` allows, with its two transactions."""
        verdict = judge(self.state, r.user_id, source_id, destination_id, asked)
        if verdict[0] != TRANSFERRED:
            if verdict[1] == INSUFFICIENT_FUNDS:
                self.effects.shortfalls.append((transfer_id, self.state.accounts[source_id].balance))
            return verdict
        amount = verdict[2]
        source, destination = self.state.accounts[source_id], self.state.accounts[destination_id]
        source.balance -= amount
        destination.balance += amount
        self.moved_accounts.add(source_id)
        self.moved_accounts.add(destination_id)
        posted = day.isoformat()
        self.effects.transactions += (
            (source_id, posted, -amount, f"Transfer to {destination.name} ({r.name})", BY_TRANSFER,
                           transfer_id, self.now),
            (destination_id, posted, amount, f"Transfer from {source.name} ({r.name})",
                           BY_TRANSFER, transfer_id, self.now),
        )
        return verdict

    # -- rows -----------------------------------------------------------------------------
    def record_run(self, routine_id: int, day: dt.date, trigger: int | None, outcome: str, reason: str,
                   transfer_id: int | None, count: bool = True) -> None:
        self.effects.runs.append((routine_id, day.isoformat(), trigger or 0, outcome, reason, transfer_id,
                                     self.now))
        if count:
            summary = self.effects.summary
            if outcome == TRANSFERRED:
                summary.processed += 1
            elif outcome == FAILED:
                summary.failed += 1
            else:
                summary.skipped += 1

    def end_routine(self, r: RoutineState, status: str) -> None:
        r.status = status
        r.next_due_on = None
        ended = "is complete" if status == COMPLETED else "failed" if status == ROUTINE_FAILED else f"is {status}"
        self.notify(r.user_id, ROUTINE_UPDATED, f"{r.name} {ended}", r.id, None)

    def notify(self, user_id: int, kind: str, message: str, routine_id: int | None, transfer_id: int | None) -> None:
        self.effects.notices.append((user_id, self.now, kind, message, 0, routine_id, transfer_id))

    def notify_transfer(self, r: RoutineState, kind: str, outcome: str, reason: str, amount: int, capped: bool,
                        source_id: int, destination_id: int, transfer_id: int) -> None:
        source, destination = self.state.accounts[source_id], self.state.accounts[destination_id]
        what = f"{format_money(amount)} from {source.name} to {destination.name}"
        if outcome == TRANSFERRED:
            note = f" ({reason})" if capped else ""
            self.notify(r.user_id, kind, f"{r.name}: moved {what}{note}", r.id, transfer_id)
            if destination.user_id != r.user_id:
                sender = self.state.users[r.user_id].name
                self.notify(destination.user_id, kind, f"{sender} sent you {format_money(amount)} "
                            f"into {destination.name}", r.id, transfer_id)
        else:
            self.notify(r.user_id, kind, f"{r.name}: transfer of {what} failed — {reason}", r.id, transfer_id)

    def finish(self) -> Effects:
        """The balances and cursors the walk moved, added to its rows."""
        accounts, routines, now = self.state.accounts, self.state.routines, self.now
        self.effects.balances = [(accounts[a].balance, a) for a in sorted(self.moved_accounts)]
        self.effects.cursors = [
            (r.status, r.next_due_on.isoformat() if r.next_due_on else None, r.next_index, now, r.id)
            for r in (routines[i] for i in sorted(self.moved_routines))
        ]
        return self.effects
