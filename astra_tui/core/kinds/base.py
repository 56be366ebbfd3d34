"""What a routine kind is (SPEC §4): the protocol every kind module fills in, and the pieces they share.

A kind declares its Astra body (plain annotations; ``core.bodies`` makes a pydantic model of them to
validate one, so the kinds load without pydantic), its fields with the wizard's words for them, what
sets it going (its ``Trigger``), its dates, how much a run moves, and how it describes itself.
The processor, the previews, the command line and the UI ask the kind; they never branch on its type.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol

from astra_tui.core import money, schedule
from astra_tui.core.kinds.values import BodyModel
from astra_tui.core.money import format_money
from astra_tui.vocab import AccountKind


class Trigger(StrEnum):
    """What sets a kind's runs going."""

    SCHEDULE = "schedule"  # due dates the processor walks
    DEPOSIT = "deposit"  # each qualifying deposit queues a transfer for the next day
    LOW_BALANCE = "low balance"  # looked at every day from its start; runs when the destination is low


class Form(StrEnum):
    """How a body field's value is written and shown."""

    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    ID = "id"  # an account or a person, chosen in the wizard's accounts step
    FREQUENCY = "frequency"


class RoutineLike(Protocol):
    """What the rules read of a routine: a table row or the walk's copy (``walk_state.RoutineState``)."""

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
    next_index: int  # how many of its dates have been run or skipped


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
    if account_kind == AccountKind.CREDIT_CARD:
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

    def account_name(self, account_id: int) -> str: ...

    def debits(self, account_id: int, first: dt.date, last: dt.date) -> list[int]: ...


class PreviewLedger(Ledger, Protocol):
    """The preview's ledger: today's balances, and the processor's caps on what a run would move."""

    def capped(self, asked: int, limit: int, destination_id: int) -> tuple[int, str] | Skip: ...


@dataclass(frozen=True)
class PreviewRow:
    when: str
    amount: str
    note: str


@dataclass(frozen=True)
class Review:
    """The wizard's review of a routine not yet made: its next runs, and a warning if the first would fail."""

    rows: list[PreviewRow]
    warning: str = ""


def moved(allowed: tuple[int, str] | Skip) -> tuple[int, str]:
    """Kinds without dates (refill, percentage of deposit) never pay a card: nothing here is skipped."""
    assert not isinstance(allowed, Skip)
    return allowed


@dataclass(frozen=True)
class BodyField:
    """One type field: its Astra name, its column, its form, and how the wizard asks for it."""

    name: str
    column: str
    form: Form
    label: str = ""
    placeholder: str = ""
    # A field a new routine may leave empty: the wizard's label for it then, and its name in errors.
    optional: tuple[str, str] | None = None

    def to_json(self, value: Any) -> Any:
        if value is None:
            return None
        if self.form is Form.MONEY:
            return money.money_json(value)
        if self.form is Form.PERCENT:
            return money.percent_json(value)
        if self.form is Form.DATE:
            return value.isoformat()
        return value

    def shown(self, value: Any) -> str:
        """The value as a sentence says it."""
        if value is None:
            return "none"
        if self.form is Form.MONEY:
            return money.format_money(value)
        if self.form is Form.PERCENT:
            return money.format_percent(value)
        return str(value)


AMOUNT = BodyField("amount", "amount", Form.MONEY, "Amount", "20.00")
START = BodyField("start_date", "start_date", Form.DATE, "Start date", "YYYY-MM-DD")
FREQUENCY = BodyField("frequency", "frequency", Form.FREQUENCY, "How often")
# The fields of every body, as the wizard names them in its messages.
COMMON_LABELS = {"name": "Name", "source_id": "From", "destination_id": "To"}


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def describe_schedule(frequency: str, start: dt.date) -> str:
    if frequency == schedule.MONTHLY:
        return f"monthly on the {_ordinal(start.day)}"
    weekday = start.strftime("%A")
    return f"weekly on {weekday}s" if frequency == schedule.WEEKLY else f"bi-weekly on {weekday}s"


