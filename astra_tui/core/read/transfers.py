"""Transfers, newest first, one keyset page at a time: the history screen and ``transfers list``.

"Sent or received" is an OR over two indexed columns; SQLite answers an OR by collecting every match
and sorting it, which takes seconds on a lifetime of transfers. Here each half is its own ordered
index scan that stops after the page, and only the two short lists are merged and sorted
(1.5 s → 10 ms for an account's history on 500,000 transfers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from astra_tui.core.errors import NotFound, checked
from astra_tui.core.parsing import parse_id
from astra_tui.core.read.accounts import by_id
from astra_tui.core.read.db import Reader


@dataclass(frozen=True)
class TransferFilter:
    status: str | None = None
    account_id: int | None = None
    routine_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class TransferRow:
    id: int
    routine_id: int
    routine_type: str  # the routine's Astra type
    routine_start: dt.date | None  # with the type and the receiver, what tells the routine's kind
    routine_receiver: int | None
    routine_name: str
    source_id: int
    source: str  # the accounts' names
    destination_id: int
    destination: str
    amount: int
    status: str
    scheduled_for: dt.date
    reason: str
    capped: bool

    @property
    def kind_label(self) -> str:
        """The routine's kind as the app says it ("52-week challenge"). Asked of the kinds only when shown, so
        the command line lists transfers without loading them."""
        from astra_tui.core.kinds import kind_for

        return kind_for(self.routine_type, self.routine_start, self.routine_receiver).label


Condition = tuple[str, tuple[Any, ...]]  # an SQL term and its parameters


def _sides(user_id: int | None, account_id: int | None) -> list[list[Condition]]:
    """The disjoint halves of "sent or received", each led by an equality that an index is ordered under."""
    mine = [] if user_id is None else [("(user_id = ? OR destination_user_id = ?)", (user_id, user_id))]
    if account_id is not None:
        return [[("source_id = ?", (account_id,)), *mine],
                [("destination_id = ?", (account_id,)), ("source_id != ?", (account_id,)), *mine]]
    if user_id is not None:
        # The second term, written exactly so, lets SQLite use the partial index ix_transfers_received.
        return [[("user_id = ?", (user_id,))],
                [("destination_user_id = ?", (user_id,)), ("destination_user_id != user_id", ())]]
    return [[]]


def _conditions(user_id: int | None, f: TransferFilter) -> tuple[list[list[Condition]], list[Condition]]:
    """The sides of "sent or received" (see ``_sides``) and the filters common to both."""
    common: list[Condition] = []
    if f.routine_id is not None:
        common.append(("routine_id = ?", (f.routine_id,)))
    if f.status is not None:
        common.append(("status = ?", (f.status,)))
    if f.date_from is not None:
        common.append(("scheduled_for >= ?", (f.date_from.isoformat(),)))
    if f.date_to is not None:
        common.append(("scheduled_for <= ?", (f.date_to.isoformat(),)))
    sides = _sides(None if f.routine_id is not None else user_id, f.account_id)
    if f.routine_id is not None and user_id is not None:
        common.append(("(user_id = ? OR destination_user_id = ?)", (user_id, user_id)))
    return sides, common


def _where(terms: list[Condition]) -> tuple[str, tuple[Any, ...]]:
    if not terms:
        return "", ()
    return " WHERE " + " AND ".join(t for t, _ in terms), tuple(p for _, params in terms for p in params)


_NEWEST_FIRST = " ORDER BY scheduled_for DESC, id DESC"
_COLUMNS = ("t.id, t.routine_id, r.type, r.start_date, r.destination_user_id, r.name, t.source_id, "
            "t.destination_id, t.amount, t.status, t.scheduled_for, t.reason, t.capped")


def transfers_sql(user_id: int | None, f: TransferFilter, after: tuple[dt.date, int] | None = None,
                  limit: int | None = None) -> tuple[str, tuple[Any, ...]]:
    """The query of a page: the ids of each side's ordered index scan, stopped at the page, merged."""
    sides, common = _conditions(user_id, f)
    if after is not None:
        day, last_id = after
        common.append(("(scheduled_for < ? OR (scheduled_for = ? AND id < ?))",
                       (day.isoformat(), day.isoformat(), last_id)))
    scans: list[str] = []
    params: list[Any] = []
    for side in sides:
        where, values = _where(side + common)
        scan = f"SELECT id FROM transfers{where}{_NEWEST_FIRST}"
        params += values
        if limit:
            scan += " LIMIT ?"
            params.append(limit)
        scans.append(f"SELECT id FROM ({scan})")
    sql = (f"SELECT {_COLUMNS} FROM transfers t JOIN routines r ON r.id = t.routine_id "
           f"JOIN ({' UNION ALL '.join(scans)}) ids ON ids.id = t.id ORDER BY t.scheduled_for DESC, t.id DESC")
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, tuple(params)


def _rows(db: Reader, found: list[Any]) -> list[TransferRow]:
    names = by_id(db) if found else {}
    return [TransferRow(tid, rid, rtype, dt.date.fromisoformat(start) if start else None, receiver, rname,
                        source, names[source].name, destination, names[destination].name, amount, status,
                        dt.date.fromisoformat(day), reason or "", bool(capped))
            for tid, rid, rtype, start, receiver, rname, source, destination, amount, status, day, reason, capped
            in found]


def transfers(db: Reader, user_id: int | None = None, filters: TransferFilter = TransferFilter(),
              after: tuple[dt.date, int] | None = None, limit: int | None = None) -> list[TransferRow]:
    """Transfers a person (or anyone) sent or received, newest first, after the keyset ``after``
    (date, id): one page when a ``limit`` is given."""
    return _rows(db, db.execute(*transfers_sql(user_id, filters, after, limit)).fetchall())


def transfer_count(db: Reader, user_id: int | None = None, filters: TransferFilter = TransferFilter()) -> int:
    """How many transfers ``transfers`` would list in all: one index count per side, added up."""
    sides, common = _conditions(user_id, filters)
    total = 0
    for side in sides:
        where, params = _where(side + common)
        total += db.execute(f"SELECT count(*) FROM transfers{where}", params).fetchone()[0]
    return total


def transfer(db: Reader, ref: Any) -> TransferRow:
    transfer_id = checked("transfer", parse_id, ref)
    found = db.execute(f"SELECT {_COLUMNS} FROM transfers t JOIN routines r ON r.id = t.routine_id "
                       "WHERE t.id = ?", (transfer_id,)).fetchall()
    if not found:
        raise NotFound("transfer", f"transfer {transfer_id} does not exist")
    return _rows(db, found)[0]
