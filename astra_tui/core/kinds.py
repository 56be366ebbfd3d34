"""The rules of each routine kind, one class per kind (SPEC §4).

A kind knows its Astra body fields and how they are stored, its schedule, how
much a run moves, and how to describe itself in one line. The processor and
the UI ask the kind; they never branch on the type themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from astra_tui.core import money, schedule
from astra_tui.core.money import format_money, format_percent
from astra_tui.db.models import CREDIT_CARD

ROUND_UP_MINIMUM = 100
CHALLENGE_WEEKS = 52


class RoutineLike(Protocol):
    """What the rules read of a routine: a table row or the processor's light copy."""

    id: int | None
    type: str
    source_id: int
    destination_id: int
    destination_user_id: int | None
    spending_id: int | None
    amount: int | None
    min_balance: int | None
    threshold: int | None
    percent_bps: int | None
    minimum_transaction_threshold: int | None
    amount_start: int | None
    amount_increment: int | None
    frequency: str | None
    start_date: dt.date | None
    created_on: dt.date


@dataclass(frozen=True)
class Skip:
    """A run that moves nothing, and why."""

    reason: str


CAPPED_AT_LIMIT = "capped at the transfer limit"


def capped_amount(asked: int, limit: int, account_kind: str, name: str, balance: int) -> tuple[int, str] | Skip:
    """What a transfer of ``asked`` into the account ``name`` may move, and why it is less (SPEC §3, §5).

    Never more than the sender's transfer ``limit``; into a credit card, never more than is owed on
    it (a payment never takes a card above zero), and nothing at all when nothing is owed. When both
    caps bite, the reason names the tighter one.
    """
    if account_kind == CREDIT_CARD:
        owed = -balance
        if owed <= 0:
            return Skip(f"nothing owed on {name}")
        if owed < asked and owed <= limit:
            return owed, f"capped at the {format_money(owed)} owed on {name}"
    if asked > limit:
        return limit, CAPPED_AT_LIMIT
    return asked, ""


class Ledger(Protocol):
    """What amount rules may look up while a run is computed."""

    def balance(self, account_id: int) -> int: ...

    def debits(self, account_id: int, first: dt.date, last: dt.date) -> list[int]: ...


@dataclass(frozen=True)
class BodyField:
    """One type field: its Astra name, its column, and how it is shown in JSON."""

    name: str
    column: str
    form: str  # "money", "percent", "date", "id", "text"

    def to_json(self, value: Any) -> Any:
        if value is None:
            return None
        if self.form == "money":
            return money.money_json(value)
        if self.form == "percent":
            return money.percent_json(value)
        if self.form == "date":
            return value.isoformat()
        return value


AMOUNT = BodyField("amount", "amount", "money")
START = BodyField("start_date", "start_date", "date")
FREQUENCY = BodyField("frequency", "frequency", "text")


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def describe_schedule(frequency: str, start: dt.date) -> str:
    if frequency == schedule.MONTHLY:
        return f"monthly on the {_ordinal(start.day)}"
    weekday = start.strftime("%A")
    return f"weekly on {weekday}s" if frequency == schedule.WEEKLY else f"bi-weekly on {weekday}s"


class Kind:
    key: str  # our name for the kind: "quick", "p2p", "recurring", ...
    type: str  # the Astra type
    label: str
    explanation: str
    fields: tuple[BodyField, ...]
    scheduled: bool = True  # has due dates the processor walks
    balance_based: bool = False  # computed from the balance: catch-up collapses
    fixed_amount: bool = True  # a fixed amount fails rather than moves part
    pays_card: bool = False  # a credit card may be the destination: a card payment (SPEC §3)
    # Why a person may not skip the next run, or run it now (None: they may).
    skip_refusal: str | None = None
    run_now_refusal: str | None = None

    def accepts_destination(self, account_kind: str) -> bool:
        """May an account of ``account_kind`` receive this kind's transfers?"""
        return self.pays_card or account_kind != CREDIT_CARD

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        """The ``index``-th (0-based) due date, or None when the schedule is over."""
        raise NotImplementedError

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        raise NotImplementedError

    def summary(self, r: RoutineLike) -> str:
        raise NotImplementedError

    def is_last(self, r: RoutineLike, index: int) -> bool:
        return self.due_date(r, index + 1) is None


