"""Small facts the app keeps between runs: who the current person is.

The app's start-up reads the same setting with plain sqlite3 (``home.remembered_user_id``),
before SQLAlchemy is imported; this module is how everything else reads and writes it.
"""

from __future__ import annotations

from sqlmodel import Session

from astra_tui.core.clock import Clock
from astra_tui.core.errors import NotFound
from astra_tui.db.models import Setting, User

CURRENT_USER = "current_user_id"


def current_user_id(session: Session) -> int | None:
    """The person the app last acted as, if they still exist."""
    setting = session.get(Setting, CURRENT_USER)
    if setting is None or not setting.value.isdigit():
        return None
    user = session.get(User, int(setting.value))
    return user.id if user is not None else None


def remember_current_user(session: Session, clock: Clock, user_id: int) -> None:
    """Remember ``user_id`` as the current person, for the next start of the app."""
    if session.get(User, user_id) is None:
        raise NotFound("user", f"user {user_id} does not exist")
    setting = session.get(Setting, CURRENT_USER) or Setting(key=CURRENT_USER, value="")
    setting.value = str(user_id)
    session.add(setting)
