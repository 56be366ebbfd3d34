"""Small facts the app keeps between runs: who the current person is, and how far ahead to warn.

Written here; read by the read layer (``read.people.remembered_user_id``), with plain sqlite3, before
SQLAlchemy is imported.
"""

from __future__ import annotations

from sqlmodel import Session

from astra_tui.core.clock import Clock
from astra_tui.core.errors import AstraError, NotFound
from astra_tui.core.read.people import CURRENT_USER
from astra_tui.core.read.settings import WARNING_DAYS
from astra_tui.db.models import Setting, User

MAX_WARNING_DAYS = 90


def remember_current_user(session: Session, clock: Clock, user_id: int) -> None:
    """Remember ``user_id`` as the current person, for the next start of the app."""
    if session.get(User, user_id) is None:
        raise NotFound("user", f"user {user_id} does not exist")
    setting = session.get(Setting, CURRENT_USER) or Setting(key=CURRENT_USER, value="")
    setting.value = str(user_id)
    session.add(setting)


def set_warning_days(session: Session, clock: Clock, days: int) -> int:
    """Warn about runs the forecast says would fail within ``days`` days (from 1 to 90)."""
    if not 1 <= days <= MAX_WARNING_DAYS:
        raise AstraError("warning_days", f"{days} is not between 1 and {MAX_WARNING_DAYS} days")
    setting = session.get(Setting, WARNING_DAYS) or Setting(key=WARNING_DAYS, value="")
    setting.value = str(days)
    session.add(setting)
    return days
