"""The command line's output going into a pipe that the reader closes early (``| head``)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from astra_tui.core import ledger
from astra_tui.core.clock import FixedClock, at_local
from astra_tui.core.service import apply
from astra_tui.db.engine import open_database

SCRIPT = shutil.which("astra-tui", path=str(Path(sys.executable).parent)) or "astra-tui"
NOW = "2026-11-22T09:00:00-08:00"
TODAY = dt.date(2026, 11, 22)


def _long_history(db: Path, rows: int) -> None:
    """One account with ``rows`` purchases: far more output than a pipe holds (64 KiB)."""
    engine = open_database(db)
    clock = FixedClock(at_local(TODAY, 9))

    def book(session, clock):  # type: ignore[no-untyped-def]
        opened = FixedClock(at_local(TODAY - dt.timedelta(days=365), 9))  # before the oldest purchase
        ledger.add_user(session, opened, "Alex")
        account = ledger.add_account(session, opened, "Alex", "Checking", "checking", "0")
        for n in range(rows):
            ledger.add_transaction(session, clock, account.id, "-1.00", TODAY - dt.timedelta(days=n % 300),
                                   f"Purchase number {n} at the corner shop")

    try:
        apply(engine, clock, book)
    finally:
        engine.dispose()


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    db = tmp_path / "astra.db"
    _long_history(db, 1_500)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASTRA_TUI")}
    command = [SCRIPT, "--db", str(db), "--now", NOW, "transactions", "list", "--account", "1"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as child:
        assert child.stdout is not None and child.stderr is not None
        first = [child.stdout.readline(), child.stdout.readline()]  # what `head -2` reads
        child.stdout.close()
        status = child.wait(timeout=60)
        errors = child.stderr.read().decode()
    assert first[0].startswith(b"ID ") and b"Purchase number " in first[1]
    assert errors == ""
    assert status == 0
