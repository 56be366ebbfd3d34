"""What each screen shows, as plain data: read in a worker thread, drawn by the UI.

Nothing here knows about Textual; nothing here writes except ``mark_seen``
and ``mark_read``, which record what a person has been shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, col, select

from astra_tui.core.clock import Clock
from astra_tui.core.home import AccountRow, AccountsView, LatestRun, UserRow, attention_count, latest_runs  # noqa: F401  (shared row types)
from astra_tui.core.kinds import kind_of
from astra_tui.core.money import format_money
from astra_tui.core.preview import PreviewRow, Review, paused_note, preview_body, preview_routine  # noqa: F401
from astra_tui.core.queries import next_run_on
from astra_tui.core.settings import current_user_id
from astra_tui.db import models as m
from astra_tui.db.models import Account, Notification, Routine, RoutineRun, Transaction, Transfer, User

PAGE = 100
NO_RUN = LatestRun("", "", "", False)


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


def open_accounts(session: Session, user_id: int) -> list[AccountRow]:
    """A person's open accounts, credit cards too: what a routine could use (the wizard narrows it by kind)."""
    statement = select(Account).where(Account.user_id == user_id, Account.status == m.OPEN).order_by(Account.id)
    return [_account_row(a) for a in session.exec(statement)]


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


def activity_count(session: Session, account_id: int) -> int:
    """How many transactions an account has (an index range count: the paging's total)."""
    return session.exec(select(func.count()).select_from(Transaction)
                        .where(Transaction.account_id == account_id)).one()


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
    last_run: LatestRun = NO_RUN  # its latest run, and whether the routine needs attention

    @property
    def attention(self) -> str:
        """Why the routine needs attention, in one line, or "" when it does not."""
        run = self.last_run
        if not run.needs_attention:
            return ""
        if run.outcome == m.FAILED:
            return f"last run failed on {run.due_on}" + (f": {run.reason}" if run.reason else "")
        return "the routine failed"


def _next_run_text(session: Session, r: Routine) -> str:
    if r.status != m.ACTIVE:
        return "—"
    upcoming = next_run_on(session, r)
    return kind_of(r).next_run_words if upcoming is None else upcoming.isoformat()


def routine_row(session: Session, r: Routine, names: dict[int, AccountRow], last_run: LatestRun = NO_RUN) -> RoutineRow:
    kind = kind_of(r)
    assert r.id is not None
    return RoutineRow(r.id, kind.key, kind.label, r.name, names[r.source_id].name, names[r.destination_id].name,
                      kind.summary(r), r.status, _next_run_text(session, r), last_run)


def _latest_runs(session: Session, user_id: int, routine_id: int | None = None) -> dict[int, LatestRun]:
    return latest_runs(session.connection().exec_driver_sql, user_id, routine_id)


def routines_view(session: Session, user_id: int, include_deleted: bool = False) -> list[RoutineRow]:
    statement = select(Routine).where(Routine.user_id == user_id).order_by(Routine.id)
    if not include_deleted:
        statement = statement.where(Routine.status != m.DELETED)
    names = all_accounts(session)
    latest = _latest_runs(session, user_id)
    return [routine_row(session, r, names, latest.get(r.id or 0, NO_RUN)) for r in session.exec(statement)]


def routines_needing_attention(session: Session, user_id: int) -> int:
    """How many of the person's routines failed or whose latest run failed (the accounts screen reads
    the same count with plain sqlite3: ``home.attention_count``)."""
    return attention_count(session.connection().exec_driver_sql, user_id)


@dataclass(frozen=True)
class RunRow:
    due_on: dt.date
    outcome: str
    reason: str
    transfer_id: int | None


@dataclass(frozen=True)
class RoutineDetail:
    row: RoutineRow
    runs: list[RunRow]
    upcoming: list[PreviewRow]
    note: str = ""  # a paused routine: that it is paused and what activating it would do


def routine_detail(session: Session, clock: Clock, routine_id: int, run_limit: int = 200) -> RoutineDetail | None:
    r = session.get(Routine, routine_id)
    if r is None:
        return None
    runs = session.exec(select(RoutineRun).where(RoutineRun.routine_id == routine_id)
                        .order_by(col(RoutineRun.due_on).desc(), col(RoutineRun.id).desc()).limit(run_limit)).all()
    upcoming = preview_routine(session, clock, r) if r.status == m.ACTIVE else []
    note = paused_note(clock, r) if r.status == m.INACTIVE else ""
    last_run = _latest_runs(session, r.user_id, routine_id).get(routine_id, NO_RUN)
    return RoutineDetail(routine_row(session, r, all_accounts(session), last_run),
                         [RunRow(x.due_on, x.outcome, x.reason, x.transfer_id) for x in runs], upcoming, note)


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


def notification_count(session: Session, user_id: int) -> int:
    return session.exec(select(func.count()).select_from(Notification).where(Notification.user_id == user_id)).one()


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
    # Up to the newest run at this moment: a run another process adds meanwhile is told next time.
    newest = session.exec(select(func.max(RoutineRun.id))).one() or 0
    unseen = (Routine.user_id == user_id, col(RoutineRun.id) > user.seen_run_id, col(RoutineRun.id) <= newest)
    base = select(RoutineRun, Routine).join(Routine, col(Routine.id) == RoutineRun.routine_id).where(*unseen)
    counts = dict(session.exec(
        select(RoutineRun.outcome, func.count()).join(Routine, col(Routine.id) == RoutineRun.routine_id)
        .where(*unseen).group_by(RoutineRun.outcome)).all())
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


def newest_untold_run(session: Session, user_id: int) -> int:
    """The newest run id if the person has not been told up to it yet, else 0 (nothing to mark)."""
    user = session.get(User, user_id)
    newest = session.exec(select(func.max(RoutineRun.id))).one() or 0
    return newest if user is not None and newest > user.seen_run_id else 0


def mark_seen(session: Session, user_id: int, run_id: int) -> None:
    user = session.get(User, user_id)
    if user is not None and run_id > user.seen_run_id:
        user.seen_run_id = run_id
        session.add(user)
