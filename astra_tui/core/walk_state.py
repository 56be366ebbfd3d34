"""What the processing walk reads and what it returns, as plain data (no SQL).

A :class:`State` is everything the rules look at: routines with their cursors, accounts with
their balances, the users' transfer limits, the pending transfers that have come due and the
debits round-ups add up. :class:`Effects` is everything a walk did: rows for the transfers,
transactions, runs and notifications tables, and the balances, statuses and cursors it moved,
each in its table's column order so the store writes them as they are. Dates in rows are ISO
text and instants the stored text, as in the tables.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from operator import itemgetter
from typing import Any, NamedTuple

from astra_tui.core.kinds import Kind, columns_from_body, kind_for
from astra_tui.core.summary import ProcessSummary
from astra_tui.vocab import RoutineStatus

# -- the state ---------------------------------------------------------------------------


@dataclass(slots=True)
class AccountState:
    user_id: int
    kind: str
    status: str
    balance: int
    name: str


@dataclass(slots=True)
class UserState:
    transfer_limit: int
    name: str


@dataclass(slots=True)
class RoutineState:
    """A routine's rule fields and its cursor: what the kinds read (``RoutineLike``) and the walk moves."""

    id: int
    user_id: int
    type: str
    name: str
    source_id: int
    destination_id: int
    destination_user_id: int | None
    spending_id: int | None
    amount: int | None
    min_balance: int | None
    threshold: int | None
    percent_bps: int | None
    minimum_transaction_threshold: int | None
    amount_start: int | None
    amount_increment: int | None
    frequency: str | None
    start_date: dt.date | None
    status: str
    created_on: dt.date
    next_due_on: dt.date | None
    next_index: int
    kind: Kind = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.kind = kind_for(self.type, self.start_date, self.destination_user_id)

    @classmethod
    def copy_of(cls, row: Any) -> RoutineState:
        """A copy of a routine row (or of another state)."""
        return cls(**{name: getattr(row, name) for name in ROUTINE_FIELDS})

    @classmethod
    def draft(cls, user_id: int, body: Any, today: dt.date) -> RoutineState:
        """A routine not made yet, from a validated body, as if created ``today``; its id is 0."""
        values: dict[str, Any] = dict.fromkeys(ROUTINE_FIELDS)
        values.update(id=0, user_id=user_id, type=body.type, name=body.name, source_id=body.source_id,
                      destination_id=body.destination_id, status=RoutineStatus.ACTIVE, created_on=today,
                      next_index=0, **columns_from_body(body))
        return cls(**values)


ROUTINE_FIELDS = tuple(f.name for f in fields(RoutineState) if f.init)  # also the columns the store reads


class PendingTransfer(NamedTuple):
    id: int
    routine_id: int
    source_id: int
    destination_id: int
    amount: int
    scheduled_for: dt.date
    trigger_id: int | None  # the deposit that queued it


@dataclass
class State:
    accounts: dict[int, AccountState]
    users: dict[int, UserState]
    routines: dict[int, RoutineState]
    pending: dict[int, PendingTransfer] = field(default_factory=dict)  # by id, oldest first
    # The pending transfers stop at a batch's limit: nothing dated after the last of them may run yet.
    pending_cut: bool = False
    # Debits (negative manual or import transactions) by account, as (posted_on, amount) in date order:
    # what round-ups add up. Only the accounts and dates the routines in the state can ask about.
    spending: dict[int, list[tuple[dt.date, int]]] = field(default_factory=dict)
    next_transfer_id: int = 1

    # -- the Ledger protocol the kinds' amount rules use --------------------------------
    def balance(self, account_id: int) -> int:
        return self.accounts[account_id].balance

    def account_name(self, account_id: int) -> str:
        return self.accounts[account_id].name

    def debits(self, account_id: int, first: dt.date, last: dt.date) -> list[int]:
        rows = self.spending.get(account_id, [])
        start = bisect_left(rows, first, key=_posted_on)
        return [amount for _, amount in rows[start:bisect_right(rows, last, key=_posted_on)]]


_posted_on = itemgetter(0)

# -- the effects -------------------------------------------------------------------------
# Each kind of row is named here, field by field in its table's column order (the store builds its
# SQL from these names). The walk writes rows as plain tuples in that order, because a catch-up makes
# hundreds of thousands of them and a named tuple costs several times a plain one to make; read a row
# by name with ``Run(*row)``.


class NewTransfer(NamedTuple):
    id: int
    routine_id: int
    user_id: int
    destination_user_id: int
    source_id: int
    destination_id: int
    amount: int
    capped: int
    status: str
    scheduled_for: str
    reason: str | None
    trigger_transaction_id: int | None  # a deposit's share: the deposit that queued it
    created_at: str
    updated_at: str


class SettledTransfer(NamedTuple):
    """A pending transfer that ran, failed or was cancelled (the last field is the row's key)."""

    status: str
    amount: int
    capped: int
    reason: str | None
    updated_at: str
    id: int


class NewTransaction(NamedTuple):
    account_id: int
    posted_on: str
    amount: int
    description: str
    origin: str
    transfer_id: int
    created_at: str


class Run(NamedTuple):
    routine_id: int
    due_on: str
    trigger_id: int
    outcome: str
    reason: str
    transfer_id: int | None
    created_at: str


class Notice(NamedTuple):
    user_id: int
    created_at: str
    kind: str
    message: str
    read: int
    routine_id: int | None
    transfer_id: int | None


class NewBalance(NamedTuple):
    balance: int
    id: int


class CursorMove(NamedTuple):
    """A routine's status and schedule cursor after the walk (the last field is the row's key)."""

    status: str
    next_due_on: str | None
    next_index: int
    updated_at: str
    id: int


Row = tuple[Any, ...]


@dataclass
class Effects:
    """What a walk did: rows of each kind (plain tuples, see above) and the counts of its runs."""

    transfers_new: list[Row] = field(default_factory=list)  # NewTransfer
    transfers_settled: list[Row] = field(default_factory=list)  # SettledTransfer
    transactions: list[Row] = field(default_factory=list)  # NewTransaction
    runs: list[Row] = field(default_factory=list)  # Run
    notices: list[Row] = field(default_factory=list)  # Notice
    balances: list[Row] = field(default_factory=list)  # NewBalance
    cursors: list[Row] = field(default_factory=list)  # CursorMove
    # Runs that failed for want of money: (transfer id, what the source held then), for saying by how much.
    shortfalls: list[tuple[int, int]] = field(default_factory=list)
    summary: ProcessSummary = field(default_factory=ProcessSummary)
    more: bool = False  # due work is left beyond the walk's limit
