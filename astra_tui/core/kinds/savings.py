"""Saving habits on a weekly schedule: round-ups of the week's purchases, and the 52-week challenge."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from astra_tui.core import money, schedule
from astra_tui.core.kinds.base import START, BodyField, Form, Kind, Ledger, RoutineLike, Skip, describe_schedule
from astra_tui.core.kinds.registry import register
from astra_tui.core.kinds.values import BodyModel, Day, Id, Parsed
from astra_tui.core.money import format_money

ROUND_UP_MINIMUM = 100
CHALLENGE_WEEKS = 52
FIFTY_TWO_WEEK_MIN, FIFTY_TWO_WEEK_MAX = 100, 500


def _challenge_step(value: Any) -> int:
    cents = money.parse_money(value)
    if not FIFTY_TWO_WEEK_MIN <= cents <= FIFTY_TWO_WEEK_MAX:
        raise ValueError(f"{format_money(cents)} is outside the challenge's range of $1.00 to $5.00")
    return cents


ChallengeStep = Annotated[int, Parsed(_challenge_step)]


class RoundUpBody(BodyModel):
    type: Literal["round-up"]
    spending_id: Id
    start_date: Day


class FiftyTwoWeekBody(BodyModel):
    type: Literal["fifty-two-week"]
    amount_start: ChallengeStep
    amount_increment: ChallengeStep
    start_date: Day


def round_up(debit: int) -> int:
    """How much rounds a debit up to the next whole dollar; an exact dollar rounds by 1.00."""
    cents = abs(debit) % 100
    return 100 - cents


class _Weekly(Kind):
    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        assert r.start_date is not None
        return schedule.nth_date(r.start_date, schedule.WEEKLY, index)


@register
class RoundUpKind(_Weekly):
    key = "round-up"
    body = RoundUpBody
    order = 80
    label = "Round-up"
    explanation = "Every week, round each purchase up to the next dollar and save the change."
    fields = (BodyField("spending_id", "spending_id", Form.ID, "Spending account"), START)
    run_now_refusal = "rounds up each week's purchases once, on its day; running it now would round some up twice"
    forecast_note = "Round-ups count planned bills only, not purchases nobody knows yet."

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.spending_id is not None
        first = max(due_on - dt.timedelta(days=7), r.created_on)
        last = due_on - dt.timedelta(days=1)
        total = sum(round_up(d) for d in ledger.debits(r.spending_id, first, last)) if first <= last else 0
        if total < ROUND_UP_MINIMUM:
            return Skip(f"the week's round-ups came to {format_money(total)}, under $1.00")
        return total

    def check_new_start(self, r: RoutineLike, start: dt.date, last_run_on: dt.date | None) -> str | None:
        if last_run_on is not None and start < last_run_on + dt.timedelta(days=7):
            return (f"must be on or after {last_run_on + dt.timedelta(days=7)}, a week after the last "
                    f"round-up ({last_run_on}), so that no purchase is rounded up twice")
        return None

    def summary(self, r: RoutineLike) -> str:
        assert r.start_date
        return f"round-ups {describe_schedule(schedule.WEEKLY, r.start_date)}"


@register
class FiftyTwoWeekKind(_Weekly):
    key = "fifty-two-week"
    body = FiftyTwoWeekBody
    order = 90
    label = "52-week challenge"
    explanation = "Save every week for a year, a little more each week than the week before."
    fields = (
        BodyField("amount_start", "amount_start", Form.MONEY, "First week's amount ($1–$5)", "1.00"),
        BodyField("amount_increment", "amount_increment", Form.MONEY, "Added each week ($1–$5)", "1.00"),
        START,
    )
    fails_with_last_run = False  # a missed last week still completes the challenge

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        if index >= CHALLENGE_WEEKS:
            return None
        return super().due_date(r, index)

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.amount_start is not None and r.amount_increment is not None
        return r.amount_start + index * r.amount_increment

    def check_new_start(self, r: RoutineLike, start: dt.date, last_run_on: dt.date | None) -> str | None:
        if r.next_index > 0:
            return (f"the challenge is at week {r.next_index + 1} of 52; its weekly dates are "
                    "fixed once it has begun (its amounts can still change)")
        return None

    def summary(self, r: RoutineLike) -> str:
        return (
            f"52 weeks from {format_money(r.amount_start or 0)}, "
            f"+{format_money(r.amount_increment or 0)} a week"
        )
