"""Accounts and their balances: a person's list, one account, and the home screen's view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from astra_tui.core.errors import NotFound, checked
from astra_tui.core.parsing import parse_id
from astra_tui.core.read import inbox, people, planned, runs
from astra_tui.core.read.db import Reader, limited
from astra_tui.vocab import AccountStatus


@dataclass(frozen=True)
class AccountRow:
    id: int
    user_id: int
    name: str
    kind: str
    status: str
    balance: int

    @property
    def label(self) -> str:
        """The account as both a person and a script know it: ``Rainy day (account 2)``."""
        return f"{self.name} (account {self.id})"


_ACCOUNTS = "SELECT id, user_id, name, kind, status, balance FROM accounts"


def accounts(db: Reader, user_id: int | None = None, *, open_only: bool = False,
             limit: int | None = None) -> list[AccountRow]:
    """Accounts in the order they were opened: a person's (or everyone's), only the open ones if asked
    (what a routine could use; credit cards too, the wizard narrows by kind)."""
    where: list[str] = []
    params: list[Any] = []
    if user_id is not None:
        where.append("user_id = ?")
        params.append(user_id)
    if open_only:
        where.append("status = ?")
        params.append(AccountStatus.OPEN)
    sql = _ACCOUNTS + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id"
    return [AccountRow(*r) for r in db.execute(*limited(sql, tuple(params), limit))]


def by_id(db: Reader) -> dict[int, AccountRow]:
    """Every account by its id (the names a list of transfers or routines shows)."""
    return {a.id: a for a in accounts(db)}


def account(db: Reader, ref: Any, field: str = "account") -> AccountRow:
    """The account numbered ``ref``, or an error naming ``field``."""
    account_id = checked(field, parse_id, ref)
    row = db.execute(f"{_ACCOUNTS} WHERE id = ?", (account_id,)).fetchone()
    if row is None:
        raise NotFound(field, f"account {account_id} does not exist")
    return AccountRow(*row)


@dataclass(frozen=True)
class AccountsView:
    """The home screen: whose it is, their accounts, the total of the open ones, and what needs a look."""

    user: people.UserRow | None
    accounts: list[AccountRow]
    total: int
    unread: int
    attention: int = 0  # routines that need attention (``runs.NEEDS_ATTENTION``)
    warnings: list[str] = field(default_factory=list)  # runs the forecast says would fail soon
    expected: list[planned.Occurrence] = field(default_factory=list)  # planned money that should have come


def accounts_view(db: Reader, user_id: int | None, today: dt.date) -> AccountsView:
    """The person's accounts (whom the app opens as when ``user_id`` is None). Plain SQL and no rules of
    the kinds: the app reads this before SQLAlchemy, SQLModel and pydantic are imported."""
    if user_id is None:
        user_id = people.current_user_id(db)
    found = people.user(db, user_id) if user_id is not None else None
    if found is None:
        return AccountsView(None, [], 0, 0)
    rows = accounts(db, found.id)
    total = sum(a.balance for a in rows if a.status != AccountStatus.CLOSED)
    return AccountsView(found, rows, total, inbox.unread_count(db, found.id), runs.attention_count(db, found.id),
                        runs.warnings(db, found.id, today), planned.expected(db, today, found.id))
