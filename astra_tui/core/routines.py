"""Creating routines and changing their status (SPEC §4 and §6), and cancelling pending transfers."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from astra_tui.core import money
from astra_tui.core.bodies import parse_id
from astra_tui.core.clock import Clock
from astra_tui.core.errors import AstraError, NotFound, checked
from astra_tui.core.kinds import Kind, Trigger, card_payers, columns_from_body, kind_of, kinds_triggered_by
from astra_tui.core.ledger import account_label, get_row, notify
from astra_tui.core.walk import cancel_notice
from astra_tui.db import models as m
from astra_tui.db.models import Account, Routine, RoutineRun, Transfer, User


def _own_account(session: Session, field: str, account_id: int, owner: User, *,
                 card_refused: str | None = None) -> Account:
    """An open account of ``owner``; a credit card is refused with ``card_refused`` when that is given."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(field, f"account {account_id} does not exist")
    if account.user_id != owner.id:
        raise AstraError(field, f"{account_label(account)} does not belong to {owner.name}")
    if account.status != m.OPEN:
        raise AstraError(field, f"{account_label(account)} is {account.status}")
    if account.kind == m.CREDIT_CARD and card_refused:
        raise AstraError(field, f"{account_label(account)} is a credit card; {card_refused}")
    return account


def _card_refused_as_destination(kind: Kind) -> str | None:
    if kind.accepts_destination(m.CREDIT_CARD):
        return None
    return f"a {kind.label.lower()} cannot pay a card (a {card_payers()} can)"


def _percent_in_use(session: Session, source_id: int, exclude: int | None = None) -> int:
    shares = {k.type for k in kinds_triggered_by(Trigger.DEPOSIT)}
    rows = session.exec(
        select(Routine).where(Routine.source_id == source_id, col(Routine.type).in_(shares),
                              Routine.status == m.ACTIVE)
    ).all()
    return sum(r.percent_bps or 0 for r in rows if r.id != exclude)


def _check_percent_total(session: Session, routine: Routine, field: str) -> None:
    in_use = _percent_in_use(session, routine.source_id, exclude=routine.id)
    if in_use + (routine.percent_bps or 0) > money.BPS_PER_WHOLE:
        source = session.get(Account, routine.source_id)
        assert source is not None
        raise AstraError(field, f"active percentage-of-deposit routines on {account_label(source)} already "
                         f"take {money.format_percent(in_use)}; together they may not exceed 100 %")


def check_start_date(start: Any, today: Any) -> None:
    """A routine's (new) start date is today or later (SPEC §4 rule 2)."""
    if start is not None and start < today:
        raise AstraError("start_date", f"{start} is before today ({today})")


def create_routine(session: Session, clock: Clock, user: User, body: Any) -> Routine:
    """Check a validated body against the ledger and store it as an active routine."""
    today = clock.today()
    check_start_date(getattr(body, "start_date", None), today)
    if body.source_id == body.destination_id:
        raise AstraError("destination_id", "must differ from source_id")
    kind = kind_of(body)
    _own_account(session, "source_id", body.source_id, user, card_refused="money never moves out of a credit card")
    to_card = _card_refused_as_destination(kind)
    receiver_id = getattr(body, "destination_user_id", None)
    if receiver_id is not None:
        receiver = session.get(User, receiver_id)
        if receiver is None:
            raise NotFound("destination_user_id", f"user {receiver_id} does not exist")
        if receiver.id == user.id:
            raise AstraError("destination_user_id", "is you; use a one-time transfer between your own accounts")
        if not receiver.active:
            raise AstraError("destination_user_id", f"user {receiver.name} is not active")
        _own_account(session, "destination_id", body.destination_id, receiver, card_refused=to_card)
    else:
        _own_account(session, "destination_id", body.destination_id, user, card_refused=to_card)
    spending_id = getattr(body, "spending_id", None)
    if spending_id is not None:
        _own_account(session, "spending_id", spending_id, user)  # a card's purchases may be rounded up

    now = clock.now()
    routine = Routine(
        user_id=m.row_id(user), type=body.type, name=body.name, source_id=body.source_id,
        destination_id=body.destination_id, status=m.ACTIVE, created_at=now, created_on=today, updated_at=now,
        **columns_from_body(body),
    )
    routine.next_due_on = kind.first_due(routine)
    if kind.trigger is Trigger.DEPOSIT:
        _check_percent_total(session, routine, "percent_of_transaction")
    session.add(routine)
    session.flush()
    notify(session, clock, routine.user_id, m.ROUTINE_UPDATED, f"{routine.name}: {kind.label.lower()} created — "
           f"{kind.summary(routine)}", routine_id=routine.id)
    return routine


