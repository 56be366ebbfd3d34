"""Routines as the lists show them: what each does, from → to, its status, next run and latest run;
one routine's detail with its run history and its next runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from astra_tui.core import store
from astra_tui.core.clock import Clock
from astra_tui.core.errors import NotFound, checked
from astra_tui.core.kinds import BodyField, Kind, PreviewRow, Trigger
from astra_tui.core.parsing import parse_id
from astra_tui.core.preview import paused_note, preview_routine
from astra_tui.core.read.accounts import AccountRow, by_id
from astra_tui.core.read.db import Reader, limited
from astra_tui.core.read.runs import NO_RUN, LatestRun, RunRow, latest_runs, runs
from astra_tui.core.walk_state import ROUTINE_FIELDS, RoutineState
from astra_tui.vocab import Outcome, RoutineStatus, TransferStatus


@dataclass(frozen=True)
class RoutineRow:
    id: int
    user_id: int
    type: str  # the Astra type
    kind: Kind
    name: str
    status: str
    source_id: int
    source: str  # the accounts' names
    destination_id: int
    destination: str
    fields: tuple[tuple[BodyField, Any], ...]  # the kind's type fields and their stored values
    summary: str
    next_run_on: dt.date | None  # when it will next move money, if that is known
    last_run: LatestRun = NO_RUN  # its latest run, and whether the routine needs attention

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def next_run(self) -> str:
        """The next run as the app says it: a date, the kind's words when no date is known, or "—"."""
        if self.status != RoutineStatus.ACTIVE:
            return "—"
        return self.next_run_on.isoformat() if self.next_run_on else self.kind.next_run_words

    @property
    def label(self) -> str:
        """The routine as both a person and a script know it: ``Rent pot (routine 2)``."""
        return f"{self.name} (routine {self.id})"

    @property
    def attention(self) -> str:
        """Why the routine needs attention, in one line, or "" when it does not."""
        run = self.last_run
        if not run.needs_attention:
            return ""
        if run.outcome == Outcome.FAILED:
            return f"last run failed on {run.due_on}" + (f": {run.reason}" if run.reason else "")
        return "the routine failed"


_STATES = f"SELECT {', '.join(ROUTINE_FIELDS)} FROM routines"


def _next_runs(db: Reader, states: list[RoutineState]) -> dict[int, dt.date | None]:
    """When each routine will next move money: its cursor when it runs on dates; a routine set going by
    deposits, its next queued transfer; None when paused, ended or set going by a low balance."""
    queued: dict[int, dt.date] = {}
    if any(r.kind.trigger is Trigger.DEPOSIT for r in states):
        queued = {rid: dt.date.fromisoformat(day) for rid, day in db.execute(
            "SELECT routine_id, min(scheduled_for) FROM transfers WHERE status = ? GROUP BY routine_id",
            (TransferStatus.PENDING,))}
    upcoming: dict[int, dt.date | None] = {}
    for r in states:
        if r.status != RoutineStatus.ACTIVE:
            upcoming[r.id] = None
        elif r.kind.scheduled:
            upcoming[r.id] = r.next_due_on
        else:
            upcoming[r.id] = queued.get(r.id) if r.kind.trigger is Trigger.DEPOSIT else None
    return upcoming


def _rows(db: Reader, states: list[RoutineState], latest: dict[int, LatestRun]) -> list[RoutineRow]:
    names: dict[int, AccountRow] = by_id(db) if states else {}
    upcoming = _next_runs(db, states)
    return [RoutineRow(r.id, r.user_id, r.type, r.kind, r.name, r.status, r.source_id, names[r.source_id].name,
                       r.destination_id, names[r.destination_id].name,
                       tuple((f, getattr(r, f.column)) for f in r.kind.fields), r.kind.summary(r), upcoming[r.id],
                       latest.get(r.id, NO_RUN))
            for r in states]


def routines(db: Reader, user_id: int | None = None, include_deleted: bool = False,
             limit: int | None = None) -> list[RoutineRow]:
    """A person's routines (or everyone's) in the order they were made; deleted ones only if asked."""
    where: list[str] = []
    params: list[Any] = []
    if user_id is not None:
        where.append("user_id = ?")
        params.append(user_id)
    if not include_deleted:
        where.append("status != ?")
        params.append(RoutineStatus.DELETED)
    sql = _STATES + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY id"
    states = [store.routine_state(r) for r in db.execute(*limited(sql, tuple(params), limit))]
    return _rows(db, states, latest_runs(db, user_id))


def routine_state(db: Reader, ref: Any, field: str = "routine") -> RoutineState:
    """The routine numbered ``ref`` as the rules read it, or an error naming ``field``."""
    routine_id = checked(field, parse_id, ref)
    row = db.execute(f"{_STATES} WHERE id = ?", (routine_id,)).fetchone()
    if row is None:
        raise NotFound(field, f"routine {routine_id} does not exist")
    return store.routine_state(row)


def routine(db: Reader, ref: Any, field: str = "routine") -> RoutineRow:
    """One routine as the lists show it."""
    state = routine_state(db, ref, field)
    return _rows(db, [state], latest_runs(db, routine_id=state.id))[0]


def choices(db: Reader, user_id: int) -> list[tuple[int, str]]:
    """A person's routines as (id, name), deleted ones too: what a filter offers."""
    return list(db.execute("SELECT id, name FROM routines WHERE user_id = ? ORDER BY id", (user_id,)))


@dataclass(frozen=True)
class RoutineDetail:
    row: RoutineRow
    runs: list[RunRow]  # newest first
    upcoming: list[PreviewRow]
    note: str = ""  # a paused routine: that it is paused and what activating it would do


def detail(db: Reader, clock: Clock, routine_id: int, run_limit: int = 200) -> RoutineDetail | None:
    """One routine: its row, its latest runs, its next five runs (an active one) or what activating it
    would do (a paused one); None when there is no such routine."""
    try:
        state = routine_state(db, routine_id)
    except NotFound:
        return None
    row = _rows(db, [state], latest_runs(db, routine_id=state.id))[0]
    upcoming = preview_routine(db, clock, state) if state.status == RoutineStatus.ACTIVE else []
    note = paused_note(clock, state) if state.status == RoutineStatus.INACTIVE else ""
    return RoutineDetail(row, runs(db, routine_id, newest_first=True, limit=run_limit), upcoming, note)
