"""Run now: one run of a routine today, outside its schedule, by the processor's own rules.

The routine and the ledger are loaded as a processing state (``core.store``), the amount comes
from the routine's kind, the walk makes the run (``walk.extra_run``: the caps, no overdraft,
frozen or closed accounts) and the store writes its rows — the same code as every scheduled run.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from astra_tui.core import store
from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.kinds import Skip
from astra_tui.core.walk import extra_run
from astra_tui.core.walk_state import Run

RUN_NOW = "run now"  # how a run made on request starts its reason


@dataclass
class RunNowResult:
    """What a run made on request did: its run row's key and outcome, and its transfer."""

    due_on: dt.date
    trigger_id: int
    outcome: str
    reason: str
    transfer_id: int | None


def run_now(db: sqlite3.Connection, clock: Clock, routine_id: int) -> RunNowResult | Skip:
    """Run an active routine once today, outside its schedule, under the rules of every run (caps,
    no overdraft, frozen accounts); its cursor does not move. The run row's trigger_id is negative
    (−1, −2, … for each extra run of the day), so it never clashes with the scheduled run of the
    day (0) or a deposit's (its id). Returns Skip, writing nothing, when there is nothing to move."""
    today = clock.today()
    r = store.load_routine(db, routine_id)
    r.next_due_on = today  # a round-up adds up the week before today
    state = store.load_around(db, [r])
    amount = r.kind.amount(r, today, r.next_index, state)
    if isinstance(amount, Skip):
        return amount
    trigger = store.extra_trigger(db, routine_id, today)
    effects = extra_run(state, routine_id, today, utc_text(clock.now()), trigger, amount, RUN_NOW)
    if isinstance(effects, Skip):  # a card payment with nothing owed: nothing to move, nothing written
        return effects
    store.write(db, effects)
    [row] = effects.runs
    run = Run(*row)
    return RunNowResult(today, trigger, run.outcome, run.reason, run.transfer_id)
