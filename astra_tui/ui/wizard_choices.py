"""What the new-routine wizard offers and says: its field inputs (the routine edit form's too),
its account and people choices, and what it says when a choice would be empty.

The one place for the wizard's pools. The kind says what it asks for: its fields with their labels
and placeholders (``Kind.fields``), whether it sends to another person or rounds up a spending
account (its ``destination_user_id`` and ``spending_id`` fields), and whether it may pay a credit
card (``Kind.accepts_destination``). The core checks every body again
(``routines.create_routine``); this only keeps the choices to ones that can work.
An empty pool is never an empty select box: it is a sentence saying what is
missing and how to get it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from astra_tui.core.kinds import Form, Kind
from astra_tui.core.money import format_money
from astra_tui.core.read.accounts import AccountRow
from astra_tui.core.read.people import UserRow
from astra_tui.ui.forms import Field
from astra_tui.vocab import AccountKind, Frequency

FREQUENCIES = (("Weekly", Frequency.WEEKLY), ("Every two weeks", Frequency.BIWEEKLY), ("Monthly", Frequency.MONTHLY))
PERSON = "destination_user_id"  # a kind with this field sends to another person's account
SPENDING = "spending_id"  # a kind with this field rounds up a spending account's purchases

OPEN_ONE = "press o on Accounts (1)"


def kind_fields(kind: Kind, values: dict[str, str] | None = None, today: str = "") -> list[Field]:
    """The inputs of a kind's type fields, from the kind's own list: the wizard's details step and
    the routine edit form. ``values`` prefills them (an existing routine); else a new routine's defaults."""
    fields = []
    for f in kind.fields:
        if f.form is Form.ID:
            continue  # accounts and people are chosen in the accounts step, and stay fixed afterwards
        if f.form is Form.FREQUENCY:
            value = values.get(f.name) if values else None
            fields.append(Field(f.name, f.label, value or Frequency.MONTHLY, choices=FREQUENCIES))
            continue
        label = f.label
        value = today if f.form is Form.DATE else ""
        if values is not None:
            value = values.get(f.name) or ""
        elif f.optional:  # a new routine may leave it empty
            label, value = f.optional[0], ""
        fields.append(Field(f.name, label, value, f.placeholder))
    return fields


@dataclass
class Choices:
    own: list[AccountRow] = field(default_factory=list)  # the person's open accounts, cards too
    people: list[UserRow] = field(default_factory=list)  # everyone else in the household
    theirs: dict[int, list[AccountRow]] = field(default_factory=dict)  # their open accounts, cards too
    loaded: bool = False

    def person(self, person_id: int | None) -> UserRow | None:
        return next((p for p in self.people if p.id == person_id), None)

    def names(self) -> dict[int, str]:
        names = {a.id: a.name for a in self.own}
        for accounts in self.theirs.values():
            names.update({a.id: a.name for a in accounts})
        return names


def may_send(account: AccountRow) -> bool:
    return account.kind != AccountKind.CREDIT_CARD  # a credit card is never a source (SPEC §3)


def may_receive(kind: Kind, account: AccountRow) -> bool:
    """Whether ``kind`` may move money into ``account``: a credit card only for kinds that pay one."""
    return kind.accepts_destination(account.kind)


def sources(choices: Choices) -> list[AccountRow]:
    return [a for a in choices.own if may_send(a)]


def destinations(kind: Kind, choices: Choices, source_id: int | None, person_id: int | None) -> list[AccountRow]:
    pool = choices.theirs.get(person_id or 0, []) if kind.has_field(PERSON) else choices.own
    return [a for a in pool if a.id != source_id and may_receive(kind, a)]


def spending(choices: Choices) -> list[AccountRow]:
    return list(choices.own)  # any open account, the source or a credit card too (SPEC §4.3)


def options(accounts: list[AccountRow]) -> list[tuple[str, int]]:
    return [(f"{a.name} ({a.kind}, {format_money(a.balance)})", a.id) for a in accounts]


# -- what is missing, and how to get it ------------------------------------------------------

def missing_source(choices: Choices) -> str:
    if not choices.own:
        return f"You have no open account yet. Open an account first: {OPEN_ONE}."
    return ("None of your open accounts can send money: a credit card cannot send money. "
            f"Open a checking or savings account first: {OPEN_ONE}.")


def missing_person() -> str:
    return "There is no one else in the household to send to. Add a person first: press a on Users (5)."


def missing_destination(kind: Kind, choices: Choices, person_id: int | None) -> str:
    if kind.has_field(PERSON):
        person = choices.person(person_id)
        name = person.name if person else "They"
        return (f"{name} has no open account to receive money. Open one for {name} first: "
                f"switch to {name} on Users (5, then s) and press o on Accounts.")
    cards = any(not may_receive(kind, a) for a in choices.own)
    why = " (a credit card cannot receive this transfer)" if cards else ""
    return f"A routine moves money between two of your accounts{why}. Open a second account first: {OPEN_ONE}."


def missing_spending() -> str:
    return f"You have no open account whose purchases could be rounded up. Open one first: {OPEN_ONE}."
