"""Read-only queries and the JSON shapes of SPEC §7. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, union_all
from sqlmodel import Session, col, select

from astra_tui.core.kinds import Trigger, kind_of, type_fields_json
from astra_tui.core.money import money_json
from astra_tui.db import models as m
from astra_tui.db.models import Account, Routine, RoutineRun, Transaction, Transfer, User


def user_json(u: User) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "transfer_limit": money_json(u.transfer_limit), "active": u.active}


def account_json(a: Account) -> dict[str, Any]:
    return {"id": a.id, "user_id": a.user_id, "name": a.name, "kind": a.kind, "status": a.status,
            "balance": money_json(a.balance)}


def transaction_json(t: Transaction) -> dict[str, Any]:
    return {"id": t.id, "account_id": t.account_id, "posted_on": t.posted_on.isoformat(),
            "amount": money_json(t.amount), "description": t.description, "origin": t.origin,
            "transfer_id": t.transfer_id}


def transfer_json(t: Transfer, routine_type: str) -> dict[str, Any]:
    return {"id": t.id, "routine_id": t.routine_id, "routine_type": routine_type, "source_id": t.source_id,
            "destination_id": t.destination_id, "amount": money_json(t.amount), "status": t.status,
            "scheduled_for": t.scheduled_for.isoformat(), "reason": t.reason, "capped": t.capped}


def run_json(r: RoutineRun) -> dict[str, Any]:
    return {"due_on": r.due_on.isoformat(), "outcome": r.outcome, "reason": r.reason, "transfer_id": r.transfer_id}


def next_run_on(session: Session, r: Routine) -> dt.date | None:
    """When the routine will next move money, if that is known: None when paused or ended."""
    if r.status != m.ACTIVE:
        return None
    kind = kind_of(r)
    if kind.scheduled:
        return r.next_due_on
    if kind.trigger is Trigger.DEPOSIT:
        return session.exec(
            select(func.min(Transfer.scheduled_for)).where(Transfer.routine_id == r.id,
                                                           Transfer.status == m.PENDING)
        ).one()
    return None  # a refill runs whenever its destination drops below the threshold


def routine_json(session: Session, r: Routine, *, with_runs: bool = False) -> dict[str, Any]:
    kind = kind_of(r)
    data: dict[str, Any] = {
        "id": r.id, "user_id": r.user_id, "type": r.type, "kind": kind.key, "name": r.name, "status": r.status,
        "source_id": r.source_id, "destination_id": r.destination_id,
    }
    data.update(type_fields_json(r))
    upcoming = next_run_on(session, r)
    data["next_run_on"] = upcoming.isoformat() if upcoming else None
    data["summary"] = kind.summary(r)
    if with_runs:
        data["runs"] = [run_json(run) for run in routine_runs(session, r.id)]
    return data


def _limited(statement: Any, limit: int | None) -> Any:
    return statement.limit(limit) if limit else statement


def list_users(session: Session, limit: int | None = None) -> Sequence[User]:
    return session.exec(_limited(select(User).order_by(User.id), limit)).all()


def list_accounts(session: Session, user_id: int | None = None, limit: int | None = None) -> Sequence[Account]:
    statement = select(Account).order_by(Account.id)
    if user_id is not None:
        statement = statement.where(Account.user_id == user_id)
    return session.exec(_limited(statement, limit)).all()


def list_transactions(session: Session, account_id: int, limit: int | None = None,
                      offset: int = 0) -> Sequence[Transaction]:
    """An account's activity, newest first."""
    statement = (select(Transaction).where(Transaction.account_id == account_id)
                 .order_by(col(Transaction.posted_on).desc(), col(Transaction.id).desc()).offset(offset))
    return session.exec(_limited(statement, limit)).all()


def list_routines(session: Session, user_id: int | None = None, include_deleted: bool = False,
                  limit: int | None = None) -> Sequence[Routine]:
    statement = select(Routine).order_by(Routine.id)
    if user_id is not None:
        statement = statement.where(Routine.user_id == user_id)
    if not include_deleted:
        statement = statement.where(Routine.status != m.DELETED)
    return session.exec(_limited(statement, limit)).all()


def routine_runs(session: Session, routine_id: int, limit: int | None = None) -> Sequence[RoutineRun]:
    statement = (select(RoutineRun).where(RoutineRun.routine_id == routine_id)
                 .order_by(col(RoutineRun.due_on), col(RoutineRun.id)))
    return session.exec(_limited(statement, limit)).all()


