"""Users, accounts and recorded transactions (SPEC §3).

Every function takes an open Session and the clock, checks everything before
it writes, and raises AstraError naming the field; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, TypeVar

from sqlmodel import Session, select

from astra_tui.core import money, store
from astra_tui.core.bodies import clean_name, parse_id
from astra_tui.core.clock import Clock, local_date, utc_text
from astra_tui.core.errors import AstraError, NotFound, checked
from astra_tui.core.kinds import Skip, capped_amount
from astra_tui.core.schedule import parse_date
from astra_tui.core.walk import deposit_shares
from astra_tui.db import models as m
from astra_tui.db.engine import session_driver
from astra_tui.db.models import Account, Notification, Routine, Transaction, User

MAX_DESCRIPTION = 200
T = TypeVar("T")


def notify(session: Session, clock: Clock, user_id: int, kind: str, message: str, *,
           routine_id: int | None = None, transfer_id: int | None = None) -> None:
    session.add(Notification(user_id=user_id, created_at=clock.now(), kind=kind, message=message,
                             routine_id=routine_id, transfer_id=transfer_id))


# -- users --------------------------------------------------------------------

def find_user(session: Session, ref: Any, field: str = "user") -> User:
    """A user by id or by name (names are never all digits, so the two cannot clash)."""
    text = str(ref).strip()
    if text.isascii() and text.isdigit():
        user = session.get(User, checked(field, parse_id, text))
    else:
        user = session.exec(select(User).where(User.name == text)).first()
    if user is None:
        raise NotFound(field, f"no user named or numbered {text!r}")
    return user


def check_user_name(session: Session, value: Any, user_id: int | None = None) -> str:
    """A person's name: clean, not only digits, and no one else's, whatever its case."""
    name = checked("name", clean_name, value)
    if name.isascii() and name.isdigit():
        raise AstraError("name", "may not be only digits (it would read as an id)")
    folded = name.casefold()
    for other in session.exec(select(User)):
        if other.id != user_id and other.name.casefold() == folded:
            raise AstraError("name", f"a user named {name!r} already exists")
    return name


def add_user(session: Session, clock: Clock, name: Any, transfer_limit: Any = None) -> User:
    name = check_user_name(session, name)
    limit = m.DEFAULT_TRANSFER_LIMIT if transfer_limit is None else _limit(transfer_limit)
    user = User(name=name, transfer_limit=limit, created_at=clock.now())
    session.add(user)
    session.flush()
    return user


def _limit(value: Any) -> int:
    cents = checked("transfer_limit", money.parse_money, value)
    if cents <= 0:
        raise AstraError("transfer_limit", "must be more than 0.00")
    return cents


def set_transfer_limit(session: Session, clock: Clock, user_ref: Any, value: Any) -> User:
    user = find_user(session, user_ref)
    user.transfer_limit = _limit(value)
    session.add(user)
    return user


# -- accounts -----------------------------------------------------------------

def account_label(account: Account) -> str:
    """An account as both a person and a script know it: ``Rainy day (account 2)``."""
    return f"{account.name} (account {account.id})"


def get_row(session: Session, model: type[T], noun: str, ref: Any, field: str | None = None) -> T:
    """The ``model`` row with the id ``ref``, or an error naming ``field`` (the noun by default)."""
    row_id = checked(field or noun, parse_id, ref)
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(field or noun, f"{noun} {row_id} does not exist")
    return row


def get_account(session: Session, ref: Any, field: str = "account") -> Account:
    return get_row(session, Account, "account", ref, field)


def check_account_name(session: Session, user: User, value: Any, account_id: int | None = None) -> str:
    """An account's name: clean, and not the name of another account of the same person, whatever its case."""
    name = checked("name", clean_name, value)
    folded = name.casefold()
    for other in session.exec(select(Account).where(Account.user_id == user.id)):
        if other.id != account_id and other.name.casefold() == folded:
            raise AstraError("name", f"{user.name} already has an account named {name!r}")
    return name


def add_account(session: Session, clock: Clock, user_ref: Any, name: Any, kind: Any = m.CHECKING,
                opening_balance: Any = 0) -> Account:
    user = find_user(session, user_ref)
    name = check_account_name(session, user, name)
    if kind not in m.ACCOUNT_KINDS:
        raise AstraError("kind", f"{kind!r} is not an account kind; expected checking, savings or credit-card")
    opening = checked("opening_balance", lambda v: money.parse_money(v, allow_negative=True), opening_balance)
    if opening < 0 and kind != m.CREDIT_CARD:
        raise AstraError("opening_balance", "may be negative only for a credit card (money owed)")
    now = clock.now()
    account = Account(user_id=m.row_id(user), name=name, kind=kind, balance=opening, created_at=now)
    session.add(account)
    session.flush()
    if opening:
        session.add(Transaction(account_id=m.row_id(account), posted_on=clock.today(), amount=opening,
                                description="Opening balance", origin=m.ORIGIN_OPENING, created_at=now))
    return account


_STATUS_CHANGES = {
    "freeze": ({m.OPEN}, m.FROZEN),
    "unfreeze": ({m.FROZEN}, m.OPEN),
    "close": ({m.OPEN, m.FROZEN}, m.CLOSED),
}