def create_routines(session: Session, clock: Clock, user_ref: Any, models: list[Any], as_list: bool) -> list[Routine]:
    """All or nothing: every body is checked and stored in the caller's one transaction."""
    from astra_tui.core.ledger import find_user

    user = find_user(session, user_ref)
    created = []
    for index, body in enumerate(models):
        try:
            created.append(create_routine(session, clock, user, body))
        except AstraError as exc:
            raise (exc.within(f"body[{index}]") if as_list else exc) from None
    return created


def routine_label(routine: Routine) -> str:
    """A routine as both a person and a script know it: ``Rent pot (routine 2)``."""
    return f"{routine.name} (routine {routine.id})"


def get_routine(session: Session, ref: Any) -> Routine:
    return get_row(session, Routine, "routine", ref)


def _set_status(session: Session, clock: Clock, routine: Routine, status: str, why: str) -> None:
    routine.status = status
    routine.updated_at = clock.now()
    session.add(routine)
    notify(session, clock, routine.user_id, m.ROUTINE_UPDATED, f"{routine.name} {why}", routine_id=routine.id)


def pause_routine(session: Session, clock: Clock, ref: Any) -> Routine:
    routine = get_routine(session, ref)
    if routine.status != m.ACTIVE:
        raise AstraError("routine", f"{routine_label(routine)} is {routine.status}; only an active routine can be "
                         "paused")
    _set_status(session, clock, routine, m.INACTIVE, "paused")
    return routine


def activate_routine(session: Session, clock: Clock, ref: Any) -> Routine:
    routine = get_routine(session, ref)
    if routine.status != m.INACTIVE:
        raise AstraError("routine", f"{routine_label(routine)} is {routine.status}; only a paused routine can be "
                         "activated")
    kind = kind_of(routine)
    if kind.trigger is Trigger.DEPOSIT:
        _check_percent_total(session, routine, "routine")
    _skip_paused_dates(session, clock, routine, kind)
    if routine.status == m.INACTIVE:
        _set_status(session, clock, routine, m.ACTIVE, "activated")
    return routine


def _skip_paused_dates(session: Session, clock: Clock, routine: Routine, kind: Kind) -> None:
    """Dates that passed while paused stay skipped: activation never replays them (SPEC §6)."""
    today, now = clock.today(), clock.now()
    stale = session.exec(
        select(Transfer).where(Transfer.routine_id == routine.id, Transfer.status == m.PENDING,
                               Transfer.scheduled_for < today)
    ).all()
    for transfer in stale:
        _cancel(session, clock, transfer, "routine paused")
    if not kind.scheduled:
        return
    while routine.next_due_on is not None and routine.next_due_on < today:
        session.add(RoutineRun(routine_id=m.row_id(routine), due_on=routine.next_due_on, outcome=m.SKIPPED,
                               reason="paused", created_at=now))
        routine.next_index += 1
        routine.next_due_on = kind.due_date(routine, routine.next_index)
    if routine.next_due_on is None:
        _set_status(session, clock, routine, m.COMPLETED, "is completed; its last date passed while paused")
    session.add(routine)


def delete_routine(session: Session, clock: Clock, ref: Any) -> Routine:
    routine = get_routine(session, ref)
    if routine.status == m.DELETED:
        raise AstraError("routine", f"{routine_label(routine)} is already deleted")
    pending = session.exec(
        select(Transfer).where(Transfer.routine_id == routine.id, Transfer.status == m.PENDING)
    ).all()
    for transfer in pending:
        _cancel(session, clock, transfer, "routine deleted")
    routine.next_due_on = None
    _set_status(session, clock, routine, m.DELETED, "deleted")
    return routine


def _cancel(session: Session, clock: Clock, transfer: Transfer, reason: str) -> None:
    now = clock.now()
    transfer.status = m.CANCELLED
    transfer.reason = reason
    transfer.updated_at = now
    session.add(transfer)
    session.add(RoutineRun(routine_id=transfer.routine_id, due_on=transfer.scheduled_for,
                           trigger_id=transfer.trigger_transaction_id or 0, outcome=m.SKIPPED, reason=reason,
                           transfer_id=transfer.id, created_at=now))
    notify(session, clock, transfer.user_id, m.TRANSFER_UPDATED, cancel_notice(transfer.amount, reason),
           routine_id=transfer.routine_id, transfer_id=transfer.id)


def cancel_transfer(session: Session, clock: Clock, ref: Any) -> Transfer:
    transfer_id = checked("transfer", parse_id, ref)
    transfer = session.get(Transfer, transfer_id)
    if transfer is None:
        raise NotFound("transfer", f"transfer {transfer_id} does not exist")
    if transfer.status != m.PENDING:
        raise AstraError("transfer", f"transfer {transfer_id} is {transfer.status}; only a pending transfer can be "
                         "cancelled")
    _cancel(session, clock, transfer, "cancelled by you")
    return transfer
