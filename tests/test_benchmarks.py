"""The benchmark tools run (at a tiny size: times are never judged here), the generated household is
a sound ledger, and the fast history query returns exactly what the plain OR query returns."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from astra_tui.core.check import ledger_violations
from astra_tui.core.kinds import ALL_KINDS, kind_of
from astra_tui.core.read import transfers as read_transfers
from astra_tui.core.read.db import read_file
from astra_tui.core.read.transfers import TransferFilter as HistoryFilter
from astra_tui.db.engine import open_database
from astra_tui.db.models import Routine, Transfer
from benchmarks import generate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def household(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "household.db"
    generate.build(path, scale=0.004)  # 2,000 transfers, 4,000 transactions
    return path


def test_generator_builds_a_sound_ledger_with_every_kind_and_nothing_due(household):
    engine = open_database(household)
    assert ledger_violations(engine) == []
    with Session(engine) as session:
        routines = session.exec(select(Routine)).all()
        transfers = session.exec(select(Transfer)).all()
    assert {kind_of(r).key for r in routines} == {k.key for k in ALL_KINDS}
    assert all(r.next_due_on is None or r.next_due_on > generate.TODAY for r in routines if r.status == "active")
    assert len(transfers) == 2_000
    assert {t.status for t in transfers} >= {"processed", "failed", "cancelled"}
    assert min(t.scheduled_for for t in transfers) >= generate.FIRST_DAY
    assert max(t.scheduled_for for t in transfers) < generate.TODAY


def _plain(transfers: list[Transfer], user_id: int, f: HistoryFilter) -> list[int]:
    """The history as the specification reads: every match, newest first."""
    rows = [t for t in transfers
            if user_id in (t.user_id, t.destination_user_id)
            and (f.status is None or t.status == f.status)
            and (f.account_id is None or f.account_id in (t.source_id, t.destination_id))
            and (f.routine_id is None or t.routine_id == f.routine_id)
            and (f.date_from is None or t.scheduled_for >= f.date_from)
            and (f.date_to is None or t.scheduled_for <= f.date_to)]
    return [t.id for t in sorted(rows, key=lambda t: (t.scheduled_for, t.id), reverse=True)]


@pytest.mark.parametrize("user_id", [1, 2])
def test_paged_history_equals_the_plain_or_query_for_every_filter(household, user_id):
    engine = open_database(household)
    with Session(engine) as session:
        transfers = list(session.exec(select(Transfer)).all())
        # A transfer between the two people: one sent it, the other received it; both see it.
        peer = session.exec(select(Routine).where(Routine.destination_user_id.is_not(None))).first()  # type: ignore[union-attr]
        filters = [HistoryFilter(), HistoryFilter(status="failed"), HistoryFilter(status="cancelled"),
                   HistoryFilter(routine_id=peer.id), HistoryFilter(account_id=peer.destination_id),
                   HistoryFilter(date_from=dt.date(2015, 1, 1), date_to=dt.date(2016, 6, 30)),
                   HistoryFilter(status="processed", account_id=1 if user_id == 1 else 11,
                                 date_to=dt.date(2020, 1, 1))]
        used = sorted({a for t in transfers if user_id in (t.user_id, t.destination_user_id)
                       for a in (t.source_id, t.destination_id)})
        filters += [HistoryFilter(account_id=a) for a in used]
        for f in filters:
            expected = _plain(transfers, user_id, f)
            got: list[int] = []
            after = None
            while True:
                page = read_file(household, lambda db, f=f, after=after: read_transfers.transfers(
                    db, user_id, f, after, limit=37))
                got += [row.id for row in page]
                if len(page) < 37:
                    break
                after = (page[-1].scheduled_for, page[-1].id)
            assert got == expected, f
            assert expected, f"the filter {f} should match something in the generated household"


def test_benchmark_runner_runs_at_a_tiny_size(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--scale", "0.001", "--repeat", "1",
                           "--data", str(tmp_path), "--write", str(tmp_path / "results.md")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = ["start-up", "catch-up", "history: first page painted", "history: next page",
               "history: filter by account", "memory", "responsiveness during catch-up", "idle tick",
               "forecast: a year, command line", "forecast: screen opened", "forecast: stall while computing",
               "import: a CSV of the year", "import: the same file again", "import: memory",
               "command line: users list", "command line: process"]
    # From outside, in tmux: measured where tmux is installed (a failure to measure is a failed test), skipped
    # with a note where it is not.
    outside = ["outside: start-up", "outside: history opened", "outside: history next page",
               "outside: history filter by account"]
    lines = done.stdout.splitlines()
    for name in figures + outside:
        row = next((line for line in lines if line.startswith(name)), None)
        assert row is not None, f"{name} missing from\n{done.stdout}"
        assert " pass " in row or " MISS " in row or (name in outside and " skip " in row)  # times not judged
        assert "failed:" not in row, row
        if " skip " in row:
            assert shutil.which("tmux") is None and "tmux not found" in row, row
    assert "530 runs" in done.stdout  # 10 weekly routines a year behind, processed by both sides
    assert (tmp_path / "results.md").read_text().count("\n") > len(figures)
