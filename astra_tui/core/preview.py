"""What a routine would do next: its next runs from today's balances, and what a person should know first.

The amounts come from each kind's own rule (``Kind.amount``) asked through the
Ledger protocol. The balances start as they are today and move with each
previewed run, so a sweep shows its excess moving once, not five times, and a
percentage of the balance shrinks run by run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from astra_tui.core.clock import Clock
from astra_tui.core.kinds import (
    Kind,
    PreviewRow,
    Review,
    Skip,
    capped_amount,
    columns_from_body,
    kind_of,
)
from astra_tui.core.money import format_money
from astra_tui.db import models as m
from astra_tui.db.models import Account, Routine, Transaction, User

__all__ = ["PreviewRow", "Review", "paused_note", "preview_body", "preview_routine"]  # the rows come from the kinds


class _Simulated:
    """The Ledger protocol on today's balances, moved on by each run the preview lets through."""

    def __init__(self, session: Session) -> None:
        self.session = session
        rows = session.exec(select(Account.id, Account.name, Account.balance, Account.kind)).all()
        self.names = {account_id: name for account_id, name, _, _ in rows}
        self.kinds = {account_id: kind for account_id, _, _, kind in rows}
        self._balances = {account_id: balance for account_id, _, balance, _ in rows}

    def balance(self, account_id: int) -> int:
        return self._balances.get(account_id, 0)

    def account_name(self, account_id: int) -> str:
        return self.names.get(account_id, "")

    def debits(self, account_id: int, first: dt.date, last: dt.date) -> list[int]:
        return list(self.session.exec(
            select(Transaction.amount).where(Transaction.account_id == account_id, Transaction.posted_on >= first,
                                             Transaction.posted_on <= last, Transaction.amount < 0,
                                             col(Transaction.origin).in_((m.ORIGIN_MANUAL, m.ORIGIN_IMPORT)))))

    def move(self, source_id: int, destination_id: int, amount: int) -> None:
        self._balances[source_id] = self.balance(source_id) - amount
        self._balances[destination_id] = self.balance(destination_id) + amount


    def capped(self, asked: int, limit: int, destination_id: int) -> tuple[int, str] | Skip:
        """What a run asking ``asked`` would move into the destination as it stands (the processor's caps)."""
        allowed = capped_amount(asked, limit, self.kinds.get(destination_id, ""),
                                self.names.get(destination_id, ""), self.balance(destination_id))
        if isinstance(allowed, Skip):
            return allowed
        moved, why = allowed
        return moved, f"{why} ({format_money(asked)} asked)" if why else ""


def _walk(session: Session, clock: Clock, r: Any, count: int) -> Review:
    kind: Kind = kind_of(r)
    ledger = _Simulated(session)
    user = session.get(User, r.user_id)
    limit = user.transfer_limit if user else m.DEFAULT_TRANSFER_LIMIT
    own = kind.preview(r, ledger, limit)  # a kind without dates says what it would do
    if own is not None:
        return own
    today_balance = ledger.balance(r.source_id)
    holds = f"{ledger.names.get(r.source_id, 'The source')} holds {format_money(today_balance)}"
    today = clock.today()
    rows: list[PreviewRow] = []
    warning = ""
    index = r.next_index if getattr(r, "id", None) else 0
    while len(rows) < count:
        due = kind.due_date(r, index)
        if due is None:
            break
        if due >= today:
            result = kind.amount(r, due, index, ledger)
            if isinstance(result, Skip):
                rows.append(PreviewRow(due.isoformat(), "—", f"skipped: {result.reason}"))
            elif isinstance(allowed := ledger.capped(result, limit, r.destination_id), Skip):
                rows.append(PreviewRow(due.isoformat(), "—", f"skipped: {allowed.reason}"))
            else:
                moved, note = allowed
                available = ledger.balance(r.source_id)
                if moved > available:  # a fixed amount the source cannot cover fails whole (SPEC §5)
                    note = f"would fail: only {format_money(available)} {'by then' if rows else 'today'}"
                    if not rows:
                        warning = f"{holds}; the first run needs {format_money(moved)} and would fail today"
                else:
                    ledger.move(r.source_id, r.destination_id, moved)
                rows.append(PreviewRow(due.isoformat(), format_money(moved), note))
        index += 1
    return Review(rows, warning)


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
