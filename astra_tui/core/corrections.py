"""Correcting what a person created: renames, and editing or deleting a recorded transaction.

Every function takes an open Session and the clock, checks everything before
it writes, and raises AstraError naming the field; the caller commits.

A transaction a person recorded (manual or import) may be corrected; what it
caused is corrected with it where that has not happened yet:

- a percentage-of-deposit transfer it queued that is still pending is
  recomputed from the corrected deposit (amount, cap, date), or cancelled with
  the reason when the deposit no longer qualifies or is deleted;
- a routine that did not act on the deposit but would on the corrected one
  queues its transfer, exactly as if the deposit had been recorded right;
- what already ran stays as it ran (a processed transfer, a round-up week), as
  a bank's would. An edit that would make a past transfer look as if it had
  moved money the account did not hold is refused: record a correcting
  purchase instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from astra_tui.core import money
from astra_tui.core.bodies import clean_name
from astra_tui.core.check import broken_by_transfers
from astra_tui.core.clock import Clock
from astra_tui.core.errors import AstraError, checked
from astra_tui.core.kinds import kind_of
from astra_tui.core.ledger import (
    _deposit_triggers,
    check_account_name,
    check_balance_cap,
    check_user_name,
    check_writable,
    find_user,
    get_account,
    get_row,
    notify,
    queued_amount,
    transaction_amount,
    transaction_date,
    transaction_description,
)
from astra_tui.core.planned import forget_recorded
from astra_tui.core.routines import _cancel, get_routine, routine_label
from astra_tui.db import models as m
from astra_tui.db.models import (
    Account,
    Routine,
    RoutineRun,
    Transaction,
    Transfer,
    User,
)

# -- renames ---------------------------------------------------------------------


def rename_user(session: Session, clock: Clock, user_ref: Any, name: Any) -> User:
    """A new name for a person: the rules of a new person's name (unique whatever its case, not all digits)."""
    user = find_user(session, user_ref)
    user.name = check_user_name(session, name, user.id)
    session.add(user)
    return user


def rename_account(session: Session, clock: Clock, account_ref: Any, name: Any) -> Account:
    """A new name for an account, unique among its owner's accounts. A closed account is read-only."""
    account = get_account(session, account_ref)
    check_writable(account)
    owner = session.get(User, account.user_id)
    assert owner is not None
    account.name = check_account_name(session, owner, name, account.id)
    session.add(account)
    return account


def rename_routine(session: Session, clock: Clock, routine_ref: Any, name: Any) -> Routine:
    """A new name for a routine (not a deleted one); a ``routine_updated`` notification says so."""
    routine = get_routine(session, routine_ref)
    if routine.status == m.DELETED:
        raise AstraError("routine", f"{routine_label(routine)} is deleted; a deleted routine cannot be renamed")
    new_name = checked("name", clean_name, name)
    if new_name != routine.name:
        old_name, routine.name = routine.name, new_name
        routine.updated_at = clock.now()
        session.add(routine)
        notify(session, clock, routine.user_id, m.ROUTINE_UPDATED, f"{old_name} renamed to {new_name}",
               routine_id=routine.id)
    return routine


# -- recorded transactions -------------------------------------------------------

def get_transaction(session: Session, ref: Any) -> Transaction:
    return get_row(session, Transaction, "transaction", ref)


def _correctable(session: Session, txn: Transaction) -> Account:
    """The account of a transaction a person may correct; why not, when they may not."""
    account = session.get(Account, txn.account_id)
    assert account is not None
    if txn.origin == m.ORIGIN_OPENING:
        raise AstraError("transaction", f"transaction {txn.id} is the opening balance of {account.name} and "
                         "cannot be changed; record a deposit or a purchase to correct the balance")
    if txn.origin == m.ORIGIN_TRANSFER:
        raise AstraError("transaction", f"transaction {txn.id} was made by transfer {txn.transfer_id}; money a "
                         "routine moved stays moved (change the routine, or cancel a transfer before it runs)")
    check_writable(account)
    return account


