"""Planned income and bills: the items, their dates in a span, and the dates that are expected now.

A date of a planned item is *expected* once it has come (on or before today) until the person records it
(a manual transaction) or dismisses it; dates still to come are what the forecast counts on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from astra_tui.core import schedule
from astra_tui.core.errors import NotFound, checked
from astra_tui.core.money import format_money
from astra_tui.core.parsing import parse_id
from astra_tui.core.read.db import Reader, limited
from astra_tui.vocab import PlannedStatus


@dataclass(frozen=True)
class PlannedRow:
    id: int
    user_id: int
    account_id: int
    account: str  # the account's name
    description: str
    amount: int  # income positive, a bill negative
    start_on: dt.date
    frequency: str | None  # None: once
    end_on: dt.date | None
    status: str

    def dates(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """The item's dates from ``first`` to ``last`` (both included), oldest first."""
        yield from dates_of(self.start_on, self.frequency, self.end_on, first, last)

    @property
    def schedule(self) -> str:
        """When it falls, in words: "on 2026-12-25", "monthly from 2026-12-25 until 2027-06-25"."""
        if self.frequency is None:
            return f"on {self.start_on}"
        until = f" until {self.end_on}" if self.end_on else ""
        return f"{schedule.frequency_label(self.frequency)} from {self.start_on}{until}"

    @property
    def kind(self) -> str:
        return "income" if self.amount > 0 else "bill"

    @property
    def label(self) -> str:
        """The item as both a person and a script know it: ``Salary (planned 3)``."""
        return f"{self.description} (planned {self.id})"


def dates_of(start: dt.date, frequency: str | None, end: dt.date | None, first: dt.date,
             last: dt.date) -> Iterator[dt.date]:
    """The dates of a schedule from ``first`` to ``last``: once on ``start``, or every period from ``start``
    (month ends clamped, always counted from ``start``, as routines are), not after ``end``."""
    if end is not None:
        last = min(last, end)
    if frequency is None:
        if first <= start <= last:
            yield start
        return
    n = schedule.last_index_on_or_before(start, frequency, first - dt.timedelta(days=1)) + 1
    while (day := schedule.nth_date(start, frequency, n)) <= last:
        yield day
        n += 1


@dataclass(frozen=True)
class Occurrence:
    """One date of a planned item, not recorded or dismissed (yet)."""

    planned_id: int
    user_id: int
    account_id: int
    account: str
    description: str
    due_on: dt.date
    amount: int

    @property
    def said(self) -> str:
        """"Salary: $3,000.00 into Checking on 2026-12-25"."""
        into = "into" if self.amount > 0 else "from"
        return f"{self.description}: {format_money(abs(self.amount))} {into} {self.account} on {self.due_on}"


_ITEMS = ("SELECT p.id, p.user_id, p.account_id, a.name, p.description, p.amount, p.start_on, p.frequency, "
          "p.end_on, p.status FROM planned_items p JOIN accounts a ON a.id = p.account_id")


def _row(row: Any) -> PlannedRow:
    return PlannedRow(row[0], row[1], row[2], row[3], row[4], row[5], dt.date.fromisoformat(row[6]), row[7],
                      dt.date.fromisoformat(row[8]) if row[8] else None, row[9])


def planned_items(db: Reader, user_id: int | None = None, account_id: int | None = None,
                  include_deleted: bool = False, limit: int | None = None) -> list[PlannedRow]:
    """A person's planned items (or everyone's, or one account's), in the order they were added."""
    where: list[str] = []
    params: list[Any] = []
    if user_id is not None:
        where.append("p.user_id = ?")
        params.append(user_id)
    if account_id is not None:
        where.append("p.account_id = ?")
        params.append(account_id)
    if not include_deleted:
        where.append("p.status = ?")
        params.append(PlannedStatus.ACTIVE)
    sql = _ITEMS + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY p.id"
    return [_row(r) for r in db.execute(*limited(sql, tuple(params), limit))]


def planned_item(db: Reader, ref: Any, field: str = "planned") -> PlannedRow:
    planned_id = checked(field, parse_id, ref)
    row = db.execute(f"{_ITEMS} WHERE p.id = ?", (planned_id,)).fetchone()
    if row is None:
        raise NotFound(field, f"planned item {planned_id} does not exist")
    return _row(row)


def handled(db: Reader, planned_ids: list[int]) -> set[tuple[int, dt.date]]:
    """The (item, date) pairs the person recorded or dismissed."""
    if not planned_ids:
        return set()
    marks = ",".join("?" * len(planned_ids))
    return {(pid, dt.date.fromisoformat(day)) for pid, day in db.execute(
        f"SELECT planned_id, due_on FROM planned_occurrences WHERE planned_id IN ({marks})", tuple(planned_ids))}


def occurrences(db: Reader, first: dt.date, last: dt.date, user_id: int | None = None,
                account_id: int | None = None, items: list[PlannedRow] | None = None) -> list[Occurrence]:
    """The dates from ``first`` to ``last`` of the active planned items (a person's, an account's, or all),
    less those recorded or dismissed: by date, then by item."""
    if items is None:
        items = planned_items(db, user_id, account_id)
    done = handled(db, [p.id for p in items])
    found = [Occurrence(p.id, p.user_id, p.account_id, p.account, p.description, day, p.amount)
             for p in items for day in p.dates(first, last) if (p.id, day) not in done]
    return sorted(found, key=lambda o: (o.due_on, o.planned_id))


def expected(db: Reader, today: dt.date, user_id: int | None = None,
             account_id: int | None = None) -> list[Occurrence]:
    """The dates that have come (up to ``today``) and that the person has not recorded or dismissed."""
    items = planned_items(db, user_id, account_id)
    if not items:
        return []
    return occurrences(db, min(p.start_on for p in items), today, items=items)


@dataclass(frozen=True)
class News:
    """Where a planned item stands today: the dates that have come and are expected, and the next date."""

    expected: list[dt.date]
    next_on: dt.date | None  # the next date after today (None: no more)


def news_of(db: Reader, items: list[PlannedRow], today: dt.date) -> list[tuple[PlannedRow, News]]:
    """Each item with its expected dates and its next date."""
    done = handled(db, [p.id for p in items])
    found = []
    for p in items:
        if p.status != PlannedStatus.ACTIVE:
            found.append((p, News([], None)))
            continue
        waiting = [day for day in p.dates(p.start_on, today) if (p.id, day) not in done]
        after = today + dt.timedelta(days=1)
        upcoming = next((day for day in p.dates(after, dt.date.max) if (p.id, day) not in done), None)
        found.append((p, News(waiting, upcoming)))
    return found
