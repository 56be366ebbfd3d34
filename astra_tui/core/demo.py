"""A demo household: two people, everyday accounts, three months of activity, one routine of each kind,
a monthly payment of the credit card, a rent pot, and the pay, rent and bills they expect.

Built through the same services a person uses, relative to the clock, and
deterministic (a fixed seed), so snapshots and screenshots are stable.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from astra_tui.core import ledger, planned, routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.clock import Clock, FixedClock, at_local
from astra_tui.core.money import money_json
from astra_tui.core.processor import process_due
from astra_tui.core.service import apply
from astra_tui.db.models import User
from astra_tui.vocab import AccountKind, Frequency

_SHOPS = ("Grocer", "Coffee", "Pharmacy", "Hardware store", "Bookshop", "Bakery", "Fuel", "Market")


def build_demo(engine: Engine, clock: Clock) -> None:
    """Fill an empty database with the demo household; a database with users is left alone."""
    with Session(engine) as session:
        if session.exec(select(User)).first() is not None:
            return
    apply(engine, clock, _household)
    process_due(engine, clock)


def _household(session: Session, clock: Clock) -> None:
    rng = random.Random(20261122)
    today = clock.today()
    # The household opened its accounts before the three months of history below.
    opened = FixedClock(at_local(today - dt.timedelta(days=91), 9))
    alex = ledger.add_user(session, opened, "Alex", "2,500")
    sam = ledger.add_user(session, opened, "Sam", "1,000")
    checking = ledger.add_account(session, opened, alex.name, "Checking", AccountKind.CHECKING, "2,400.00")
    savings = ledger.add_account(session, opened, alex.name, "Savings", AccountKind.SAVINGS, "8,150.00")
    card = ledger.add_account(session, opened, alex.name, "Travel card", AccountKind.CREDIT_CARD, "-312.40")
    bills = ledger.add_account(session, opened, alex.name, "Bills", AccountKind.CHECKING, "300.00")
    sam_checking = ledger.add_account(session, opened, sam.name, "Sam's checking", AccountKind.CHECKING, "1,280.00")
    ledger.add_account(session, opened, sam.name, "Sam's savings", AccountKind.SAVINGS, "3,600.00")

    for days_ago in range(90, 0, -1):
        day = today - dt.timedelta(days=days_ago)
        if day.day in (1, 15):
            ledger.add_transaction(session, clock, checking.id, "2,150.00", day, "Salary")
            ledger.add_transaction(session, clock, sam_checking.id, "1,400.00", day, "Salary")
        if day.day == 1:
            ledger.add_transaction(session, clock, checking.id, "-1,850.00", day, "Rent")
        if rng.random() < 0.6:
            cents = rng.randint(250, 9_000)
            ledger.add_transaction(session, clock, checking.id, "-" + money_json(cents), day, rng.choice(_SHOPS))
        if rng.random() < 0.3:
            cents = rng.randint(500, 12_000)
            ledger.add_transaction(session, clock, card.id, "-" + money_json(cents), day, rng.choice(_SHOPS))
        if day.day == 3:
            ledger.add_transaction(session, clock, bills.id, "-95.00", day, "Electricity")

    start = today.isoformat()
    bodies: list[dict[str, Any]] = [
        {"type": "one-time", "name": "Pay back lunch", "source_id": checking.id, "destination_id": savings.id,
         "amount": 20},
        {"type": "one-time", "name": "Holiday fund top-up", "source_id": checking.id,
         "destination_id": savings.id, "amount": 150, "start_date": (today + dt.timedelta(days=10)).isoformat()},
        {"type": "recurring", "name": "Monthly saving", "source_id": checking.id, "destination_id": savings.id,
         "amount": 200, "start_date": start, "frequency": Frequency.MONTHLY},
        {"type": "sweep", "name": "Sweep the extra", "source_id": checking.id, "destination_id": savings.id,
         "min_balance": 2_500, "start_date": (today + dt.timedelta(days=7)).isoformat(),
         "frequency": Frequency.BIWEEKLY},
        {"type": "percentage-based", "name": "Save a third of pay", "source_id": checking.id,
         "destination_id": savings.id, "percent_of_transaction": 33, "minimum_transaction_threshold": 500,
         "start_date": start},
        {"type": "percentage-balance", "name": "Skim 5 %", "source_id": savings.id, "destination_id": bills.id,
         "percent_of_balance": 5, "start_date": (today + dt.timedelta(days=14)).isoformat(),
         "frequency": Frequency.MONTHLY},
        {"type": "refill", "name": "Keep bills topped up", "source_id": checking.id, "destination_id": bills.id,
         "amount": 100, "threshold": 200, "start_date": start},
        {"type": "round-up", "name": "Card round-ups", "source_id": checking.id, "destination_id": savings.id,
         "spending_id": card.id, "start_date": (today + dt.timedelta(days=2)).isoformat()},
        {"type": "fifty-two-week", "name": "52-week challenge", "source_id": checking.id,
         "destination_id": savings.id, "amount_start": 1, "amount_increment": 1, "start_date": start},
        {"type": "one-time", "name": "Rent share to Sam", "source_id": checking.id,
         "destination_id": sam_checking.id, "destination_user_id": sam.id, "amount": 450,
         "start_date": (today + dt.timedelta(days=3)).isoformat()},
        {"type": "recurring", "name": "Pay the travel card", "source_id": checking.id, "destination_id": card.id,
         "amount": 500, "start_date": (today + dt.timedelta(days=6)).isoformat(), "frequency": Frequency.MONTHLY},
        # Bills holds about $215 on the day: the forecast warns it would fail (a failure seen coming).
        {"type": "one-time", "name": "Car insurance pot", "source_id": bills.id, "destination_id": savings.id,
         "amount": 400, "start_date": (today + dt.timedelta(days=5)).isoformat()},
        # The rent goes to Bills on the 1st; the rent itself is a planned bill of Bills, below.
        {"type": "recurring", "name": "Rent to Bills", "source_id": checking.id, "destination_id": bills.id,
         "amount": 1_850, "start_date": _next_day_of_month(today, 1).isoformat(), "frequency": Frequency.MONTHLY},
    ]
    for body in bodies:
        routines.create_routine(session, clock, alex, parse_body(body))
    # A payday after the percentage routine exists, so a pending transfer shows tomorrow.
    ledger.add_transaction(session, clock, checking.id, "1,200.00", today, "Bonus")
    # What the household expects: pay on the 1st and the 15th, the rent and the electricity (the forecast counts
    # on them; each waits to be recorded when its day comes).
    first, fifteenth, third = (_next_day_of_month(today, n) for n in (1, 15, 3))
    for owner, account, what, amount, day in (
            (alex, checking, "Salary", "2,150.00", first), (alex, checking, "Salary", "2,150.00", fifteenth),
            (alex, bills, "Rent", "-1,850.00", first), (alex, bills, "Electricity", "-95.00", third),
            (sam, sam_checking, "Salary", "1,400.00", first), (sam, sam_checking, "Salary", "1,400.00", fifteenth)):
        planned.add_planned(session, clock, owner.id, account.id, what, amount, day.isoformat(), Frequency.MONTHLY)
    # An invoice paid two days ago that nobody has recorded yet: it waits as expected, to be recorded or dismissed
    # (planned the week before, when that date was still to come).
    paid_on = today - dt.timedelta(days=2)
    planned.add_planned(session, FixedClock(at_local(paid_on - dt.timedelta(days=7), 9)), alex.id, checking.id,
                        "Freelance invoice", "300.00", paid_on.isoformat())


def _next_day_of_month(today: dt.date, day: int) -> dt.date:
    """The next date, after today, that falls on ``day`` of its month."""
    candidate = today.replace(day=day)
    if candidate <= today:
        candidate = (candidate.replace(day=1) + dt.timedelta(days=32)).replace(day=day)
    return candidate
