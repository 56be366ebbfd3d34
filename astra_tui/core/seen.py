"""What a person has been shown: their notifications read, and the runs they have been told about.

Writes, in the caller's transaction (``service.apply``); the read layer reads what they record
(``read.inbox``).
"""

from __future__ import annotations

from sqlmodel import Session

from astra_tui.db.engine import session_driver


def mark_read(session: Session, user_id: int) -> None:
    """Every notification of the person is read (they opened the notifications)."""
    session_driver(session).execute("UPDATE notifications SET read = 1 WHERE user_id = ? AND read = 0", (user_id,))


def mark_seen(session: Session, user_id: int, run_id: int) -> None:
    """The person has been told of every run up to ``run_id`` (the since-last-run summary starts after it)."""
    session_driver(session).execute("UPDATE users SET seen_run_id = ? WHERE id = ? AND seen_run_id < ?",
                                    (run_id, user_id, run_id))
