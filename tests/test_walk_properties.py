"""Properties of the processing walk on generated states (hypothesis), directly and through SQLite.

A state is generated as plain data (accounts, limits, routines of every kind part-way through
their schedules, pending transfers, debits). The same state is walked directly (``core.walk``)
and written into a fresh database and processed there in small batches (``process_due``): the
runs, transfers, balances, cursors and notifications must agree. The walk alone keeps money
whole, never overdraws, settles everything due, and for fixed amounts gives the same whether
walked day by day or once at the end. Set ASTRA_TUI_LONG=1 for many more examples.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from astra_tui.core.clock import FixedClock, at_local
from astra_tui.core.kinds import BY_KEY
from astra_tui.core.processor import process_due
from astra_tui.core.walk import walk
from astra_tui.core.walk_state import (
    ROUTINE_FIELDS,
    AccountState,
    PendingTransfer,
    RoutineState,
    State,
    UserState,
)
from astra_tui.db.engine import open_database
from tests.conftest import LONG

TODAY = dt.date(2026, 11, 22)
NOW = "2026-11-22 17:00:00.000000"
PROPERTY = settings(max_examples=300 if LONG else 30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ALEX, SAM = 1, 2
CHECKING, SAVINGS, SPARE, CARD, SAM_CHECKING = 1, 2, 3, 4, 5
OWN = (CHECKING, SAVINGS, SPARE)
FIXED = ("quick", "one-time", "p2p", "recurring", "round-up", "fifty-two-week")

_TEMPLATE = Path(tempfile.mkdtemp(prefix="astra-walk-template-")) / "empty.db"
open_database(_TEMPLATE).dispose()

days_back = st.integers(min_value=-5, max_value=90)  # how long before today a routine started
cents = st.integers(min_value=1, max_value=150_000)


@st.composite
def routines(draw: Any, key: str, routine_id: int) -> RoutineState:
    start = TODAY - dt.timedelta(days=draw(days_back))
    created = start - dt.timedelta(days=draw(st.sampled_from([0, 3, 10, 30])))
    source, destination = draw(st.permutations(OWN))[:2]
    if BY_KEY[key].pays_card and draw(st.booleans()):
        destination = CARD
    values: dict[str, Any] = dict.fromkeys(
        ("destination_user_id", "spending_id", "amount", "min_balance", "threshold", "percent_bps",
         "minimum_transaction_threshold", "amount_start", "amount_increment", "frequency"))
    values.update(id=routine_id, user_id=ALEX, type={"quick": "one-time", "p2p": "one-time"}.get(key, key),
                  name=f"{key} {routine_id}", source_id=source, destination_id=destination, start_date=start,
                  created_on=created, next_index=0, next_due_on=None,
                  status=draw(st.sampled_from(["active"] * 4 + ["inactive", "completed", "deleted"])))
    if key in ("quick", "one-time", "p2p", "recurring", "refill"):
        values["amount"] = draw(cents)
    if key in ("recurring", "sweep", "percentage-balance"):
        values["frequency"] = draw(st.sampled_from(["weekly", "bi-weekly", "monthly"]))
    if key == "quick":
        values.update(start_date=None, created_on=start)
    if key == "p2p":
        values.update(destination_user_id=SAM, destination_id=SAM_CHECKING)
    if key == "sweep":
        values["min_balance"] = draw(st.integers(0, 300_000))
    if key in ("percentage-balance", "percentage-based"):
        values["percent_bps"] = draw(st.integers(1, 5_000))
    if key == "percentage-based":
        values["minimum_transaction_threshold"] = draw(st.integers(0, 50_000))
    if key == "refill":
        values["threshold"] = draw(cents)
    if key == "round-up":
        values["spending_id"] = draw(st.sampled_from((CHECKING, CARD)))
    if key == "fifty-two-week":
        values.update(amount_start=draw(st.integers(100, 500)), amount_increment=draw(st.integers(100, 500)))
    r = RoutineState(**values)
    if r.status in ("active", "inactive"):
        r.next_due_on = r.start_date if key == "refill" else r.kind.due_date(r, 0) if r.kind.scheduled else None
    return r


@st.composite
def states(draw: Any, kinds: tuple[str, ...] = tuple(BY_KEY)) -> State:
    statuses = st.sampled_from(["open"] * 10 + ["frozen", "closed"])
    accounts = {
        CHECKING: AccountState(ALEX, "checking", draw(statuses), draw(st.integers(0, 600_000)), "Checking"),
        SAVINGS: AccountState(ALEX, "savings", draw(statuses), draw(st.integers(0, 600_000)), "Savings"),
        SPARE: AccountState(ALEX, "checking", draw(statuses), draw(st.integers(0, 600_000)), "Spare"),
        CARD: AccountState(ALEX, "credit-card", "open", -draw(st.integers(0, 100_000)), "Visa"),
        SAM_CHECKING: AccountState(SAM, "checking", "open", 1_000, "Sam checking"),
    }
    users = {ALEX: UserState(draw(st.integers(1_000, 1_000_000)), "Alex"), SAM: UserState(500_000, "Sam")}
    keys = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=7))
    made = {i: draw(routines(key, i)) for i, key in enumerate(keys, start=1)}
    state = State(accounts, users, made)
    shares = [r for r in made.values() if r.type == "percentage-based"]
    queued = []
    for trigger in range(1, draw(st.integers(0, 8)) + 1 if shares else 1):
        r = draw(st.sampled_from(shares))
        day = TODAY - dt.timedelta(days=draw(st.integers(-3, 60)))
        queued.append((day, trigger, r, draw(cents)))
    for transfer_id, (day, trigger, r, amount) in enumerate(sorted(queued, key=lambda q: (q[0], q[1])), start=1):
        state.pending[transfer_id] = PendingTransfer(transfer_id, r.id, r.source_id, r.destination_id, amount, day,
                                                     trigger)
    state.next_transfer_id = len(state.pending) + 1
    for account_id in (CHECKING, CARD):
        debits = draw(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 20_000)), max_size=60))
        state.spending[account_id] = sorted((TODAY - dt.timedelta(days=back), -amount) for back, amount in debits)
    return state


# -- the same state in SQLite -------------------------------------------------------------

def write_state(path: Path, state: State) -> None:
    """The state as rows of a fresh database; the transactions add noise the store must leave out."""
    stamp = "2026-01-01 00:00:00.000000"
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.executemany("INSERT INTO users (id, name, transfer_limit, active, created_at, seen_run_id) "
                       "VALUES (?, ?, ?, 1, ?, 0)", [(i, u.name, u.transfer_limit, stamp) for i, u in
                                                     state.users.items()])
        db.executemany("INSERT INTO accounts (id, user_id, name, kind, status, balance, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(i, a.user_id, a.name, a.kind, a.status, a.balance, stamp) for i, a in state.accounts.items()])
        db.executemany(f"INSERT INTO routines ({', '.join(ROUTINE_FIELDS)}, created_at, updated_at) "
                       f"VALUES ({', '.join('?' * len(ROUTINE_FIELDS))}, ?, ?)",
                       [tuple(_sql(getattr(r, c)) for c in ROUTINE_FIELDS) + (stamp, stamp)
                        for r in state.routines.values()])
        db.executemany("INSERT INTO transfers (id, routine_id, user_id, destination_user_id, source_id, "
                       "destination_id, amount, capped, status, scheduled_for, trigger_transaction_id, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'pending', ?, ?, ?, ?)",
                       [(t.id, t.routine_id, ALEX, ALEX, t.source_id, t.destination_id, t.amount,
                         t.scheduled_for.isoformat(), t.trigger_id, stamp, stamp) for t in state.pending.values()])
        rows = []
        for account_id, debits in state.spending.items():
            for n, (day, amount) in enumerate(debits):
                rows.append((account_id, day.isoformat(), amount, ("manual", "import")[n % 2]))
                rows.append((account_id, day.isoformat(), -amount, "manual"))  # a deposit: not a debit
                rows.append((account_id, day.isoformat(), amount - 1, "transfer"))  # a routine's: not a debit
        db.executemany("INSERT INTO transactions (account_id, posted_on, amount, description, origin, created_at) "
                       f"VALUES (?, ?, ?, '', ?, '{stamp}')", rows)


def _sql(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def outcome_of_walk(state: State) -> dict[str, Any]:
    queued = dict(state.pending)
    effects = walk(state, TODAY, NOW, 10**9)
    transfers = sorted(
        [(t[0], t[1], t[6], t[7], t[8], t[9], t[10]) for t in effects.transfers_new]
        + [(i, queued[i].routine_id, amount, capped, status, queued[i].scheduled_for.isoformat(), reason)
           for status, amount, capped, reason, _, i in effects.transfers_settled])
    return {
        "runs": sorted(r[:6] for r in effects.runs),
        "transfers": transfers,
        "balances": {i: a.balance for i, a in state.accounts.items()},
        "routines": {i: (r.status, _sql(r.next_due_on), r.next_index) for i, r in state.routines.items()},
        "notices": sorted(n[2:4] + n[5:] for n in effects.notices),
        "summary": (effects.summary.processed, effects.summary.failed, effects.summary.skipped,
                    effects.summary.cancelled),
    }


def outcome_in_sqlite(state: State, batch: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="astra-walk-"))
    try:
        shutil.copyfile(_TEMPLATE, folder / "astra.db")
        write_state(folder / "astra.db", state)
        engine = open_database(folder / "astra.db")
        summary = process_due(engine, FixedClock(at_local(TODAY, 9)), batch_size=batch)
        engine.dispose()
        with contextlib.closing(sqlite3.connect(folder / "astra.db")) as db:
            rows = db.execute("SELECT id, routine_id, amount, capped, status, scheduled_for, reason FROM transfers "
                              "WHERE status != 'pending' ORDER BY id").fetchall()
            return {
                "runs": sorted(db.execute("SELECT routine_id, due_on, trigger_id, outcome, reason, transfer_id "
                                          "FROM routine_runs")),
                "transfers": sorted(rows),
                "balances": dict(db.execute("SELECT id, balance FROM accounts")),
                "routines": {i: (s, d, n) for i, s, d, n in db.execute(
                    "SELECT id, status, next_due_on, next_index FROM routines")},
                "notices": sorted(db.execute("SELECT kind, message, routine_id, transfer_id FROM notifications")),
                "summary": (summary.processed, summary.failed, summary.skipped, summary.cancelled),
            }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@PROPERTY
@given(states(), st.sampled_from([1, 2, 5, 40, 2_000]))
def test_the_walk_and_processing_through_sqlite_agree(state, batch):
    direct = outcome_of_walk(copy.deepcopy(state))
    assert outcome_in_sqlite(state, batch) == direct


@PROPERTY
@given(states())
def test_the_walk_keeps_money_whole_and_never_overdraws(state):
    before = {i: a.balance for i, a in state.accounts.items()}
    effects = walk(state, TODAY, NOW, 10**9)
    assert not effects.more
    assert sum(a.balance for a in state.accounts.values()) == sum(before.values())
    for i, a in state.accounts.items():
        if a.kind == "credit-card":
            assert before[i] <= a.balance <= 0  # paid down, never above zero
        else:
            assert a.balance >= 0
    by_transfer: dict[int, int] = {}
    for t in effects.transactions:
        by_transfer[t[5]] = by_transfer.get(t[5], 0) + t[2]
    assert set(by_transfer.values()) <= {0}  # each transfer's two transactions cancel out
    # Everything due has been settled: walking the moved state again on the same day does nothing.
    again = walk(state, TODAY, NOW, 10**9)
    assert (again.runs, again.transfers_new, again.transfers_settled) == ([], [], [])
    assert not [r for r in state.routines.values() if r.status in ("active", "inactive") and r.kind.scheduled
                and r.next_due_on is not None and r.next_due_on <= TODAY]


@PROPERTY
@given(states(FIXED))
def test_fixed_amounts_walked_day_by_day_equal_one_walk_at_the_end(state):
    daily = copy.deepcopy(state)
    runs = []
    for back in range(100, -1, -1):
        runs += walk(daily, TODAY - dt.timedelta(days=back), NOW, 10**9).runs
    once = walk(state, TODAY, NOW, 10**9)
    assert sorted(r[:6] for r in runs) == sorted(r[:6] for r in once.runs)
    assert {i: a.balance for i, a in daily.accounts.items()} == {i: a.balance for i, a in state.accounts.items()}
