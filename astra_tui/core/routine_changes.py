"""Changing a routine after it was made (Astra's "Routine Update"), skipping its next run, running it now.

Every function takes an open Session and the clock, checks everything before
it writes, and raises AstraError naming the field; the caller commits.

An update takes the fields of the Astra body that change, merges them over the
stored ones and validates the whole body as creation does. Runs already made
stay as they were. The schedule after the change:

- amounts, floors, thresholds, percentages and the name apply from the next
  run on; the cursor does not move;
- a new start_date or frequency restarts the schedule from the (new)
  start_date, at its first date on or after today that is after the last date
  recorded as a run (a date skipped by you included), so no date runs twice;
- a refill with a new start_date is looked at from that date (or tomorrow, if
  it already refilled today);
- a 52-week challenge's dates are fixed once its first week has come: its
  count of weeks never starts over; before that its start_date may move;
- a round-up's new first date is at least a week after its last run, so no
  purchase is rounded up twice;
- a percentage-of-deposit routine's new values apply to deposits recorded
  from then on; transfers already queued keep the amount they were given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, func, select

from astra_tui.core.bodies import parse_body, parse_id
from astra_tui.core.clock import Clock
from astra_tui.core.corrections import rename_routine
from astra_tui.core.errors import AstraError, checked
from astra_tui.core.kinds import Form, Kind, Trigger, columns_from_body, kind_of
from astra_tui.core.ledger import notify
from astra_tui.core.routines import (
    _check_percent_total,
    check_start_date,
    get_routine,
    routine_label,
)
from astra_tui.core.run_now import RunNowResult
from astra_tui.core.run_now import run_now as process_run_now
from astra_tui.db import models as m
from astra_tui.db.engine import session_driver
from astra_tui.db.models import Routine, RoutineRun

SKIPPED_BY_YOU = "skipped by you"


def stored_body(r: Routine) -> dict[str, Any]:
    """The routine as the Astra body that would create it (without absent optional fields)."""
    body: dict[str, Any] = {"type": r.type, "name": r.name, "source_id": r.source_id,
                            "destination_id": r.destination_id}
    for f in kind_of(r).fields:
        value = f.to_json(getattr(r, f.column))
        if value is not None:
            body[f.name] = value
    return body


def edit_values(session: Session, clock: Clock, routine_ref: Any) -> tuple[Kind, str, dict[str, str]]:
    """What a routine's edit form shows: its kind, its name and its stored Astra fields as text — after
    the check that it may change at all (an update to its own name; the caller rolls it back)."""
    routine = get_routine(session, routine_ref)
    found = (kind_of(routine), routine.name, {k: str(v) for k, v in stored_body(routine).items()})
    update_routine(session, clock, routine.id, {"name": routine.name})
    return found


def _changeable(r: Routine) -> None:
    if r.status not in (m.ACTIVE, m.INACTIVE):
        raise AstraError("routine", f"{routine_label(r)} is {r.status}; only an active or paused routine can be "
                         "changed")


def _merged_body(r: Routine, changes: Any) -> Any:
    """The stored body with ``changes`` over it, validated as a new body; type, accounts and people fixed."""
    if not isinstance(changes, dict):
        raise AstraError("body", "expected a JSON object")
    if not changes:
        raise AstraError("body", 'names no field to change; give only the fields to change, e.g. {"amount": "25"}')
    if "type" in changes and changes["type"] != r.type:
        raise AstraError("type", f"is {r.type} and cannot be changed; make a new routine instead")
    chosen = [(f.name, f.column) for f in kind_of(r).fields if f.form is Form.ID]  # accounts and people
    for name, column in [("source_id", "source_id"), ("destination_id", "destination_id"), *chosen]:
        stored = getattr(r, column)
        if name in changes and stored is not None and checked(name, parse_id, changes[name]) != stored:
            raise AstraError(name, f"is {stored} and cannot be changed; make a new routine instead")
    body = parse_body({**stored_body(r), **changes})
    if r.start_date is not None and body.start_date is None:
        raise AstraError("start_date", "cannot be removed; give the new date (today makes it run today)")
    before, after = kind_of(r), kind_of(body)
    if after is not before:
        raise AstraError("start_date", f"would turn this {before.label.lower()} into a {after.label.lower()}; "
                         "make a new routine instead")
    return body


def update_routine(session: Session, clock: Clock, routine_ref: Any, changes: Any) -> Routine:
    """Change an active or paused routine's type fields and name (a dict of Astra body fields: only those
    that change are needed) with the validation of creation; see the module's text for the schedule."""
    r = get_routine(session, routine_ref)
    _changeable(r)
    body = _merged_body(r, changes)
    kind = kind_of(r)
    today = clock.today()
    new_columns = columns_from_body(body)
    changed = {column: value for column, value in new_columns.items() if getattr(r, column) != value}
    renamed = body.name != r.name
    if not changed:  # a new name alone is a rename, told in the same words wherever it is made
        return rename_routine(session, clock, r.id, body.name) if renamed else r
    restart = "start_date" in changed or "frequency" in changed
    if "start_date" in changed:
        check_start_date(body.start_date, today)
        _check_new_start(session, r, kind, body.start_date)
    words = _describe(kind, r, new_columns, body.name)
    for column, value in new_columns.items():
        setattr(r, column, value)
    r.name = body.name
    r.updated_at = clock.now()
    if kind.trigger is Trigger.DEPOSIT and r.status == m.ACTIVE:
        _check_percent_total(session, r, "percent_of_transaction")
    if restart:
        _restart_schedule(session, r, kind, today)
    session.add(r)
    next_run = f"; next run {r.next_due_on}" if r.next_due_on and kind.scheduled and r.status == m.ACTIVE else ""
    notify(session, clock, r.user_id, m.ROUTINE_UPDATED, f"{r.name} updated — {words}{next_run}", routine_id=r.id)
    return r


