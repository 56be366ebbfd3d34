"""The command line's JSON shapes (SPEC §7): Astra's field names, ids as integers, money and percentages
as strings with two decimals, dates as ``YYYY-MM-DD``. Each takes a row of the read layer (or a row a
change returned: the same fields)."""

from __future__ import annotations

from typing import Any

from astra_tui.core.money import money_json


def user_json(u: Any) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "transfer_limit": money_json(u.transfer_limit), "active": bool(u.active)}


def account_json(a: Any) -> dict[str, Any]:
    return {"id": a.id, "user_id": a.user_id, "name": a.name, "kind": a.kind, "status": a.status,
            "balance": money_json(a.balance)}


def transaction_json(t: Any) -> dict[str, Any]:
    return {"id": t.id, "account_id": t.account_id, "posted_on": t.posted_on.isoformat(),
            "amount": money_json(t.amount), "description": t.description, "origin": t.origin,
            "transfer_id": t.transfer_id}


def transfer_json(t: Any) -> dict[str, Any]:
    return {"id": t.id, "routine_id": t.routine_id, "routine_type": t.routine_type, "source_id": t.source_id,
            "destination_id": t.destination_id, "amount": money_json(t.amount), "status": t.status,
            "scheduled_for": t.scheduled_for.isoformat(), "reason": t.reason or None, "capped": t.capped}


def run_json(r: Any) -> dict[str, Any]:
    return {"due_on": r.due_on.isoformat(), "outcome": r.outcome, "reason": r.reason, "transfer_id": r.transfer_id}


def routine_json(r: Any, runs: list[Any] | None = None) -> dict[str, Any]:
    """A routine row (``core.read.routines.RoutineRow``); with its ``runs`` for ``routines show``."""
    data: dict[str, Any] = {
        "id": r.id, "user_id": r.user_id, "type": r.type, "kind": r.kind.key, "name": r.name, "status": r.status,
        "source_id": r.source_id, "destination_id": r.destination_id,
    }
    data.update({f.name: f.to_json(value) for f, value in r.fields})
    data["next_run_on"] = r.next_run_on.isoformat() if r.next_run_on else None
    data["summary"] = r.summary
    if runs is not None:
        data["runs"] = [run_json(run) for run in runs]
    return data


def planned_json(p: Any, news: Any) -> dict[str, Any]:
    """A planned item (``core.read.planned.PlannedRow``) and where it stands (``News``)."""
    return {"id": p.id, "user_id": p.user_id, "account_id": p.account_id, "description": p.description,
            "amount": money_json(p.amount), "start_on": p.start_on.isoformat(), "frequency": p.frequency,
            "end_on": p.end_on.isoformat() if p.end_on else None, "status": p.status, "schedule": p.schedule,
            "next_on": news.next_on.isoformat() if news.next_on else None,
            "expected": [day.isoformat() for day in news.expected]}


def forecast_json(f: Any) -> dict[str, Any]:
    """A forecast (``core.forecast.Forecast``): money as strings, one balance a day from ``from`` to ``to``."""
    return {
        "from": f.first.isoformat(), "to": f.last.isoformat(),
        "accounts": [{"id": a.id, "name": a.name, "today": money_json(a.today), "lowest": money_json(a.lowest),
                      "lowest_on": a.lowest_on.isoformat(), "end": money_json(a.end),
                      "days": [{"date": day.isoformat(), "balance": money_json(b)} for day, b in a.days()]}
                     for a in f.accounts],
        "runs": [{"routine_id": r.routine_id, "routine_name": r.routine_name, "due_on": r.due_on.isoformat(),
                  "outcome": r.outcome, "amount": money_json(r.amount), "reason": r.reason, "why": r.why,
                  "holds": money_json(r.holds) if r.holds is not None else None} for r in f.runs],
        "planned": [{"id": o.planned_id, "description": o.description, "account_id": o.account_id,
                     "due_on": o.due_on.isoformat(), "amount": money_json(o.amount)} for o in f.planned],
        "notes": list(f.notes),
    }