class _Repeating(Kind):
    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        assert r.start_date is not None and r.frequency is not None
        return schedule.nth_date(r.start_date, r.frequency, index)


class _Once(Kind):
    type = "one-time"
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


class QuickKind(_Once):
    key = "quick"
    label = "Quick transfer"
    explanation = "Move an amount between two of your accounts right now."
    fields = (AMOUNT,)

    def summary(self, r: RoutineLike) -> str:
        return f"{format_money(r.amount or 0)} at once"


class OneTimeKind(_Once):
    key = "one-time"
    label = "One-time transfer"
    explanation = "Move an amount between two of your accounts once, on a date you choose."
    fields = (AMOUNT, START)

    def summary(self, r: RoutineLike) -> str:
        return f"{format_money(r.amount or 0)} once on {r.start_date}"


class PeerKind(_Once):
    key = "p2p"
    label = "Send to someone"
    explanation = "Send an amount from your account to another person's account in the household."
    fields = (AMOUNT, START, BodyField("destination_user_id", "destination_user_id", "id"))

    def summary(self, r: RoutineLike) -> str:
        when = f"on {r.start_date}" if r.start_date else "at once"
        return f"{format_money(r.amount or 0)} to another person {when}"


class RecurringKind(_Repeating):
    key = type = "recurring"
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


class SweepKind(_Repeating):
    key = type = "sweep"
    label = "Sweep"
    explanation = "On a schedule, move everything above a floor you set to another account."
    fields = (BodyField("min_balance", "min_balance", "money"), START, FREQUENCY)
    balance_based = True
    fixed_amount = False

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


class PercentageDepositKind(Kind):
    key = type = "percentage-based"
    label = "Percentage of deposit"
    explanation = "Whenever a deposit of at least a minimum lands, move a percentage of it the next day."
    fields = (
        BodyField("percent_of_transaction", "percent_bps", "percent"),
        BodyField("minimum_transaction_threshold", "minimum_transaction_threshold", "money"),
        START,
    )
    scheduled = False
    skip_refusal = "has no schedule; it moves a share of each deposit (cancel a pending transfer instead)"
    run_now_refusal = "moves a share of each deposit the day after it lands; it has nothing to run now"

    def qualifies(self, r: RoutineLike, deposit: int, posted_on: dt.date) -> bool:
        assert r.start_date is not None and r.minimum_transaction_threshold is not None
        return deposit > 0 and posted_on >= r.start_date and deposit >= r.minimum_transaction_threshold

    def transfer_amount(self, r: RoutineLike, deposit: int) -> int:
        assert r.percent_bps is not None
        return money.percent_of(deposit, r.percent_bps)

    def summary(self, r: RoutineLike) -> str:
        threshold = format_money(r.minimum_transaction_threshold or 0)
        return f"{format_percent(r.percent_bps or 0)} of deposits ≥ {threshold}"


class PercentageBalanceKind(_Repeating):
    key = type = "percentage-balance"
    label = "Percentage of balance"
    explanation = "On a schedule, move a percentage of the source account's balance."
    fields = (BodyField("percent_of_balance", "percent_bps", "percent"), START, FREQUENCY)
    balance_based = True
    fixed_amount = False

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


class RefillKind(Kind):
    key = type = "refill"
    label = "Refill"
    explanation = "When the destination's balance drops below a threshold, top it up by a fixed amount."
    fields = (AMOUNT, BodyField("threshold", "threshold", "money"), START)
    scheduled = False
    skip_refusal = "has no schedule; it tops up whenever the balance is low (pause it to stop that)"

    def needs_refill(self, r: RoutineLike, ledger: Ledger) -> bool:
        assert r.threshold is not None
        return ledger.balance(r.destination_id) < r.threshold

    def summary(self, r: RoutineLike) -> str:
        return f"add {format_money(r.amount or 0)} when below {format_money(r.threshold or 0)}"


