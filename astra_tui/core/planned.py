"""Planned income and bills (issue 11 §1): adding, changing and deleting them, and recording or dismissing
one of their dates.

A planned item is never posted by itself: only the person knows whether the money came. Recording a date
makes it a manual transaction on that date — so it sets percentage-of-deposit routines going and counts
for round-ups like any other — and dismissing one records nothing in the ledger. Every function takes an
open Session and the clock, checks everything before it writes, and raises AstraError naming the field;
the caller commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session

from astra_tui.core.clock import Clock
from astra_tui.core.errors import AstraError, NotFound, checked
from astra_tui.core.ledger import (
    account_label,
    add_transaction,
    find_user,
    get_account,
    get_row,
    transaction_amount,
    transaction_description,
)
from astra_tui.core.money import money_json
from astra_tui.core.read.planned import PlannedRow, handled, planned_item
from astra_tui.core.schedule import FREQUENCIES, parse_date
from astra_tui.db import models as m
from astra_tui.db.engine import session_driver
from astra_tui.db.models import PlannedItem, PlannedOccurrence, Transaction
from astra_tui.vocab import AccountStatus, PlannedOutcome, PlannedStatus

ONCE = "once"  # what ``every`` says for an item that falls on one date
NO_END = "none"  # what ``until`` says to take an end date away


def _frequency(value: Any) -> str | None:
    if value in (None, "", ONCE):
        return None
    if value not in FREQUENCIES:
        raise AstraError("every", f"{value!r} is not a schedule; expected once, weekly, bi-weekly or monthly")
    return str(value)


def _start(clock: Clock, value: Any) -> dt.date:
    day = checked("date", parse_date, value)
    if day < clock.today():
        raise AstraError("date", f"{day} is before today ({clock.today()}); record what already happened as a "
                         "transaction")
    return day


def _end(value: Any) -> dt.date | None:
    if value in (None, "", NO_END):
        return None
    return checked("until", parse_date, value)


def _check_schedule(start: dt.date, frequency: str | None, end: dt.date | None) -> None:
    if end is None:
        return
    if frequency is None:
        raise AstraError("until", "an end date needs a schedule (every week, two weeks or month)")
    if end < start:
        raise AstraError("until", f"{end} is before the first date ({start})")


def _description(value: Any) -> str:
    text = transaction_description(value)
    if not text:
        raise AstraError("description", "is empty; say what the money is (Salary, Rent)")
    return text


def _own_open_account(session: Session, user: m.User, ref: Any) -> m.Account:
    account = get_account(session, ref)
    if account.user_id != user.id:
        raise AstraError("account", f"{account_label(account)} does not belong to {user.name}")
    if account.status == AccountStatus.CLOSED:
        raise AstraError("account", f"{account_label(account)} is closed; a closed account is read-only")
    return account


def add_planned(session: Session, clock: Clock, user_ref: Any, account_ref: Any, description: Any, amount: Any,
                start_on: Any, every: Any = None, until: Any = None) -> PlannedItem:
    """A new planned item: income (a positive amount) or a bill (negative), on ``start_on`` and then
    ``every`` week, two weeks or month (none: once), not after ``until``."""
    user = find_user(session, user_ref)
    account = _own_open_account(session, user, account_ref)
    text = _description(description)
    cents = transaction_amount(amount)
    start = _start(clock, start_on)
    frequency = _frequency(every)
    end = _end(until)
    _check_schedule(start, frequency, end)
    now = clock.now()
    item = PlannedItem(user_id=m.row_id(user), account_id=m.row_id(account), description=text, amount=cents,
                       start_on=start, frequency=frequency, end_on=end, status=PlannedStatus.ACTIVE, created_at=now,
                       updated_at=now)
    session.add(item)
    session.flush()
    return item


def get_planned(session: Session, ref: Any) -> PlannedItem:
    item = get_row(session, PlannedItem, "planned item", ref, "planned")
    if item.status == PlannedStatus.DELETED:
        raise AstraError("planned", f"{item.description} (planned {item.id}) is deleted")
    return item


_UNCHANGED = object()


def _same_day(value: Any, day: dt.date) -> bool:
    """``value`` is ``day`` as given again (a script sending every field back): not a new first date."""
    try:
        return parse_date(value) == day
    except (TypeError, ValueError):
        return False


def update_planned(session: Session, clock: Clock, ref: Any, *, description: Any = None, amount: Any = None,
                   start_on: Any = None, every: Any = _UNCHANGED, until: Any = _UNCHANGED) -> PlannedItem:
    """Change what is given (None or unchanged leaves a field as it is), with the checks of adding one. A new
    first date or schedule starts it anew from that date (not before today): dates of the old schedule still
    expected are no longer expected, so record them first if the money came."""
    item = get_planned(session, ref)
    text = item.description if description is None else _description(description)
    cents = item.amount if amount is None else transaction_amount(amount)
    start = item.start_on if start_on is None or _same_day(start_on, item.start_on) else _start(clock, start_on)
    frequency = item.frequency if every is _UNCHANGED else _frequency(every)
    end = item.end_on if until is _UNCHANGED else _end(until)
    if (start, frequency) != (item.start_on, item.frequency) and start < clock.today():
        raise AstraError("date", f"a new schedule needs a first date from today ({clock.today()}) on")
    _check_schedule(start, frequency, end)
    item.description, item.amount, item.start_on, item.frequency, item.end_on = text, cents, start, frequency, end
    item.updated_at = clock.now()
    session.add(item)
    session.flush()
    return item


def delete_planned(session: Session, clock: Clock, ref: Any) -> PlannedItem:
    """No more dates of it are expected or forecast; the dates already recorded stay as transactions."""
    item = get_planned(session, ref)
    item.status = PlannedStatus.DELETED
    item.updated_at = clock.now()
    session.add(item)
    return item


def _row_of(session: Session, item: PlannedItem) -> PlannedRow:
    return planned_item(session_driver(session), m.row_id(item))


def _date_to_act_on(session: Session, clock: Clock, item: PlannedItem, due_on: Any) -> dt.date:
    """The date a record or a dismissal is about: ``due_on`` (one of the item's dates that has come and is
    not recorded or dismissed yet), or else the oldest such date."""
    row = _row_of(session, item)
    today = clock.today()
    done = handled(session_driver(session), [row.id])
    waiting = [day for day in row.dates(row.start_on, today) if (row.id, day) not in done]
    if due_on not in (None, ""):
        day = checked("date", parse_date, due_on)
        if day > today:
            raise AstraError("date", f"{day} has not come yet; a planned date is recorded once it has come")
        if day not in set(row.dates(day, day)):
            raise AstraError("date", f"{day} is not one of the dates of {row.label} ({row.schedule})")
        if (row.id, day) in done:
            raise AstraError("date", f"{row.label} on {day} is already recorded or dismissed")
        return day
    if not waiting:
        upcoming = next((day for day in row.dates(today, dt.date.max) if (row.id, day) not in done), None)
        after = f"; its next date is {upcoming}" if upcoming else "; it has no more dates"
        raise AstraError("planned", f"nothing of {row.label} is expected yet{after}")
    return waiting[0]


def record_planned(session: Session, clock: Clock, ref: Any, due_on: Any = None,
                   amount: Any = None) -> tuple[PlannedOccurrence, Transaction]:
    """The money came: a manual transaction on the date (of ``amount``, signed; else the planned amount), which
    sets going what any deposit or purchase would."""
    item = get_planned(session, ref)
    day = _date_to_act_on(session, clock, item, due_on)
    cents = item.amount if amount in (None, "") else transaction_amount(amount)
    try:
        txn = add_transaction(session, clock, item.account_id, money_json(cents), day, item.description)
    except NotFound:
        raise AstraError("planned", f"the account of {item.description} no longer exists") from None
    occurrence = PlannedOccurrence(planned_id=m.row_id(item), due_on=day, outcome=PlannedOutcome.RECORDED,
                                   transaction_id=m.row_id(txn), created_at=clock.now())
    session.add(occurrence)
    session.flush()
    return occurrence, txn


def dismiss_planned(session: Session, clock: Clock, ref: Any, due_on: Any = None) -> PlannedOccurrence:
    """The money did not come (or will not): the date is no longer expected; nothing is recorded."""
    item = get_planned(session, ref)
    day = _date_to_act_on(session, clock, item, due_on)
    occurrence = PlannedOccurrence(planned_id=m.row_id(item), due_on=day, outcome=PlannedOutcome.DISMISSED,
                                   created_at=clock.now())
    session.add(occurrence)
    session.flush()
    return occurrence


def forget_recorded(session: Session, transaction_id: int) -> None:
    """A recorded date whose transaction is deleted is expected again (the person deleted the record)."""
    session_driver(session).execute("DELETE FROM planned_occurrences WHERE transaction_id = ?", (transaction_id,))
