"""Processing due work (SPEC §5–6): catch-up, pending transfers, refills.

Each batch takes SQLite's write lock (``BEGIN IMMEDIATE``), loads the state it
needs, walks due events in date order — pending transfers first, then
scheduled runs by routine id, then today's refills — and writes every row of
those runs with ``executemany`` before one commit. A crash leaves a batch
wholly written or not at all; the routines' cursors are part of the batch, so
the next process picks up exactly where the last commit left off, and
UNIQUE(routine_id, due_on, trigger_id) stops any run being written twice.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import Connection, Engine

from astra_tui.core import schedule
from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.kinds import BY_KEY, Kind, Skip, Trigger, capped_amount, kind_key
from astra_tui.core.money import format_money
from astra_tui.db import models as m
from astra_tui.db.engine import write_transaction

DEFAULT_BATCH = 2_000
_PENDING, _SCHEDULED, _REFILL = 0, 1, 2


@dataclass
class ProcessSummary:
    processed: int = 0
    failed: int = 0
    skipped: int = 0
    pending: int = 0
    cancelled: int = 0

    def add(self, other: ProcessSummary) -> None:
        for f in fields(self):
            if f.name != "pending":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def anything(self) -> bool:
        return bool(self.processed or self.failed or self.skipped or self.cancelled)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def sentence(self) -> str:
        text = f"{self.processed} processed, {self.failed} failed, {self.skipped} skipped"
        if self.cancelled:
            text += f", {self.cancelled} cancelled"
        return text


_ROUTINE_COLUMNS = (
    "id, user_id, type, name, source_id, destination_id, destination_user_id, spending_id, amount, "
    "min_balance, threshold, percent_bps, minimum_transaction_threshold, amount_start, amount_increment, "
    "frequency, start_date, status, created_on, next_due_on, next_index"
)


class _Routine:
    """A light, mutable copy of a routine row for one batch."""

    __slots__ = tuple(c.strip() for c in _ROUTINE_COLUMNS.split(",")) + ("kind", "dirty", "last_due")

    def __init__(self, row: Any) -> None:
        for name, value in zip(self.__slots__, row, strict=False):  # the last slots are not columns
            setattr(self, name, value)
        for name in ("start_date", "created_on", "next_due_on"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, dt.date.fromisoformat(value))
        self.kind: Kind = BY_KEY[kind_key(self.type, self.start_date, self.destination_user_id)]
        self.dirty = False
        self.last_due: dt.date | None = None


@dataclass
class _Account:
    user_id: int
    kind: str
    status: str
    balance: int
    name: str
    dirty: bool = False


@dataclass
class _Batch:
    conn: Connection
    today: dt.date
    now: str
    limit: int
    summary: ProcessSummary = field(default_factory=ProcessSummary)
    transfers_new: list[tuple[Any, ...]] = field(default_factory=list)
    transfers_done: list[tuple[Any, ...]] = field(default_factory=list)
    transactions: list[tuple[Any, ...]] = field(default_factory=list)
    runs: list[tuple[Any, ...]] = field(default_factory=list)
    notices: list[tuple[Any, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        sql = self.conn.exec_driver_sql
        self.accounts = {
            row[0]: _Account(*row[1:])
            for row in sql("SELECT id, user_id, kind, status, balance, name FROM accounts")
        }
        self.users = {row[0]: (row[1], row[2]) for row in sql("SELECT id, transfer_limit, name FROM users")}
        self.next_transfer_id = sql("SELECT COALESCE(MAX(id), 0) + 1 FROM transfers").scalar_one()
        today = self.today.isoformat()
        self.routines: dict[int, _Routine] = {}
        for row in sql(
            f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE status IN ('active', 'inactive') "
            "AND next_due_on IS NOT NULL AND next_due_on <= ?",
            (today,),
        ):
            self.routines[row[0]] = _Routine(row)
        self.pending = {
            row[0]: row
            for row in sql(
                "SELECT id, routine_id, source_id, destination_id, amount, scheduled_for, "
                "trigger_transaction_id FROM transfers WHERE status = 'pending' AND scheduled_for <= ? "
                "ORDER BY scheduled_for, id LIMIT ?",
                (today, self.limit),
            )
        }
        # If the pending list was cut at the limit, nothing may run after the last one loaded.
        self.horizon: tuple[dt.date, int] | None = None
        if len(self.pending) >= self.limit:
            last = list(self.pending.values())[-1]
            self.horizon = (dt.date.fromisoformat(last[5]), _PENDING)
        missing = {row[1] for row in self.pending.values()} - self.routines.keys()
        if missing:
            marks = ",".join("?" * len(missing))
            for row in sql(f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE id IN ({marks})", tuple(missing)):
                self.routines[row[0]] = _Routine(row)

    # -- the Ledger protocol the kinds use ---------------------------------
    def balance(self, account_id: int) -> int:
        return self.accounts[account_id].balance

    def account_name(self, account_id: int) -> str:
        return self.accounts[account_id].name

    def debits(self, account_id: int, first: dt.date, last: dt.date) -> list[int]:
        rows = self.conn.exec_driver_sql(
            "SELECT amount FROM transactions WHERE account_id = ? AND posted_on BETWEEN ? AND ? "
            "AND amount < 0 AND origin IN ('manual', 'import')",
            (account_id, first.isoformat(), last.isoformat()),
        )
        return [row[0] for row in rows]

    # -- the walk -----------------------------------------------------------
    def run(self) -> bool:
        """Process up to ``limit`` events in date order; True if due work may remain."""
        heap: list[tuple[dt.date, int, int]] = []
        for transfer_id, row in self.pending.items():
            heap.append((dt.date.fromisoformat(row[5]), _PENDING, transfer_id))
        for r in self.routines.values():
            if r.next_due_on is None or r.next_due_on > self.today or r.status not in (m.ACTIVE, m.INACTIVE):
                continue
            if r.kind.scheduled:
                heap.append((r.next_due_on, _SCHEDULED, r.id))
            elif r.kind.trigger is Trigger.LOW_BALANCE and r.status == m.ACTIVE:
                heap.append((self.today, _REFILL, r.id))
        heapq.heapify(heap)
        done = 0
        while heap and done < self.limit:
            day, what, key = heap[0]
            if self.horizon is not None and (day, what) > self.horizon:
                return True
            heapq.heappop(heap)
            if what == _PENDING:
                self._pending_transfer(key, day)
            elif what == _SCHEDULED:
                r = self.routines[key]
                self._scheduled_run(r, day)
                if r.next_due_on is not None and r.next_due_on <= self.today:
                    heapq.heappush(heap, (r.next_due_on, _SCHEDULED, r.id))
            else:
                if not self._refill(self.routines[key]):
                    continue
            done += 1
        return bool(heap)

    def _scheduled_run(self, r: _Routine, day: dt.date) -> None:
        index = r.next_index
        transfer_id = None
        if r.status == m.INACTIVE:
            outcome, reason = m.SKIPPED, "paused"
        elif r.kind.balance_based and self._last_due(r) > day:
            outcome, reason = m.SKIPPED, f"collapsed into the run of {self._last_due(r).isoformat()}"
        else:
            amount = r.kind.amount(r, day, index, self)
            if isinstance(amount, Skip):
                outcome, reason = m.SKIPPED, amount.reason
            else:
                transfer_id, outcome, reason = self._new_transfer(r, day, amount)
        self._record_run(r.id, day, 0, outcome, reason, transfer_id)
        r.next_index = index + 1
        r.next_due_on = r.kind.due_date(r, r.next_index)
        r.dirty = True
        if r.next_due_on is None:
            ends_failed = outcome == m.FAILED and r.kind.fails_with_last_run
            self._end_routine(r, m.FAILED if ends_failed else m.COMPLETED)

    def _refill(self, r: _Routine) -> bool:
        amount = r.kind.amount(r, self.today, r.next_index, self)  # nothing when the destination is not low
        if isinstance(amount, Skip):
            return False
        transfer_id, outcome, reason = self._new_transfer(r, self.today, amount)
        self._record_run(r.id, self.today, 0, outcome, reason, transfer_id)
        r.next_due_on = self.today + dt.timedelta(days=1)  # at most once a day
        r.dirty = True
        return True

    def _pending_transfer(self, transfer_id: int, day: dt.date) -> None:
        _, routine_id, source_id, destination_id, amount, _, trigger = self.pending[transfer_id]
        r = self.routines[routine_id]
        if r.status != m.ACTIVE:
            reason = "routine paused" if r.status == m.INACTIVE else f"routine {r.status}"
            self.summary.cancelled += 1
            self._call_off(r, transfer_id, amount, day, trigger, reason, count=False)
            return
        outcome, reason, moved, capped = self._move(r, source_id, destination_id, amount, day, transfer_id)
        if outcome == m.SKIPPED:  # nothing owed on the card it was to pay: a skipped run
            self._call_off(r, transfer_id, amount, day, trigger, reason, count=True)
            return
        status = m.PROCESSED if outcome == m.TRANSFERRED else m.FAILED
        self.transfers_done.append((status, moved, int(capped), reason or None, self.now, transfer_id))
        self._record_run(r.id, day, trigger, outcome, reason, transfer_id)
        self._notify_transfer(r, m.TRANSFER_UPDATED, outcome, reason, moved, capped, source_id,
                              destination_id, transfer_id)

    def _call_off(self, r: _Routine, transfer_id: int, amount: int, day: dt.date, trigger: int, reason: str,
                  count: bool) -> None:
        """A queued transfer that will not run: cancelled, with its run recorded as skipped."""
        self.transfers_done.append((m.CANCELLED, amount, 0, reason, self.now, transfer_id))
        self._record_run(r.id, day, trigger, m.SKIPPED, reason, transfer_id, count=count)
        self._notify(r.user_id, m.TRANSFER_UPDATED, f"{r.name}: pending transfer of "
                     f"{format_money(amount)} cancelled — {reason}", r.id, transfer_id)

    # -- moving money -------------------------------------------------------
    def _new_transfer(self, r: _Routine, day: dt.date, amount: int) -> tuple[int | None, str, str]:
        """A run's transfer, processed or failed; a skipped run (nothing owed on a card) makes none."""
        transfer_id = self.next_transfer_id
        outcome, reason, moved, capped = self._move(r, r.source_id, r.destination_id, amount, day, transfer_id)
        if outcome == m.SKIPPED:
            return None, outcome, reason
        self.next_transfer_id += 1
        status = m.PROCESSED if outcome == m.TRANSFERRED else m.FAILED
        self.transfers_new.append((
            transfer_id, r.id, r.user_id, self.accounts[r.destination_id].user_id, r.source_id,
            r.destination_id, moved, int(capped), status, day.isoformat(), reason or None, self.now, self.now,
        ))
        self._notify_transfer(r, m.TRANSFER_CREATED, outcome, reason, moved, capped, r.source_id,
                              r.destination_id, transfer_id)
        return transfer_id, outcome, reason

    def _move(
        self, r: _Routine, source_id: int, destination_id: int, amount: int, day: dt.date, transfer_id: int
    ) -> tuple[str, str, int, bool]:
        """Move ``amount`` if every rule allows: (outcome, reason, amount, capped). No partial moves.

        The amount is capped at the sender's transfer limit and, into a credit card, at what is owed;
        a payment into a card that owes nothing is a skipped run.
        """
        source, destination = self.accounts[source_id], self.accounts[destination_id]
        limit = self.users[r.user_id][0]
        allowed = capped_amount(amount, limit, destination.kind, destination.name, destination.balance)
        for role, account in (("source", source), ("destination", destination)):
            if account.status != m.OPEN:
                reason = f"{role} account {account.name} is {account.status}"
                return m.FAILED, reason, min(amount, limit), amount > limit
        if isinstance(allowed, Skip):
            return m.SKIPPED, allowed.reason, 0, False
        amount, note = allowed
        capped = bool(note)
        if amount > source.balance:
            return m.FAILED, "insufficient funds", amount, capped
        source.balance -= amount
        destination.balance += amount
        source.dirty = destination.dirty = True
        posted = day.isoformat()
        self.transactions.append((source_id, posted, -amount, f"Transfer to {destination.name} ({r.name})",
                                  m.ORIGIN_TRANSFER, transfer_id, self.now))
        self.transactions.append((destination_id, posted, amount, f"Transfer from {source.name} ({r.name})",
                                  m.ORIGIN_TRANSFER, transfer_id, self.now))
        return m.TRANSFERRED, note, amount, capped

    def _last_due(self, r: _Routine) -> dt.date:
        if r.last_due is None:
            assert r.start_date is not None and r.frequency is not None
            n = schedule.last_index_on_or_before(r.start_date, r.frequency, self.today)
            r.last_due = schedule.nth_date(r.start_date, r.frequency, n)
        return r.last_due

    # -- rows ---------------------------------------------------------------
    def _record_run(self, routine_id: int, day: dt.date, trigger: int | None, outcome: str, reason: str,
                    transfer_id: int | None, count: bool = True) -> None:
        self.runs.append((routine_id, day.isoformat(), trigger or 0, outcome, reason, transfer_id, self.now))
        if not count:
            return
        if outcome == m.TRANSFERRED:
            self.summary.processed += 1
        elif outcome == m.FAILED:
            self.summary.failed += 1
        else:
            self.summary.skipped += 1

    def _end_routine(self, r: _Routine, status: str) -> None:
        r.status = status
        r.next_due_on = None
        ended = {m.COMPLETED: "is complete", m.FAILED: "failed"}.get(status, f"is {status}")
        self._notify(r.user_id, m.ROUTINE_UPDATED, f"{r.name} {ended}", r.id, None)

    def _notify(self, user_id: int, kind: str, message: str, routine_id: int | None,
                transfer_id: int | None) -> None:
        self.notices.append((user_id, self.now, kind, message, 0, routine_id, transfer_id))

    def _notify_transfer(self, r: _Routine, kind: str, outcome: str, reason: str, amount: int, capped: bool,
                         source_id: int, destination_id: int, transfer_id: int) -> None:
        source, destination = self.accounts[source_id], self.accounts[destination_id]
        what = f"{format_money(amount)} from {source.name} to {destination.name}"
        if outcome == m.TRANSFERRED:
            note = f" ({reason})" if capped else ""
            self._notify(r.user_id, kind, f"{r.name}: moved {what}{note}", r.id, transfer_id)
            if destination.user_id != r.user_id:
                sender = self.users[r.user_id][1]
                self._notify(destination.user_id, kind, f"{sender} sent you {format_money(amount)} "
                             f"into {destination.name}", r.id, transfer_id)
        else:
            self._notify(r.user_id, kind, f"{r.name}: transfer of {what} failed — {reason}", r.id, transfer_id)

    def flush(self) -> None:
        many = self.conn.exec_driver_sql
        if self.transfers_new:
            many("INSERT INTO transfers (id, routine_id, user_id, destination_user_id, source_id, destination_id, "
                 "amount, capped, status, scheduled_for, reason, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.transfers_new)
        if self.transfers_done:
            many("UPDATE transfers SET status = ?, amount = ?, capped = ?, reason = ?, updated_at = ? "
                 "WHERE id = ? AND status = 'pending'", self.transfers_done)
        if self.transactions:
            many("INSERT INTO transactions (account_id, posted_on, amount, description, origin, transfer_id, "
                 "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", self.transactions)
        if self.runs:
            many("INSERT INTO routine_runs (routine_id, due_on, trigger_id, outcome, reason, transfer_id, "
                 "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", self.runs)
        if self.notices:
            many("INSERT INTO notifications (user_id, created_at, kind, message, read, routine_id, transfer_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)", self.notices)
        balances = [(a.balance, account_id) for account_id, a in self.accounts.items() if a.dirty]
        if balances:
            many("UPDATE accounts SET balance = ? WHERE id = ?", balances)
        cursors = [
            (r.status, r.next_due_on.isoformat() if r.next_due_on else None, r.next_index, self.now, r.id)
            for r in self.routines.values() if r.dirty
        ]
        if cursors:
            many("UPDATE routines SET status = ?, next_due_on = ?, next_index = ?, updated_at = ? WHERE id = ?",
                 cursors)


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
    while True:
        with write_transaction(engine) as conn:
            batch = _Batch(conn, today, now, batch_size)
            more = batch.run()
            batch.flush()
        total.add(batch.summary)
        if on_progress is not None:
            on_progress(total)
        if not more:
            break
    with engine.connect() as conn:
        total.pending = conn.exec_driver_sql("SELECT count(*) FROM transfers WHERE status = 'pending'").scalar_one()
    return total

