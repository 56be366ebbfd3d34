"""Transfers of a fixed amount: quick, one-time, send-to-someone (one Astra ``one-time`` body) and recurring."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from astra_tui.core.kinds.base import (
    AMOUNT,
    FREQUENCY,
    START,
    BodyField,
    Form,
    Kind,
    Ledger,
    Repeating,
    RoutineLike,
    Skip,
    describe_schedule,
)
from astra_tui.core.kinds.registry import register
from astra_tui.core.kinds.values import BodyModel, Day, Frequency, Id, PositiveMoney
from astra_tui.core.money import format_money


class OneTimeBody(BodyModel):
    """Quick (no start_date), one-time (start_date), or P2P (destination_user_id)."""

    type: Literal["one-time"]
    amount: PositiveMoney
    start_date: Day | None = None
    destination_user_id: Id | None = None


class RecurringBody(BodyModel):
    type: Literal["recurring"]
    amount: PositiveMoney
    start_date: Day
    frequency: Frequency


class _Once(Kind):
    body = OneTimeBody
    pays_card = True  # quick, one-time and send-to-someone
    skip_refusal = "has a single run; delete it instead of skipping it"
    run_now_refusal = "runs once; to make it run today, change its start_date to today"

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        if index > 0:
            return None
        return r.start_date or r.created_on

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.amount is not None
        return r.amount


@register
class QuickKind(_Once):
    key = "quick"
    order = 10
    label = "Quick transfer"
    explanation = "Move an amount between two of your accounts right now."
    fields = (AMOUNT,)
    review_note = "A quick transfer runs as soon as you create it."

    def claims(self, start_date: dt.date | None, destination_user_id: int | None) -> bool:
        return start_date is None and destination_user_id is None

    def summary(self, r: RoutineLike) -> str:
        return f"{format_money(r.amount or 0)} at once"


@register
class OneTimeKind(_Once):
    key = "one-time"
    order = 20
    label = "One-time transfer"
    explanation = "Move an amount between two of your accounts once, on a date you choose."
    fields = (AMOUNT, START)

    def claims(self, start_date: dt.date | None, destination_user_id: int | None) -> bool:
        return start_date is not None and destination_user_id is None

    def summary(self, r: RoutineLike) -> str:
        return f"{format_money(r.amount or 0)} once on {r.start_date}"


@register
class PeerKind(_Once):
    key = "p2p"
    order = 100
    label = "Send to someone"
    explanation = "Send an amount from your account to another person's account in the household."
    fields = (AMOUNT, BodyField("start_date", "start_date", Form.DATE, "Start date", "YYYY-MM-DD",
                                optional=("Date (empty: send at once)", "Date")),
              BodyField("destination_user_id", "destination_user_id", Form.ID, "Send to"))

    def claims(self, start_date: dt.date | None, destination_user_id: int | None) -> bool:
        return destination_user_id is not None

    def summary(self, r: RoutineLike) -> str:
        when = f"on {r.start_date}" if r.start_date else "at once"
        return f"{format_money(r.amount or 0)} to another person {when}"


@register
class RecurringKind(Repeating):
    key = "recurring"
    body = RecurringBody
    order = 30
    label = "Recurring transfer"
    explanation = "Move the same amount every week, every two weeks or every month."
    fields = (AMOUNT, START, FREQUENCY)
    pays_card = True

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.amount is not None
        return r.amount

    def summary(self, r: RoutineLike) -> str:
        assert r.frequency and r.start_date
        return f"{format_money(r.amount or 0)} {describe_schedule(r.frequency, r.start_date)}"
