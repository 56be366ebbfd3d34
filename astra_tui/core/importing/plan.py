"""The preview of an import (issue 12 §3): for each account the file's rows go to, which rows are new, which
are duplicates (and of what), which are refused (row, column and why) and which move nothing, and what the
new rows would set off — the transfers percentage-of-deposit routines would queue (the walk's own rule,
``walk.deposit_shares``, on a copy of the state) and how the next round-up of the account would change.
A read of the book: nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from astra_tui.core import money, store
from astra_tui.core.clock import Clock, local_date, utc_text
from astra_tui.core.errors import AstraError
from astra_tui.core.importing.rows import BankRow
from astra_tui.core.kinds import Skip
from astra_tui.core.read import accounts
from astra_tui.core.read import imports as read_imports
from astra_tui.core.read.db import Reader
from astra_tui.core.walk import deposit_shares
from astra_tui.core.walk_state import NewTransfer
from astra_tui.vocab import AccountStatus, RoutineStatus

NEW, DUPLICATE, REFUSED, IGNORED = "new", "duplicate", "refused", "ignored"


@dataclass(frozen=True)
class Target:
    """Where a file's rows go: the account, and the file's own account (for an OFX file) they came from."""

    account_id: int
    rows: list[BankRow]
    file_account: str = ""
    file_label: str = ""


@dataclass(frozen=True, slots=True)
class RowPlan:
    row: BankRow
    status: str  # new | duplicate | refused | ignored
    reason: str = ""  # why it is refused or ignored, or what in this file it repeats
    column: str = ""  # the column (or OFX field) a refusal is about
    seen: tuple[Any, ...] | None = None  # the row imported before that it duplicates (read_imports.seen_keys)

    @property
    def why(self) -> str:
        """What it duplicates, or why it is refused or ignored (said when asked: a re-import has 100,000)."""
        if self.seen is None:
            return self.reason
        was = read_imports.Seen.of(self.seen)
        said = f"{was.posted_on} {money.format_money(was.amount)} {was.description}".rstrip()
        return (f"of transaction {was.transaction_id} ({said})" if was.exists
                else f"of a transaction you deleted ({said}); it is not imported again")


@dataclass
class AccountPlan:
    account_id: int
    account_name: str
    file_account: str  # the account at the bank ("" for a CSV)
    file_label: str  # that account as a person knows it ("checking account …6789 at bank 121000248")
    rows: list[RowPlan]
    effects: list[str] = field(default_factory=list)  # what the new rows would set off, in words

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def new_rows(self) -> list[BankRow]:
        return [r.row for r in self.rows if r.status == NEW]

    @property
    def change(self) -> int:
        return sum(r.amount or 0 for r in self.new_rows)


@dataclass
class ImportPlan:
    file_name: str
    format: str  # ofx | qfx | csv
    accounts: list[AccountPlan]
    notes: list[str] = field(default_factory=list)  # how the file was read

    def count(self, status: str) -> int:
        return sum(a.count(status) for a in self.accounts)

    @property
    def refused(self) -> list[tuple[AccountPlan, RowPlan]]:
        return [(a, r) for a in self.accounts for r in a.rows if r.status == REFUSED]


def plan(db: Reader, clock: Clock, file_name: str, kind: str, targets: list[Target],
         notes: list[str] | None = None, *, compare: bool = True) -> ImportPlan:
    """The preview of importing ``targets`` on ``clock``'s today (without ``compare``, the rows are not
    compared with those imported before, and what they would set off is not worked out)."""
    sections = [_account_plan(db, clock, target, compare) for target in targets]
    return ImportPlan(file_name, kind, sections, list(notes or []))


def _account_plan(db: Reader, clock: Clock, target: Target, compare: bool = True) -> AccountPlan:
    account_id, rows = target.account_id, target.rows
    account = accounts.account(db, account_id)
    if account.status == AccountStatus.CLOSED:
        raise AstraError("account", f"{account.label} is closed; a closed account is read-only")
    today = clock.today()
    opened = local_date(read_imports.opened_on(db, account_id))
    seen = read_imports.seen_keys(db, account_id, (r.key for r in rows if r.key)) if compare else {}
    first_of: dict[str, BankRow] = {}
    planned: list[RowPlan] = []
    for row in rows:
        planned.append(_row_plan(row, today, opened, account.name, seen, first_of))
    if compare:
        planned = _look_alikes(db, account_id, planned)
    section = AccountPlan(account_id, account.name, target.file_account, target.file_label, planned)
    total = account.balance + section.change
    if compare and abs(total) > money.MAX_CENTS:  # (uncompared, duplicates would count: checked when compared)
        raise AstraError("file", f"its new rows would take {account.label} past 999,999,999.99")
    section.effects = _effects(db, clock, account_id, section.new_rows) if compare else []
    return section


def _row_plan(row: BankRow, today: dt.date, opened: dt.date, account: str, seen: dict[str, tuple[Any, ...]],
              first_of: dict[str, BankRow]) -> RowPlan:
    if row.problem:
        return RowPlan(row, REFUSED, row.problem, row.column)
    assert row.posted_on is not None and row.amount is not None
    if row.key in first_of:
        first = first_of[row.key]
        if (first.posted_on, first.amount) != (row.posted_on, row.amount):  # a bank reusing an id for other money
            return RowPlan(row, REFUSED, f"has the transaction id of row {first.number} with another date or "
                           "amount; which one is right only the bank knows", "FITID")
        return RowPlan(row, DUPLICATE, f"of row {first.number} of this file (the same transaction id)")
    first_of[row.key] = row
    if row.key in seen:
        was = read_imports.Seen.of(seen[row.key])
        if (was.imported_on, was.imported_amount) != (row.posted_on.isoformat(), row.amount):  # the bank's, then
            return RowPlan(row, REFUSED, f"has the transaction id of one imported before with another date or "
                           f"amount ({was.imported_on} {money.format_money(was.imported_amount)}); if the bank "
                           f"changed it, correct transaction {was.transaction_id} by hand", "FITID")
        return RowPlan(row, DUPLICATE, seen=seen[row.key])
    if row.posted_on > today:
        return RowPlan(row, REFUSED, f"{row.posted_on} is in the future (today is {today})", "date")
    if row.posted_on < opened:
        return RowPlan(row, REFUSED, f"{row.posted_on} is before {account} was opened here ({opened}); its opening "
                       "balance holds what came before", "date")
    if row.amount == 0:
        return RowPlan(row, IGNORED, "moves nothing ($0.00)")
    return RowPlan(row, NEW)


def _look_alikes(db: Reader, account_id: int, planned: list[RowPlan]) -> list[RowPlan]:
    """New rows with the date and amount of a transaction already on the account (the same payment from
    another bank file, or typed by hand): still new, but saying so, so the person looks before importing.
    Each transaction there matches one new row at most."""
    new = [r for r in planned if r.status == NEW]
    if not new:
        return planned
    days = [r.row.posted_on for r in new if r.row.posted_on is not None]
    there: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for tid, posted_on, amount, description in db.execute(
            "SELECT id, posted_on, amount, description FROM transactions WHERE account_id = ? AND posted_on "
            "BETWEEN ? AND ? AND origin != 'opening' ORDER BY id", (account_id, min(days).isoformat(),
                                                                    max(days).isoformat())):
        there.setdefault((posted_on, amount), []).append((tid, description))
    if not there:
        return planned
    out = []
    for r in planned:
        match = there.get((r.row.posted_on.isoformat(), r.row.amount or 0)) if r.status == NEW and r.row.posted_on \
            else None
        if match:
            tid, description = match.pop(0)
            r = RowPlan(r.row, NEW, f"the same date and amount as transaction {tid} ({description})".replace(" ()", ""))
        out.append(r)
    return out


def _effects(db: Reader, clock: Clock, account_id: int, rows: list[BankRow]) -> list[str]:
    """What the new rows would set off: each queued share of a deposit, and the next round-up's change."""
    if not rows:
        return []
    routines = [r for r in store.routines_that_may_run(db)
                if r.status == RoutineStatus.ACTIVE and account_id in (r.source_id, r.spending_id)]
    if not routines:
        return []
    state = store.load_around(db, routines)
    said: list[str] = []
    now = utc_text(clock.now())
    number = 0
    for row in sorted((r for r in rows if (r.amount or 0) > 0), key=lambda r: (r.posted_on, r.number)):
        assert row.posted_on is not None and row.amount is not None
        number -= 1  # the deposits are not made: numbered -1, -2, … as the forecast numbers planned ones
        effects = deposit_shares(state, account_id, number, row.amount, row.posted_on, now)
        for t in map(NewTransfer._make, effects.transfers_new):
            said.append(f"{state.routines[t.routine_id].name}: {money.format_money(t.amount)} to "
                        f"{state.accounts[t.destination_id].name} on {t.scheduled_for}, for the deposit of "
                        f"{money.format_money(row.amount)} on {row.posted_on}")
    debits = [(r.posted_on, r.amount) for r in rows if (r.amount or 0) < 0]
    spenders = [r for r in routines if r.spending_id == account_id and r.next_due_on is not None]
    if not debits or not spenders:
        return said
    before = {r.id: r.kind.amount(r, r.next_due_on, r.next_index, state) for r in spenders}  # type: ignore[arg-type]
    spending = state.spending.setdefault(account_id, [])
    spending.extend(debits)  # type: ignore[arg-type]
    spending.sort()
    for routine in sorted(spenders, key=lambda r: r.id):  # the purchases a round-up adds up (its kind's rule)
        due = routine.next_due_on
        assert due is not None
        after = routine.kind.amount(routine, due, routine.next_index, state)
        if before[routine.id] != after:
            said.append(f"{routine.name} on {due}: {_said(before[routine.id])} → {_said(after)}")
    return said


def _said(amount: int | Skip) -> str:
    return f"nothing ({amount.reason})" if isinstance(amount, Skip) else money.format_money(amount)
