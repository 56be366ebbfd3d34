"""Percentage of deposit: each qualifying deposit queues a share of it for the next day."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from astra_tui.core import money
from astra_tui.core.kinds.base import (
    START,
    BodyField,
    Form,
    Kind,
    PreviewLedger,
    PreviewRow,
    Review,
    RoutineLike,
    Trigger,
    moved,
)
from astra_tui.core.kinds.registry import register
from astra_tui.core.kinds.values import BodyModel, Day, Money, Percent
from astra_tui.core.money import format_money, format_percent

EXAMPLE_DEPOSIT = 10_000  # the review shows what a deposit of at least $100.00 would move


class PercentageDepositBody(BodyModel):
    type: Literal["percentage-based"]
    percent_of_transaction: Percent
    minimum_transaction_threshold: Money
    start_date: Day


@register
class PercentageDepositKind(Kind):
    key = "percentage-based"
    body = PercentageDepositBody
    order = 50
    label = "Percentage of deposit"
    explanation = "Whenever a deposit of at least a minimum lands, move a percentage of it the next day."
    fields = (
        BodyField("percent_of_transaction", "percent_bps", Form.PERCENT, "Percent of each deposit", "33"),
        BodyField("minimum_transaction_threshold", "minimum_transaction_threshold", Form.MONEY,
                  "Smallest deposit that counts", "50.00"),
        START,
    )
    trigger = Trigger.DEPOSIT
    skip_refusal = "has no schedule; it moves a share of each deposit (cancel a pending transfer instead)"
    run_now_refusal = "moves a share of each deposit the day after it lands; it has nothing to run now"
    next_run_words = "after a deposit"
    paused_words = ("Paused: deposits queue nothing. Activating it takes its share of each deposit from then on; "
                    "deposits made while paused are not counted.")

    def first_due(self, r: RoutineLike) -> dt.date | None:
        return None  # driven by deposits

    def qualifies(self, r: RoutineLike, deposit: int, posted_on: dt.date) -> bool:
        assert r.start_date is not None and r.minimum_transaction_threshold is not None
        return deposit > 0 and posted_on >= r.start_date and deposit >= r.minimum_transaction_threshold

    def transfer_amount(self, r: RoutineLike, deposit: int) -> int:
        assert r.percent_bps is not None
        return money.percent_of(deposit, r.percent_bps)

    def share_of(self, r: RoutineLike, deposit: str) -> str:
        return f"{format_percent(r.percent_bps or 0)} of {deposit}"

    def preview(self, r: RoutineLike, ledger: PreviewLedger, limit: int) -> Review | None:
        example = max(r.minimum_transaction_threshold or 0, EXAMPLE_DEPOSIT)
        amount, note = moved(ledger.capped(self.transfer_amount(r, example), limit, r.destination_id))
        return Review([PreviewRow("the day after each deposit", f"{format_money(amount)} of {format_money(example)}",
                                  note or f"a deposit of {format_money(example)} would move {format_money(amount)}")])

    def summary(self, r: RoutineLike) -> str:
        threshold = format_money(r.minimum_transaction_threshold or 0)
        return f"{format_percent(r.percent_bps or 0)} of deposits ≥ {threshold}"