class Kind:
    """One routine kind. A module in ``core/kinds/`` subclasses it and registers an instance."""

    key: str  # our name for the kind: "quick", "p2p", "recurring", ...
    body: type[BodyModel]  # the Astra body's declaration; its ``type`` Literal is the kind's Astra type
    order: int  # where the wizard lists it
    label: str
    explanation: str
    fields: tuple[BodyField, ...]
    trigger: Trigger = Trigger.SCHEDULE
    balance_based: bool = False  # computed from the balance: a catch-up collapses its missed runs into one
    pays_card: bool = False  # a credit card may be the destination: a card payment (SPEC §3)
    fails_with_last_run: bool = True  # a failed last run ends the routine failed, not completed
    # Why a person may not skip the next run, or run it now (None: they may).
    skip_refusal: str | None = None
    run_now_refusal: str | None = None
    review_note: str = ""  # what the wizard's review adds about this kind
    next_run_words: str = "—"  # what "next run" says when no date is known
    paused_words: str = ""  # what a paused routine of a kind without dates does (see preview.paused_note)
    forecast_note: str = ""  # what the forecast cannot know ahead about this kind, said beside it

    @cached_property
    def type(self) -> str:
        """The Astra type: the tag of the body."""
        tag: str = typing.get_args(typing.get_type_hints(self.body)["type"])[0]
        return tag

    @property
    def scheduled(self) -> bool:
        return self.trigger is Trigger.SCHEDULE

    def claims(self, start_date: dt.date | None, destination_user_id: int | None) -> bool:
        """Whether a routine of this kind's Astra type is of this kind (one-time bodies make three kinds)."""
        return True

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    def field_labels(self, new: bool = False) -> dict[str, str]:
        """The body's field names as the wizard (``new``) or the edit form says them, for its messages."""
        labels = dict(COMMON_LABELS)
        for f in self.fields:
            labels[f.name] = f.optional[1] if new and f.optional else f.label
        return labels

    def accepts_destination(self, account_kind: str) -> bool:
        """May an account of ``account_kind`` receive this kind's transfers?"""
        return self.pays_card or account_kind != AccountKind.CREDIT_CARD

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        """The ``index``-th (0-based) due date, or None when the schedule is over (scheduled kinds)."""
        raise NotImplementedError

    def first_due(self, r: RoutineLike) -> dt.date | None:
        """A new routine's first date for the processor to look at; None when only deposits set it going."""
        return self.due_date(r, 0)

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        """What a run on ``due_on`` moves (before the caps), or why it moves nothing."""
        raise NotImplementedError

    def qualifies(self, r: RoutineLike, deposit: int, posted_on: dt.date) -> bool:
        """Whether a deposit sets this routine going (asked of kinds triggered by a deposit)."""
        return False

    def transfer_amount(self, r: RoutineLike, deposit: int) -> int:
        """What a qualifying deposit makes this routine move the next day."""
        raise NotImplementedError

    def share_of(self, r: RoutineLike, deposit: str) -> str:
        """The routine's share of a deposit in words (``deposit`` says the deposit), e.g. "10 % of $5.00"."""
        raise NotImplementedError

    def check_new_start(self, r: RoutineLike, start: dt.date, last_run_on: dt.date | None) -> str | None:
        """Why the routine's start date may not move to ``start`` (None: it may)."""
        return None

    def preview(self, r: RoutineLike, ledger: PreviewLedger, limit: int) -> Review | None:
        """The review of a kind without dates; None: the preview walks the kind's due dates."""
        return None

    def summary(self, r: RoutineLike) -> str:
        """The routine in one line, as the lists and notifications say it."""
        raise NotImplementedError


class Repeating(Kind):
    """A scheduled kind whose dates repeat from its start date at its frequency."""

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        assert r.start_date is not None and r.frequency is not None
        return schedule.nth_date(r.start_date, r.frequency, index)
