"""What a person is told: their notifications, the unread count, and the runs since they last looked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from astra_tui.core.money import format_money
from astra_tui.core.read.db import Reader, limited, one
from astra_tui.vocab import Outcome


@dataclass(frozen=True)
class NotificationRow:
    id: int
    created_at: dt.datetime  # in UTC
    kind: str
    message: str
    read: bool


def stored_instant(text: str) -> dt.datetime:
    """An instant as the tables keep it (naive UTC text), as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def notifications(db: Reader, user_id: int, before_id: int | None = None,
                  limit: int | None = None) -> list[NotificationRow]:
    """A person's notifications, newest first, after the keyset ``before_id``."""
    sql = "SELECT id, created_at, kind, message, read FROM notifications WHERE user_id = ?"
    params: tuple[int, ...] = (user_id,)
    if before_id is not None:
        sql, params = sql + " AND id < ?", (user_id, before_id)
    return [NotificationRow(i, stored_instant(at), kind, message, bool(read)) for i, at, kind, message, read
            in db.execute(*limited(sql + " ORDER BY id DESC", params, limit))]


def notification_count(db: Reader, user_id: int) -> int:
    return int(one(db, "SELECT count(*) FROM notifications WHERE user_id = ?", (user_id,)))


def unread_count(db: Reader, user_id: int) -> int:
    return int(one(db, "SELECT count(*) FROM notifications WHERE user_id = ? AND read = 0", (user_id,)))


@dataclass(frozen=True)
class Inbox:
    unread: int
    newest: str | None  # the newest notification's message, for a toast


def inbox(db: Reader, user_id: int | None) -> Inbox:
    """How many notifications are unread, and the newest one's message."""
    if user_id is None:
        return Inbox(0, None)
    newest = one(db, "SELECT message FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,))
    return Inbox(unread_count(db, user_id), newest)


# -- the since-last-run summary -------------------------------------------------------

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


_UNSEEN = "FROM routine_runs run JOIN routines r ON r.id = run.routine_id WHERE r.user_id = ? AND run.id > ? " \
          "AND run.id <= ?"


def since_last_run(db: Reader, user_id: int, max_lines: int = 200) -> SinceLastRun:
    """Runs of the person's routines that they have not been told about yet."""
    seen = one(db, "SELECT seen_run_id FROM users WHERE id = ?", (user_id,))
    if seen is None:
        return SinceLastRun()
    # Up to the newest run at this moment: a run another process adds meanwhile is told next time.
    newest = int(one(db, "SELECT max(id) FROM routine_runs") or 0)
    params = (user_id, seen, newest)
    counts = dict(db.execute(f"SELECT run.outcome, count(*) {_UNSEEN} GROUP BY run.outcome", params).fetchall())
    summary = SinceLastRun(counts.get(Outcome.TRANSFERRED, 0), counts.get(Outcome.FAILED, 0),
                           counts.get(Outcome.SKIPPED, 0), newest_run_id=newest)
    rows = db.execute("SELECT run.due_on, run.outcome, r.name, t.amount, run.reason "
                      f"{_UNSEEN.replace('WHERE', 'LEFT JOIN transfers t ON t.id = run.transfer_id WHERE', 1)} "
                      "ORDER BY run.id DESC LIMIT ?", (*params, max_lines))
    for due_on, outcome, name, amount, reason in rows:
        moved = f" {format_money(amount)}" if amount is not None else ""
        why = f" — {reason}" if reason else ""
        summary.lines.append(f"{due_on}  {outcome:<11} {name}{moved}{why}")
    return summary


def newest_untold_run(db: Reader, user_id: int) -> int:
    """The newest run id if the person has not been told up to it yet, else 0 (nothing to mark)."""
    seen = one(db, "SELECT seen_run_id FROM users WHERE id = ?", (user_id,))
    newest = int(one(db, "SELECT max(id) FROM routine_runs") or 0)
    return newest if seen is not None and newest > seen else 0
