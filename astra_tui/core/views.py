"""What each screen shows, as plain data: read in a worker thread, drawn by the UI.

Nothing here knows about Textual; nothing here writes except ``mark_seen``
and ``mark_read``, which record what a person has been shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, col, select

from astra_tui.core.clock import Clock
from astra_tui.core.home import AccountRow, AccountsView, UserRow  # noqa: F401  (shared row types)
from astra_tui.core.kinds import (
    Kind,
    PercentageDepositKind,
    RefillKind,
    Skip,
    columns_from_body,
    kind_of,
)
from astra_tui.core.money import format_money, percent_of
from astra_tui.core.queries import next_run_on
from astra_tui.core.settings import current_user_id
from astra_tui.db import models as m
from astra_tui.db.models import Account, Notification, Routine, RoutineRun, Transaction, Transfer, User

PAGE = 100


def _user_row(u: User) -> UserRow:
    assert u.id is not None
    return UserRow(u.id, u.name, u.transfer_limit)


def _account_row(a: Account) -> AccountRow:
    assert a.id is not None
    return AccountRow(a.id, a.user_id, a.name, a.kind, a.status, a.balance)


def users(session: Session) -> list[UserRow]:
    return [_user_row(u) for u in session.exec(select(User).order_by(User.id))]


def default_user_id(session: Session) -> int | None:
    """The person the app last acted as, else the first person added."""
    return current_user_id(session) or session.exec(select(func.min(User.id))).one()


def all_accounts(session: Session) -> dict[int, AccountRow]:
    return {a.id: _account_row(a) for a in session.exec(select(Account)) if a.id is not None}


def eligible_accounts(session: Session, user_id: int, *, spending: bool = False) -> list[AccountRow]:
    """Open accounts a routine may use: no credit cards, except as a round-up's spending account."""
    statement = select(Account).where(Account.user_id == user_id, Account.status == m.OPEN).order_by(Account.id)
    return [_account_row(a) for a in session.exec(statement) if spending or a.kind != m.CREDIT_CARD]


@dataclass(frozen=True)
class TransactionRow:
    id: int
    posted_on: dt.date
    amount: int
    description: str
    origin: str


def activity_page(session: Session, account_id: int, after: tuple[dt.date, int] | None = None,
                  limit: int = PAGE) -> list[TransactionRow]:
    """An account's transactions, newest first, one page after the keyset ``after``."""
    statement = select(Transaction).where(Transaction.account_id == account_id)
    if after is not None:
        day, last_id = after
        statement = statement.where(or_(Transaction.posted_on < day,
                                        and_(Transaction.posted_on == day, col(Transaction.id) < last_id)))
    statement = statement.order_by(col(Transaction.posted_on).desc(), col(Transaction.id).desc()).limit(limit)
    return [TransactionRow(t.id or 0, t.posted_on, t.amount, t.description, t.origin) for t in session.exec(statement)]


# -- routines -----------------------------------------------------------------

@dataclass(frozen=True)
class RoutineRow:
    id: int
    kind: str
    kind_label: str
    name: str
    source: str
    destination: str
    summary: str
    status: str
    next_run: str


def _next_run_text(session: Session, r: Routine) -> str:
    if r.status != m.ACTIVE:
        return "—"
    kind = kind_of(r)
    if isinstance(kind, RefillKind):
        return "when low"
    upcoming = next_run_on(session, r)
    if upcoming is None:
        return "after a deposit" if isinstance(kind, PercentageDepositKind) else "—"
    return upcoming.isoformat()


def routine_row(session: Session, r: Routine, names: dict[int, AccountRow]) -> RoutineRow:
    kind = kind_of(r)
    assert r.id is not None
    return RoutineRow(r.id, kind.key, kind.label, r.name, names[r.source_id].name, names[r.destination_id].name,
                      kind.summary(r), r.status, _next_run_text(session, r))


def routines_view(session: Session, user_id: int, include_deleted: bool = False) -> list[RoutineRow]:
    statement = select(Routine).where(Routine.user_id == user_id).order_by(Routine.id)
    if not include_deleted:
        statement = statement.where(Routine.status != m.DELETED)
    names = all_accounts(session)
    return [routine_row(session, r, names) for r in session.exec(statement)]


