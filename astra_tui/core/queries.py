"""Read-only queries and the JSON shapes of SPEC §7. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from collections.abc import Sequence

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from astra_tui.core.kinds import PercentageDepositKind, kind_of, type_fields_json
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
    if isinstance(kind, PercentageDepositKind):
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


def list_transfers(session: Session, *, user_id: int | None = None, account_id: int | None = None,
                   routine_id: int | None = None, status: str | None = None, limit: int | None = None,
                   offset: int = 0) -> list[tuple[Transfer, str]]:
    """Transfers newest first, with their routine's type. A user sees what they sent and received."""
    statement = select(Transfer, Routine.type).join(Routine, col(Routine.id) == Transfer.routine_id)
    if user_id is not None:
        statement = statement.where(or_(Transfer.user_id == user_id, Transfer.destination_user_id == user_id))
    if account_id is not None:
        statement = statement.where(or_(Transfer.source_id == account_id, Transfer.destination_id == account_id))
    if routine_id is not None:
        statement = statement.where(Transfer.routine_id == routine_id)
    if status is not None:
        statement = statement.where(Transfer.status == status)
    statement = statement.order_by(col(Transfer.scheduled_for).desc(), col(Transfer.id).desc()).offset(offset)
    return [(t, rtype) for t, rtype in session.exec(_limited(statement, limit)).all()]