def change_account_status(session: Session, clock: Clock, ref: Any, action: str) -> Account:
    account = get_account(session, ref)
    allowed, new_status = _STATUS_CHANGES[action]
    if account.status not in allowed:
        raise AstraError("account", f"{account_label(account)} is {account.status}; it cannot be {action}d"
                         if action != "freeze" else f"{account_label(account)} is {account.status}; only an open "
                         "account can be frozen")
    if action == "close" and account.balance != 0:
        raise AstraError("account", f"{account_label(account)} has a balance of "
                         f"{money.format_money(account.balance)}; only an account at $0.00 can be closed")
    account.status = new_status
    session.add(account)
    if action == "close":  # nothing more is expected on a closed account: its plans end with it
        session_driver(session).execute(
            "UPDATE planned_items SET status = 'deleted', updated_at = ? WHERE account_id = ? AND status = 'active'",
            (utc_text(clock.now()), m.row_id(account)))
    return account


# -- transactions ---------------------------------------------------------------

def check_writable(account: Account) -> Account:
    """A closed account is read-only: nothing may be recorded on it."""
    if account.status == m.CLOSED:
        raise AstraError("account", f"{account_label(account)} is closed; a closed account is read-only")
    return account


def record(session: Session, clock: Clock, account_ref: Any, amount: Any, posted_on: Any = None,
           description: Any = "", *, outflow: bool = False) -> Transaction:
    """A deposit (money in) or a purchase (money out), typed as a positive amount and signed here."""
    cents = checked("amount", lambda v: money.parse_money(v, allow_negative=True), amount)
    if cents <= 0:
        raise AstraError("amount", "must be more than $0.00")
    return add_transaction(session, clock, account_ref, money.money_json(-cents if outflow else cents),
                           posted_on, description)


def add_transaction(session: Session, clock: Clock, account_ref: Any, amount: Any, posted_on: Any = None,
                    description: Any = "", origin: str = m.ORIGIN_MANUAL) -> Transaction:
    """Record a deposit (positive) or a debit (negative) and start any deposit-triggered routines."""
    account = get_account(session, account_ref)
    cents = transaction_amount(amount)
    day = clock.today() if posted_on in (None, "") else transaction_date(clock, account, posted_on)
    text = transaction_description(description)
    check_writable(account)
    check_balance_cap(account, cents)
    now = clock.now()
    txn = Transaction(account_id=m.row_id(account), posted_on=day, amount=cents, description=text, origin=origin,
                      created_at=now)
    account.balance += cents
    session.add(account)
    session.add(txn)
    session.flush()
    if cents > 0 and origin in (m.ORIGIN_MANUAL, m.ORIGIN_IMPORT):
        _deposit_triggers(session, clock, account, txn)
    return txn


def transaction_amount(value: Any) -> int:
    cents = checked("amount", lambda v: money.parse_money(v, allow_negative=True), value)
    if cents == 0:
        raise AstraError("amount", "must not be 0.00")
    return cents


def transaction_date(clock: Clock, account: Account, value: Any) -> dt.date:
    day = checked("date", parse_date, value)
    today = clock.today()
    if day > today:
        raise AstraError("date", f"{day} is in the future; a transaction may not be dated after today ({today})")
    opened = local_date(account.created_at)
    if day < opened:
        raise AstraError("date", f"{day} is before {account_label(account)} was opened ({opened})")
    return day


def transaction_description(value: Any) -> str:
    if value in (None, ""):
        return ""
    return checked("description", lambda v: clean_name(v, max_length=MAX_DESCRIPTION), value)


def check_balance_cap(account: Account, change: int) -> None:
    if abs(account.balance + change) > money.MAX_CENTS:
        raise AstraError("amount", "would take the balance past 999,999,999.99")


def queued_amount(session: Session, routine: Routine, wanted: int) -> tuple[int, bool]:
    """What a deposit's transfer is queued with: ``wanted`` within the processor's caps, and whether
    they cut it (the processor applies every cap again when it moves the money)."""
    sender, destination = session.get(User, routine.user_id), session.get(Account, routine.destination_id)
    assert sender is not None and destination is not None
    allowed = capped_amount(wanted, sender.transfer_limit, destination.kind, destination.name, destination.balance)
    assert not isinstance(allowed, Skip)  # a share of a deposit never pays a card
    return allowed[0], bool(allowed[1])


def _deposit_triggers(session: Session, clock: Clock, account: Account, txn: Transaction,
                      already: Collection[int] = ()) -> None:
    """Each active percentage-of-deposit routine on this account queues a transfer for the next day
    (except the routines in ``already``, which have acted on this deposit before it was corrected): the
    walk's rule (``walk.deposit_shares``) on the routines of the account, written in this transaction."""
    db = session_driver(session)
    routines = store.deposit_routines(db, m.row_id(account))
    if not routines:
        return
    state = store.load_around(db, routines)
    store.write(db, deposit_shares(state, m.row_id(account), m.row_id(txn), txn.amount, txn.posted_on,
                                   utc_text(clock.now()), already))