@dataclass(frozen=True)
class RunRow:
    due_on: dt.date
    outcome: str
    reason: str
    transfer_id: int | None


@dataclass(frozen=True)
class PreviewRow:
    when: str
    amount: str
    note: str


@dataclass(frozen=True)
class RoutineDetail:
    row: RoutineRow
    runs: list[RunRow]
    upcoming: list[PreviewRow]


def routine_detail(session: Session, clock: Clock, routine_id: int, run_limit: int = 200) -> RoutineDetail | None:
    r = session.get(Routine, routine_id)
    if r is None:
        return None
    runs = session.exec(select(RoutineRun).where(RoutineRun.routine_id == routine_id)
                        .order_by(col(RoutineRun.due_on).desc(), col(RoutineRun.id).desc()).limit(run_limit)).all()
    upcoming = preview_routine(session, clock, r) if r.status in (m.ACTIVE, m.INACTIVE) else []
    return RoutineDetail(routine_row(session, r, all_accounts(session)),
                         [RunRow(x.due_on, x.outcome, x.reason, x.transfer_id) for x in runs], upcoming)


class _Balances:
    """The Ledger protocol on today's balances: what a run would move if it ran today."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._balances = {a.id: a.balance for a in all_accounts(session).values()}

    def balance(self, account_id: int) -> int:
        return self._balances.get(account_id, 0)

    def debits(self, account_id: int, first: dt.date, last: dt.date) -> list[int]:
        return list(self.session.exec(
            select(Transaction.amount).where(Transaction.account_id == account_id, Transaction.posted_on >= first,
                                             Transaction.posted_on <= last, Transaction.amount < 0,
                                             col(Transaction.origin).in_((m.ORIGIN_MANUAL, m.ORIGIN_IMPORT)))))


def _money_note(amount: int, limit: int, balance: int) -> tuple[str, str]:
    """The amount a run would move today, and why it differs from what was asked, if it does."""
    if amount > limit:
        return format_money(limit), f"capped at the transfer limit ({format_money(amount)} asked)"
    if amount > balance:
        return format_money(amount), f"more than today's balance of {format_money(balance)}"
    return format_money(amount), ""


def preview_routine(session: Session, clock: Clock, r: Any, count: int = 5) -> list[PreviewRow]:
    """The next ``count`` runs of a routine (saved or not), with the amounts they would move today."""
    kind: Kind = kind_of(r)
    ledger = _Balances(session)
    user = session.get(User, r.user_id)
    limit = user.transfer_limit if user else m.DEFAULT_TRANSFER_LIMIT
    balance = ledger.balance(r.source_id)
    rows: list[PreviewRow] = []
    if isinstance(kind, PercentageDepositKind):
        example = max(r.minimum_transaction_threshold or 0, 10_000)
        amount, note = _money_note(percent_of(example, r.percent_bps or 0), limit, balance)
        return [PreviewRow("the day after each deposit", f"{amount} of {format_money(example)}",
                           note or f"a deposit of {format_money(example)} would move {amount}")]
    if isinstance(kind, RefillKind):
        level = ledger.balance(r.destination_id)
        amount, note = _money_note(r.amount or 0, limit, balance)
        today = "would refill today" if level < (r.threshold or 0) else "not needed today"
        return [PreviewRow(f"when below {format_money(r.threshold or 0)}", amount,
                           note or f"destination at {format_money(level)}: {today}")]
    today = clock.today()
    index = r.next_index if getattr(r, "id", None) else 0
    while len(rows) < count:
        due = kind.due_date(r, index)
        if due is None:
            break
        if due >= today:
            result = kind.amount(r, due, index, ledger)
            if isinstance(result, Skip):
                rows.append(PreviewRow(due.isoformat(), "—", f"skipped today: {result.reason}"))
            else:
                amount, note = _money_note(result, limit, balance)
                rows.append(PreviewRow(due.isoformat(), amount, note))
        index += 1
    return rows


def preview_body(session: Session, clock: Clock, user_id: int, body: Any) -> list[PreviewRow]:
    """The wizard's review: the next five runs of a validated body, as if created now."""
    draft = Routine(user_id=user_id, type=body.type, name=body.name, source_id=body.source_id,
                    destination_id=body.destination_id, created_at=clock.now(), created_on=clock.today(),
                    updated_at=clock.now(), **columns_from_body(body))
    return preview_routine(session, clock, draft)