def edit_transaction(session: Session, clock: Clock, txn_ref: Any, amount: Any = None, posted_on: Any = None,
                     description: Any = None) -> Transaction:
    """Correct the amount, date or description of a recorded transaction (None leaves a field as it is),
    with the checks of recording one; what it caused is corrected with it (see the module's text)."""
    txn = get_transaction(session, txn_ref)
    account = _correctable(session, txn)
    if amount is None and posted_on is None and description is None:
        raise AstraError("transaction", "nothing to change; give a new amount, date or description")
    cents = txn.amount if amount is None else transaction_amount(amount)
    day = txn.posted_on if posted_on is None else transaction_date(clock, account, posted_on)
    text = txn.description if description is None else transaction_description(description)
    moved = cents != txn.amount or day != txn.posted_on
    check_balance_cap(account, cents - txn.amount)
    account.balance += cents - txn.amount
    txn.amount, txn.posted_on, txn.description = cents, day, text
    session.add(account)
    session.add(txn)
    session.flush()
    if moved:
        _refuse_rewritten_overdraft(session, account, "amount")
        _reconsider_deposit(session, clock, account, txn, deleted=False)
    return txn


def delete_transaction(session: Session, clock: Clock, txn_ref: Any) -> Transaction:
    """Delete a recorded transaction; its pending percentage-of-deposit transfers are cancelled.
    Returns the deleted row (detached), for showing what was deleted."""
    txn = get_transaction(session, txn_ref)
    account = _correctable(session, txn)
    check_balance_cap(account, -txn.amount)
    account.balance -= txn.amount
    session.add(account)
    forget_recorded(session, m.row_id(txn))  # a planned date it recorded is expected again
    session.delete(txn)
    session.flush()
    _refuse_rewritten_overdraft(session, account, "transaction")
    _reconsider_deposit(session, clock, account, txn, deleted=True)
    return txn


def _refuse_rewritten_overdraft(session: Session, account: Account, field: str) -> None:
    broken = broken_by_transfers(session.connection(), account.id or 0)
    if not broken:
        return
    moved = session.get(Transaction, broken[0][0])
    assert moved is not None
    if moved.amount < 0:
        raise AstraError(field, f"{account.name} paid transfer {moved.transfer_id} of "
                         f"{money.format_money(-moved.amount)} on {moved.posted_on} with this money; without it that "
                         "transfer would have overdrawn the account. Record a correcting purchase instead")
    raise AstraError(field, f"transfer {moved.transfer_id} paid {money.format_money(moved.amount)} on {account.name} "
                     f"on {moved.posted_on}; without this charge that payment would have paid more than was owed. "
                     "Record a correcting refund instead")


def _reconsider_deposit(session: Session, clock: Clock, account: Account, txn: Transaction, *,
                        deleted: bool) -> None:
    """Bring what the deposit set going, and has not happened yet, in line with the corrected deposit."""
    acted = set(session.exec(select(RoutineRun.routine_id).where(RoutineRun.trigger_id == txn.id)))
    queued = session.exec(select(Transfer).where(Transfer.trigger_transaction_id == txn.id)
                          .order_by(col(Transfer.id))).all()
    for transfer in queued:
        acted.add(transfer.routine_id)
        if transfer.status != m.PENDING:
            continue  # it ran, failed or was cancelled: that stays as it was
        routine = session.get(Routine, transfer.routine_id)
        assert routine is not None
        kind = kind_of(routine)
        if deleted:
            _cancel(session, clock, transfer, "the deposit it came from was deleted")
        elif not kind.qualifies(routine, txn.amount, txn.posted_on):
            _cancel(session, clock, transfer, f"its deposit was corrected to {money.format_money(txn.amount)} on "
                    f"{txn.posted_on} and no longer qualifies")
        elif kind.transfer_amount(routine, txn.amount) <= 0:
            corrected = f"the corrected deposit of {money.format_money(txn.amount)}"
            _cancel(session, clock, transfer, f"{kind.share_of(routine, corrected)} is $0.00")
        else:
            _recompute(session, clock, routine, transfer, txn)
    if not deleted and txn.amount > 0:
        _deposit_triggers(session, clock, account, txn, already=acted)


def _recompute(session: Session, clock: Clock, routine: Routine, transfer: Transfer, txn: Transaction) -> None:
    amount, capped = queued_amount(session, routine, kind_of(routine).transfer_amount(routine, txn.amount))
    due = txn.posted_on + dt.timedelta(days=1)
    if (amount, capped, due) == (transfer.amount, transfer.capped, transfer.scheduled_for):
        return
    before = transfer.amount
    transfer.amount, transfer.capped, transfer.scheduled_for = amount, capped, due
    transfer.updated_at = clock.now()
    session.add(transfer)
    notify(session, clock, routine.user_id, m.TRANSFER_UPDATED,
           f"{routine.name}: pending transfer of {money.format_money(before)} recomputed to "
           f"{money.format_money(amount)} on {due} — its deposit was corrected to {money.format_money(txn.amount)}",
           routine_id=routine.id, transfer_id=transfer.id)
