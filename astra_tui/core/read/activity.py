"""An account's activity: its transactions, newest first, a keyset page at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from astra_tui.core.errors import NotFound, checked
from astra_tui.core.parsing import parse_id
from astra_tui.core.read.db import Reader, limited, one


@dataclass(frozen=True)
class TransactionRow:
    id: int
    account_id: int
    posted_on: dt.date
    amount: int
    description: str
    origin: str
    transfer_id: int | None


_TRANSACTIONS = "SELECT id, account_id, posted_on, amount, description, origin, transfer_id FROM transactions"


def _row(row: Any) -> TransactionRow:
    return TransactionRow(row[0], row[1], dt.date.fromisoformat(row[2]), row[3], row[4] or "", row[5], row[6])


def transactions(db: Reader, account_id: int, after: tuple[dt.date, int] | None = None,
                 limit: int | None = None) -> list[TransactionRow]:
    """An account's transactions, newest first, after the keyset ``after`` (date, id)."""
    sql = f"{_TRANSACTIONS} WHERE account_id = ?"
    params: tuple[Any, ...] = (account_id,)
    if after is not None:
        day, last_id = after
        sql += " AND (posted_on < ? OR (posted_on = ? AND id < ?))"
        params += (day.isoformat(), day.isoformat(), last_id)
    return [_row(r) for r in db.execute(*limited(sql + " ORDER BY posted_on DESC, id DESC", params, limit))]


def transaction_count(db: Reader, account_id: int) -> int:
    """How many transactions an account has (an index range count: the paging's total)."""
    return int(one(db, "SELECT count(*) FROM transactions WHERE account_id = ?", (account_id,)))


def transaction(db: Reader, ref: Any) -> TransactionRow:
    transaction_id = checked("transaction", parse_id, ref)
    row = db.execute(f"{_TRANSACTIONS} WHERE id = ?", (transaction_id,)).fetchone()
    if row is None:
        raise NotFound("transaction", f"transaction {transaction_id} does not exist")
    return _row(row)