def routine_choices(session: Session, user_id: int) -> list[tuple[int, str]]:
    return [(rid, name) for rid, name in session.exec(select(Routine.id, Routine.name)
                                                      .where(Routine.user_id == user_id).order_by(Routine.id))]


# -- notifications and the since-last-run summary ---------------------------------

@dataclass(frozen=True)
class NotificationRow:
    id: int
    created_at: dt.datetime
    kind: str
    message: str
    read: bool


def unread_count(session: Session, user_id: int) -> int:
    return session.exec(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, col(Notification.read).is_(False))).one()


def inbox(session: Session, user_id: int | None) -> tuple[int, str | None]:
    """How many notifications are unread, and the newest one's message (for a toast)."""
    if user_id is None:
        return 0, None
    newest = session.exec(select(Notification.message).where(Notification.user_id == user_id)
                          .order_by(col(Notification.id).desc()).limit(1)).first()
    return unread_count(session, user_id), newest


def notifications_page(session: Session, user_id: int, before_id: int | None = None,
                       limit: int = PAGE) -> list[NotificationRow]:
    statement = select(Notification).where(Notification.user_id == user_id)
    if before_id is not None:
        statement = statement.where(col(Notification.id) < before_id)
    statement = statement.order_by(col(Notification.id).desc()).limit(limit)
    return [NotificationRow(n.id or 0, n.created_at, n.kind, n.message, n.read) for n in session.exec(statement)]


def mark_read(session: Session, user_id: int) -> None:
    session.exec(update(Notification).where(Notification.user_id == user_id,  # type: ignore[call-overload]
                                            col(Notification.read).is_(False)).values(read=True))


@dataclass
class SinceLastRun:
    processed: int = 0
    failed: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)
    newest_run_id: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.processed or self.failed or self.skipped)

    def sentence(self) -> str:
        return f"Since last run: {self.processed} processed, {self.failed} failed, {self.skipped} skipped"


def since_last_run(session: Session, user_id: int, max_lines: int = 200) -> SinceLastRun:
    """Runs of the user's routines that the user has not been told about yet."""
    user = session.get(User, user_id)
    if user is None:
        return SinceLastRun()
    base = select(RoutineRun, Routine).join(Routine, col(Routine.id) == RoutineRun.routine_id).where(
        Routine.user_id == user_id, col(RoutineRun.id) > user.seen_run_id)
    counts = dict(session.exec(
        select(RoutineRun.outcome, func.count()).join(Routine, col(Routine.id) == RoutineRun.routine_id)
        .where(Routine.user_id == user_id, col(RoutineRun.id) > user.seen_run_id).group_by(RoutineRun.outcome)).all())
    newest = session.exec(select(func.max(RoutineRun.id))).one() or 0
    summary = SinceLastRun(counts.get(m.TRANSFERRED, 0), counts.get(m.FAILED, 0), counts.get(m.SKIPPED, 0),
                           newest_run_id=newest)
    transfers = {}
    rows = session.exec(base.order_by(col(RoutineRun.id).desc()).limit(max_lines)).all()
    ids = [run.transfer_id for run, _ in rows if run.transfer_id]
    if ids:
        transfers = {t.id: t for t in session.exec(select(Transfer).where(col(Transfer.id).in_(ids)))}
    for run, routine in rows:
        amount = f" {format_money(transfers[run.transfer_id].amount)}" if run.transfer_id in transfers else ""
        why = f" — {run.reason}" if run.reason else ""
        summary.lines.append(f"{run.due_on}  {run.outcome:<11} {routine.name}{amount}{why}")
    return summary


def mark_seen(session: Session, user_id: int, run_id: int) -> None:
    user = session.get(User, user_id)
    if user is not None and run_id > user.seen_run_id:
        user.seen_run_id = run_id
        session.add(user)