def round_up(debit: int) -> int:
    """How much rounds a debit up to the next whole dollar; an exact dollar rounds by 1.00."""
    cents = abs(debit) % 100
    return 100 - cents


class RoundUpKind(_Repeating):
    key = type = "round-up"
    label = "Round-up"
    explanation = "Every week, round each purchase up to the next dollar and save the change."
    fields = (BodyField("spending_id", "spending_id", "id"), START)
    run_now_refusal = "rounds up each week's purchases once, on its day; running it now would round some up twice"

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        assert r.start_date is not None
        return schedule.nth_date(r.start_date, schedule.WEEKLY, index)

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.spending_id is not None
        first = max(due_on - dt.timedelta(days=7), r.created_on)
        last = due_on - dt.timedelta(days=1)
        total = sum(round_up(d) for d in ledger.debits(r.spending_id, first, last)) if first <= last else 0
        if total < ROUND_UP_MINIMUM:
            return Skip(f"the week's round-ups came to {format_money(total)}, under $1.00")
        return total

    def summary(self, r: RoutineLike) -> str:
        assert r.start_date
        return f"round-ups {describe_schedule(schedule.WEEKLY, r.start_date)}"


class FiftyTwoWeekKind(_Repeating):
    key = type = "fifty-two-week"
    label = "52-week challenge"
    explanation = "Save every week for a year, a little more each week than the week before."
    fields = (
        BodyField("amount_start", "amount_start", "money"),
        BodyField("amount_increment", "amount_increment", "money"),
        START,
    )

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        assert r.start_date is not None
        if index >= CHALLENGE_WEEKS:
            return None
        return schedule.nth_date(r.start_date, schedule.WEEKLY, index)

    def week_amount(self, r: RoutineLike, index: int) -> int:
        assert r.amount_start is not None and r.amount_increment is not None
        return r.amount_start + index * r.amount_increment

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        return self.week_amount(r, index)

    def summary(self, r: RoutineLike) -> str:
        return (
            f"52 weeks from {format_money(r.amount_start or 0)}, "
            f"+{format_money(r.amount_increment or 0)} a week"
        )


ALL_KINDS: tuple[Kind, ...] = (
    QuickKind(),
    OneTimeKind(),
    RecurringKind(),
    SweepKind(),
    PercentageDepositKind(),
    PercentageBalanceKind(),
    RefillKind(),
    RoundUpKind(),
    FiftyTwoWeekKind(),
    PeerKind(),
)
BY_KEY: dict[str, Kind] = {k.key: k for k in ALL_KINDS}


def card_payers() -> str:
    """The kinds that may pay a credit card, as a person names them."""
    names = [k.label.lower() for k in ALL_KINDS if k.pays_card]
    return ", ".join(names[:-1]) + " or " + names[-1]
_BY_TYPE: dict[str, Kind] = {k.type: k for k in ALL_KINDS if k.type != "one-time"}


def kind_key(routine_type: str, start_date: dt.date | None, destination_user_id: int | None) -> str:
    if routine_type != "one-time":
        return _BY_TYPE[routine_type].key
    if destination_user_id is not None:
        return "p2p"
    return "one-time" if start_date is not None else "quick"


def kind_of(r: Any) -> Kind:
    """The kind of a routine row, or of a validated body."""
    return BY_KEY[kind_key(r.type, r.start_date, getattr(r, "destination_user_id", None))]


def columns_from_body(body: Any) -> dict[str, Any]:
    """The type-specific column values of a validated body."""
    kind = kind_of(body)
    return {f.column: getattr(body, f.name) for f in kind.fields}


def type_fields_json(r: RoutineLike) -> dict[str, Any]:
    kind = kind_of(r)
    return {f.name: f.to_json(getattr(r, f.column)) for f in kind.fields}

