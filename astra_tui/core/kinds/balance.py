"""Kinds that look at a balance: sweep and percentage of the balance (on a schedule), and refill (when low)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from astra_tui.core import money
from astra_tui.core.kinds.base import (
    AMOUNT,
    FREQUENCY,
    START,
    BodyField,
    Form,
    Kind,
    Ledger,
    PreviewLedger,
    PreviewRow,
    Repeating,
    Review,
    RoutineLike,
    Skip,
    Trigger,
    describe_schedule,
    moved,
)
from astra_tui.core.kinds.registry import register
from astra_tui.core.kinds.values import BodyModel, Day, Frequency, Money, Percent, PositiveMoney
from astra_tui.core.money import format_money, format_percent


class SweepBody(BodyModel):
    type: Literal["sweep"]
    min_balance: Money
    start_date: Day
    frequency: Frequency


class PercentageBalanceBody(BodyModel):
    type: Literal["percentage-balance"]
    percent_of_balance: Percent
    start_date: Day
    frequency: Frequency


class RefillBody(BodyModel):
    type: Literal["refill"]
    amount: PositiveMoney
    threshold: PositiveMoney
    start_date: Day


@register
class SweepKind(Repeating):
    key = "sweep"
    body = SweepBody
    order = 40
    label = "Sweep"
    explanation = "On a schedule, move everything above a floor you set to another account."
    fields = (BodyField("min_balance", "min_balance", Form.MONEY, "Floor to keep in the source", "100.00"),
              START, FREQUENCY)
    balance_based = True

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.min_balance is not None
        balance = ledger.balance(r.source_id)
        excess = balance - r.min_balance
        if excess <= 0:
            return Skip(f"balance {format_money(balance)} is not above the floor {format_money(r.min_balance)}")
        return excess

    def summary(self, r: RoutineLike) -> str:
        assert r.frequency
        return f"sweep above {format_money(r.min_balance or 0)} {r.frequency}"


@register
class PercentageBalanceKind(Repeating):
    key = "percentage-balance"
    body = PercentageBalanceBody
    order = 60
    label = "Percentage of balance"
    explanation = "On a schedule, move a percentage of the source account's balance."
    fields = (BodyField("percent_of_balance", "percent_bps", Form.PERCENT, "Percent of the balance", "25"),
              START, FREQUENCY)
    balance_based = True

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.percent_bps is not None
        balance = ledger.balance(r.source_id)
        cents = money.percent_of(balance, r.percent_bps) if balance > 0 else 0
        if cents <= 0:
            return Skip(f"{format_percent(r.percent_bps)} of the balance {format_money(balance)} is $0.00")
        return cents

    def summary(self, r: RoutineLike) -> str:
        assert r.frequency and r.start_date
        return f"{format_percent(r.percent_bps or 0)} of the balance {describe_schedule(r.frequency, r.start_date)}"


@register
class RefillKind(Kind):
    key = "refill"
    body = RefillBody
    order = 70
    label = "Refill"
    explanation = "When the destination's balance drops below a threshold, top it up by a fixed amount."
    fields = (AMOUNT, BodyField("threshold", "threshold", Form.MONEY, "Refill when destination is below", "200.00"),
              START)
    trigger = Trigger.LOW_BALANCE
    skip_refusal = "has no schedule; it tops up whenever the balance is low (pause it to stop that)"
    next_run_words = "when low"
    paused_words = "Paused: no refills. Activating it refills whenever the destination is below the threshold again."

    def first_due(self, r: RoutineLike) -> dt.date | None:
        return r.start_date  # looked at on every processing from this date on

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        """The fixed amount when the destination is below the threshold; else nothing is needed."""
        assert r.amount is not None and r.threshold is not None
        level = ledger.balance(r.destination_id)
        if level < r.threshold:
            return r.amount
        return Skip(f"{ledger.account_name(r.destination_id)} holds {format_money(level)}, not below the threshold "
                    f"{format_money(r.threshold)}")

    def preview(self, r: RoutineLike, ledger: PreviewLedger, limit: int) -> Review | None:
        today_balance = ledger.balance(r.source_id)
        level = ledger.balance(r.destination_id)
        amount, note = moved(ledger.capped(r.amount or 0, limit, r.destination_id))
        warning = ""
        if amount > today_balance:
            holds = f"{ledger.account_name(r.source_id) or 'The source'} holds {format_money(today_balance)}"
            note = f"would fail: only {format_money(today_balance)} today"
            warning = f"{holds}; a refill needs {format_money(amount)} and would fail today"
        today = "would refill today" if level < (r.threshold or 0) else "not needed today"
        return Review([PreviewRow(f"when below {format_money(r.threshold or 0)}", format_money(amount),
                                  note or f"destination at {format_money(level)}: {today}")], warning)

    def summary(self, r: RoutineLike) -> str:
        return f"add {format_money(r.amount or 0)} when below {format_money(r.threshold or 0)}"
