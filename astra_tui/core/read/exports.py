"""The rows exports and statements are made of: transactions and transfers with their accounts and people
named, between two dates, in date order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from astra_tui.core.read.db import Reader


@dataclass(frozen=True)
class TransactionLine:
    id: int
    posted_on: str
    account_id: int
    account: str
    account_kind: str
    person: str
    amount: int
    description: str
    origin: str
    transfer_id: int | None


@dataclass(frozen=True)
class TransferLine:
    id: int
    scheduled_for: str
    status: str
    routine_id: int
    routine: str
    person: str
    source_id: int
    source: str
    destination_id: int
    destination: str
    amount: int
    reason: str


def _span(column: str, account_column: str | tuple[str, str], account_id: int | None, first: dt.date | None,
          last: dt.date | None) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if account_id is not None:
        columns = (account_column,) if isinstance(account_column, str) else account_column
        where.append("(" + " OR ".join(f"{c} = ?" for c in columns) + ")")
        params += [account_id] * len(columns)
    if first is not None:
        where.append(f"{column} >= ?")
        params.append(first.isoformat())
    if last is not None:
        where.append(f"{column} <= ?")
        params.append(last.isoformat())
    return (" WHERE " + " AND ".join(where)) if where else "", params


def transactions(db: Reader, account_id: int | None = None, first: dt.date | None = None,
                 last: dt.date | None = None) -> Iterator[TransactionLine]:
    """Every transaction (of one account, between two dates), oldest first."""
    where, params = _span("t.posted_on", "t.account_id", account_id, first, last)
    for row in db.execute(
            "SELECT t.id, t.posted_on, t.account_id, a.name, a.kind, u.name, t.amount, t.description, t.origin, "
            "t.transfer_id FROM transactions t JOIN accounts a ON a.id = t.account_id JOIN users u ON u.id = a.user_id"
            f"{where} ORDER BY t.posted_on, t.id", params):
        yield TransactionLine(*row)


def transfers(db: Reader, account_id: int | None = None, first: dt.date | None = None,
              last: dt.date | None = None, user_id: int | None = None, status: str | None = None,
              routine_id: int | None = None) -> Iterator[TransferLine]:
    """Every transfer (from or to one account, between two dates; one person's, sent or received; of a
    status; of a routine), oldest first: what the history shows, filtered as it is."""
    where, params = _span("t.scheduled_for", ("t.source_id", "t.destination_id"), account_id, first, last)
    more = [(clause, values) for clause, values, given in (
        ("(t.user_id = ? OR t.destination_user_id = ?)", [user_id, user_id], user_id is not None),
        ("t.status = ?", [status], status is not None), ("t.routine_id = ?", [routine_id], routine_id is not None))
        if given]
    for clause, values in more:
        where = f"{where} AND {clause}" if where else f" WHERE {clause}"
        params += values
    for row in db.execute(
            "SELECT t.id, t.scheduled_for, t.status, t.routine_id, r.name, u.name, t.source_id, s.name, "
            "t.destination_id, d.name, t.amount, COALESCE(t.reason, '') FROM transfers t "
            "JOIN routines r ON r.id = t.routine_id JOIN users u ON u.id = t.user_id "
            "JOIN accounts s ON s.id = t.source_id JOIN accounts d ON d.id = t.destination_id"
            f"{where} ORDER BY t.scheduled_for, t.id", params):
        yield TransferLine(*row)


def balance_before(db: Reader, account_id: int, day: dt.date) -> int:
    """The account's balance at the end of the day before ``day``: every transaction dated earlier."""
    return int(db.execute("SELECT COALESCE(SUM(amount), 0) FROM transactions WHERE account_id = ? AND posted_on < ?",
                          (account_id, day.isoformat())).fetchone()[0])