def transfer_with_type(session: Session, transfer_id: int) -> tuple[Transfer, str]:
    transfer = session.get(Transfer, transfer_id)
    assert transfer is not None
    routine = session.get(Routine, transfer.routine_id)
    assert routine is not None
    return transfer, routine.type


def _sides(user_id: int | None, account_id: int | None) -> list[list[Any]]:
    """The disjoint halves of an OR, each led by an equality that an index is ordered under."""
    mine = [] if user_id is None else [or_(Transfer.user_id == user_id, Transfer.destination_user_id == user_id)]
    if account_id is not None:
        return [[Transfer.source_id == account_id, *mine],
                [Transfer.destination_id == account_id, Transfer.source_id != account_id, *mine]]
    if user_id is not None:
        # The second term, written exactly so, lets SQLite use the partial index ix_transfers_received.
        return [[Transfer.user_id == user_id],
                [Transfer.destination_user_id == user_id, Transfer.destination_user_id != Transfer.user_id]]
    return [[]]


def _transfer_conditions(user_id: int | None, account_id: int | None, routine_id: int | None, status: str | None,
                         date_from: dt.date | None, date_to: dt.date | None) -> tuple[list[list[Any]], list[Any]]:
    """The disjoint sides of "sent or received" (see ``_sides``) and the filters common to both."""
    common: list[Any] = []
    if routine_id is not None:
        common.append(Transfer.routine_id == routine_id)
    if status is not None:
        common.append(Transfer.status == status)
    if date_from is not None:
        common.append(Transfer.scheduled_for >= date_from)
    if date_to is not None:
        common.append(Transfer.scheduled_for <= date_to)
    sides = _sides(None if routine_id is not None else user_id, account_id)
    if routine_id is not None and user_id is not None:
        common.append(or_(Transfer.user_id == user_id, Transfer.destination_user_id == user_id))
    return sides, common


def count_transfers(session: Session, *, user_id: int | None = None, account_id: int | None = None,
                    routine_id: int | None = None, status: str | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None) -> int:
    """How many transfers ``newest_transfers`` would list in all: one index count per side, added up."""
    sides, common = _transfer_conditions(user_id, account_id, routine_id, status, date_from, date_to)
    return sum(session.exec(select(func.count()).select_from(Transfer).where(*side, *common)).one()
               for side in sides)


def newest_transfers(*, user_id: int | None = None, account_id: int | None = None, routine_id: int | None = None,
                     status: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                     after: tuple[dt.date, int] | None = None, limit: int | None = None, offset: int = 0) -> Any:
    """Transfers with their routine, newest first, that a person or account sent or received.

    "Sent or received" is an OR over two indexed columns; SQLite answers an OR
    by collecting every match and sorting it, which takes seconds on a
    lifetime of transfers. Here each half is its own ordered index scan that
    stops after the page, and only the two short lists are merged and sorted.
    """
    sides, common = _transfer_conditions(user_id, account_id, routine_id, status, date_from, date_to)
    if after is not None:
        day, last_id = after
        common.append(or_(Transfer.scheduled_for < day,
                          and_(Transfer.scheduled_for == day, col(Transfer.id) < last_id)))
    newest_first = (col(Transfer.scheduled_for).desc(), col(Transfer.id).desc())
    statement = select(Transfer, Routine).join(Routine, col(Routine.id) == Transfer.routine_id)
    if len(sides) > 1:
        wanted = None if limit is None else limit + offset
        scans = [_limited(select(Transfer.id).where(*side, *common).order_by(*newest_first), wanted).subquery()
                 for side in sides]
        ids = union_all(*(select(scan.c.id) for scan in scans)).subquery()
        statement = statement.join(ids, ids.c.id == Transfer.id)
    else:
        statement = statement.where(*sides[0], *common)
    return _limited(statement.order_by(*newest_first).offset(offset), limit)


def list_transfers(session: Session, *, user_id: int | None = None, account_id: int | None = None,
                   routine_id: int | None = None, status: str | None = None, limit: int | None = None,
                   offset: int = 0) -> list[tuple[Transfer, str]]:
    """Transfers newest first, with their routine's type. A user sees what they sent and received."""
    statement = newest_transfers(user_id=user_id, account_id=account_id, routine_id=routine_id, status=status,
                                 limit=limit, offset=offset)
    return [(t, r.type) for t, r in session.exec(statement).all()]