def _last_run_on(session: Session, r: Routine) -> dt.date | None:
    """The latest date the routine has a run of its own on (not a deposit's, not a run made on request)."""
    return session.exec(select(func.max(RoutineRun.due_on)).where(RoutineRun.routine_id == r.id,
                                                                  RoutineRun.trigger_id == 0)).one()


def _check_new_start(session: Session, r: Routine, kind: Kind, start: dt.date) -> None:
    problem = kind.check_new_start(r, start, _last_run_on(session, r))
    if problem:
        raise AstraError("start_date", problem)


def _restart_schedule(session: Session, r: Routine, kind: Kind, today: dt.date) -> None:
    """Follow the new start date and frequency from the first date not yet run that is today or later."""
    last = _last_run_on(session, r)
    earliest = today if last is None else max(today, last + dt.timedelta(days=1))
    if not kind.scheduled:
        if r.next_due_on is not None:  # a refill: looked at from its start date, at most once a day
            assert r.start_date is not None
            r.next_due_on = max(r.start_date, earliest)
        return
    index = 0
    due = kind.due_date(r, index)
    while due is not None and due < earliest:
        index += 1
        due = kind.due_date(r, index)
    r.next_index, r.next_due_on = index, due
    if due is None:
        r.status = m.COMPLETED


def _describe(kind: Kind, r: Routine, columns: dict[str, Any], name: str) -> str:
    parts = [f"name {r.name} → {name}"] if name != r.name else []
    for f in kind.fields:
        old, new = getattr(r, f.column), columns[f.column]
        if old != new:
            parts.append(f"{f.name.replace('_', ' ')} {f.shown(old)} → {f.shown(new)}")
    return ", ".join(parts)


# -- skip the next run, run now ------------------------------------------------------

def _active(r: Routine, doing: str) -> Kind:
    if r.status != m.ACTIVE:
        why = "; activate it first" if r.status == m.INACTIVE else ""
        raise AstraError("routine", f"{routine_label(r)} is {r.status}; only an active routine can {doing}{why}")
    return kind_of(r)


def skip_next_run(session: Session, clock: Clock, routine_ref: Any) -> RoutineRun:
    """Record the next scheduled run as skipped ("skipped by you") and move the schedule past it.
    Skipping the last week of a 52-week challenge completes it."""
    r = get_routine(session, routine_ref)
    kind = _active(r, "skip its next run")
    if kind.skip_refusal or r.next_due_on is None:
        raise AstraError("routine", f"{r.name} (routine {r.id}, a {kind.label.lower()}) "
                         f"{kind.skip_refusal or 'has no next run'}")
    now = clock.now()
    run = RoutineRun(routine_id=m.row_id(r), due_on=r.next_due_on, outcome=m.SKIPPED, reason=SKIPPED_BY_YOU,
                     created_at=now)
    session.add(run)
    r.next_index += 1
    r.next_due_on = kind.due_date(r, r.next_index)
    r.updated_at = now
    if r.next_due_on is None:
        r.status = m.COMPLETED
        then = "; that was its last run, so it is completed"
    else:
        then = f"; next run {r.next_due_on}"
    session.add(r)
    notify(session, clock, r.user_id, m.ROUTINE_UPDATED, f"{r.name}: the run of {run.due_on} is skipped by you{then}",
           routine_id=r.id)
    session.flush()
    return run


def run_now(session: Session, clock: Clock, routine_ref: Any) -> RoutineRun:
    """One run today, outside the schedule, through the processor's money rules (caps, no overdraft,
    frozen or closed accounts fail it); the schedule does not move. The run's reason starts "run now".
    A refill runs only if its destination is below the threshold; nothing to move is an error."""
    r = get_routine(session, routine_ref)
    kind = _active(r, "run now")
    if kind.run_now_refusal:
        raise AstraError("routine", f"{r.name} (routine {r.id}, a {kind.label.lower()}) {kind.run_now_refusal}")
    result = process_run_now(session_driver(session), clock, r.id or 0)
    if not isinstance(result, RunNowResult):
        raise AstraError("routine", f"{routine_label(r)} has nothing to move now: {result.reason}")
    session.expire_all()  # the run, its transfer and the balances were written beside the session
    return session.exec(select(RoutineRun).where(RoutineRun.routine_id == r.id, RoutineRun.due_on == result.due_on,
                                                 RoutineRun.trigger_id == result.trigger_id)).one()
