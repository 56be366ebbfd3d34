"""Run now: one run of a routine today, outside its schedule, by the processor's own rules.

It is a processing batch (``processor._Batch``) that walks no due work: the
amount comes from the routine's kind, the money moves through ``_Batch._move``
(transfer limit, no overdraft, frozen or closed accounts), and the rows are
written by the batch's ``flush`` — the same code as every scheduled run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.kinds import Skip
from astra_tui.core.processor import _ROUTINE_COLUMNS, _Batch, _Routine
from astra_tui.db import models as m

RUN_NOW = "run now"  # how a run made on request starts its reason


@dataclass
class RunNowResult:
    """What a run made on request did: its run row's key and outcome, and its transfer."""

    due_on: dt.date
    trigger_id: int
    outcome: str
    reason: str
    transfer_id: int | None


class _OneRun(_Batch):
    """A batch that walks no due work: it only makes the one run asked for."""

    def __post_init__(self) -> None:
        super().__post_init__()  # accounts, users and the next transfer id, loaded as for any batch
        self.routines, self.pending, self.horizon = {}, {}, None


def run_now(conn: Connection, clock: Clock, routine_id: int) -> RunNowResult | Skip:
    """Run an active routine once today, outside its schedule, under the rules of every run (caps,
    no overdraft, frozen accounts); its cursor does not move. The run row's trigger_id is negative
    (−1, −2, … for each extra run of the day), so it never clashes with the scheduled run of the
    day (0) or a deposit's (its id). Returns Skip, writing nothing, when there is nothing to move."""
    today = clock.today()
    batch = _OneRun(conn, today, utc_text(clock.now()), 1)
    row = conn.exec_driver_sql(f"SELECT {_ROUTINE_COLUMNS} FROM routines WHERE id = ?", (routine_id,)).one()
    r = _Routine(row)
    amount = r.kind.amount(r, today, r.next_index, batch)
    if isinstance(amount, Skip):
        return amount
    trigger = conn.exec_driver_sql(
        "SELECT COALESCE(MIN(trigger_id), 0) - 1 FROM routine_runs WHERE routine_id = ? AND due_on = ? "
        "AND trigger_id < 0", (routine_id, today.isoformat())).scalar_one()
    transfer_id, outcome, reason = batch._new_transfer(r, today, amount)
    if outcome == m.SKIPPED:  # a card payment with nothing owed: nothing to move, nothing written
        return Skip(reason)
    reason = f"{RUN_NOW} — {reason}" if reason else RUN_NOW
    batch._record_run(r.id, today, trigger, outcome, reason, transfer_id)
    batch.flush()
    return RunNowResult(today, trigger, outcome, reason, transfer_id)
