"""Never loses or doubles a cent: killed mid-run, two processes at once, locks, damaged files,
upgrades, backups, the ledger check and privacy (issue 5). The long mode (ASTRA_TUI_LONG=1) kills
ten times as often."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from astra_tui.core import ledger, routines
from astra_tui.core.bodies import parse_bodies
from astra_tui.core.clock import FixedClock, at_local
from astra_tui.core.service import apply
from astra_tui.db.engine import open_database
from tests.conftest import LONG

SCRIPT = shutil.which("astra-tui", path=str(Path(sys.executable).parent)) or "astra-tui"
TODAY = dt.date(2026, 11, 22)
NOW = "2026-11-22T09:00:00-08:00"
LEDGER_TABLES = ("accounts", "transactions", "transfers", "routine_runs", "routines", "notifications")
KILLS = 200 if LONG else 20


def cli(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASTRA_TUI")}
    env.update(ASTRA_TUI_DB=str(db), ASTRA_TUI_NOW=NOW)
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, timeout=timeout)


def start_cli(db: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASTRA_TUI")}
    env.update(ASTRA_TUI_DB=str(db), ASTRA_TUI_NOW=NOW)
    return subprocess.Popen([SCRIPT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def dump(db: Path, tables: tuple[str, ...] = LEDGER_TABLES + ("users",)) -> dict[str, list[tuple]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="module")
def behind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A household whose routines have not run for a year: about 3,700 runs are due, and money
    runs short on the way, so some of them fail."""
    path = tmp_path_factory.mktemp("behind") / "astra.db"
    year_ago = FixedClock(at_local(TODAY - dt.timedelta(days=365), 9))
    engine = open_database(path)
    apply(engine, year_ago, lambda s, c: ledger.add_user(s, c, "Alex", "1000000"))
    for name, kind, opening in (("Checking", "checking", "60000"), ("Savings", "savings", "0"),
                                ("Goals", "savings", "500")):
        apply(engine, year_ago, lambda s, c, n=name, k=kind, o=opening: ledger.add_account(s, c, 1, n, k, o))
    start = year_ago.today().isoformat()
    bodies = [{"type": "recurring", "name": f"Weekly {i}", "source_id": 1, "destination_id": 2,
               "amount": "25.00", "frequency": "weekly", "start_date": start} for i in range(50)]
    bodies += [{"type": "fifty-two-week", "name": f"Challenge {i}", "source_id": 1, "destination_id": 3,
                "amount_start": "1.00", "amount_increment": "1.00", "start_date": start} for i in range(15)]
    bodies += [{"type": "sweep", "name": f"Sweep {i}", "source_id": 3, "destination_id": 2,
                "min_balance": "100.00", "frequency": "bi-weekly", "start_date": start} for i in range(5)]
    bodies += [{"type": "percentage-balance", "name": f"Tithe {i}", "source_id": 2, "destination_id": 3,
                "percent_of_balance": "2", "frequency": "monthly", "start_date": start} for i in range(5)]
    models, _ = parse_bodies(bodies)
    apply(engine, year_ago, lambda s, c: routines.create_routines(s, c, 1, models, True))
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def caught_up(behind: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The reference: the same catch-up, uninterrupted."""
    db = copy(behind, tmp_path_factory.mktemp("reference") / "astra.db")
    started = time.perf_counter()
    done = cli(db, "process")
    assert done.returncode == 0, done.stderr
    result = dump(db)
    result["_seconds"] = [(time.perf_counter() - started,)]
    return result


def same_ledger(db: Path, reference: dict[str, list[tuple]], tables: tuple[str, ...] = LEDGER_TABLES) -> None:
    now = dump(db, tables)
    for table in tables:
        assert now[table] == reference[table], f"{table} differs from the uninterrupted run"


def test_the_reference_catch_up_is_large_and_mixed(caught_up):
    outcomes = {row[4] for row in caught_up["routine_runs"]}
    assert len(caught_up["routine_runs"]) > 3_000
    assert {"transferred", "failed"} <= outcomes


def test_killed_at_random_moments_it_resumes_to_exactly_the_uninterrupted_ledger(behind, caught_up, tmp_path):
    """SIGKILL while `astra-tui process` catches up, at random instants, again and again on the
    resumed run until one finishes: the same runs, transfers, transactions and balances as
    without the kills, and the books pass the check."""
    seconds = caught_up["_seconds"][0][0]  # timed once, maybe on a busier machine than now
    rng = random.Random(5)
    landed = scenarios = 0
    while landed < KILLS:
        scenarios += 1
        assert scenarios <= 3 * KILLS, "the kills keep missing: the catch-up finishes too fast to hit"
        db = copy(behind, tmp_path / "killed.db")
        here = landed
        while True:
            process = start_cli(db, "process")
            time.sleep(rng.uniform(0.25, 0.95) * seconds)  # mostly inside the processing, some in start-up
            if process.poll() is not None:  # it finished first: this resumed run completed the work
                out, err = process.communicate()
                assert process.returncode == 0, err
                if landed == here:  # not one kill: the machine is quicker than when it was timed, aim earlier
                    seconds *= 0.8
                break
            process.send_signal(signal.SIGKILL)
            process.wait()
            landed += 1
        same_ledger(db, caught_up)
        assert cli(db, "check").returncode == 0


def test_two_command_line_processes_at_once_run_everything_exactly_once(behind, caught_up, tmp_path):
    db = copy(behind, tmp_path / "two.db")
    first, second = start_cli(db, "process"), start_cli(db, "process")
    for process in (first, second):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "Traceback" not in err
    same_ledger(db, caught_up)


def test_the_apps_catch_up_and_a_command_line_process_at_once(behind, caught_up, tmp_path):
    from astra_tui.ui.app import AstraApp
    from tests.ui_helpers import settle

    db = copy(behind, tmp_path / "app.db")
    other = start_cli(db, "process")
    app = AstraApp(open_database(db), FixedClock(at_local(TODAY, 9)))

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, limit=60)
            app.action_process()  # and the timer's round on top
            await settle(pilot)

    asyncio.run(run())
    out, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    same_ledger(db, caught_up)  # the app also records what it has shown; that is not the ledger


def test_a_lock_held_for_a_moment_is_waited_for(behind, caught_up, tmp_path):
    db = copy(behind, tmp_path / "waited.db")
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.5, lambda: holder.execute("ROLLBACK"))
    release.start()
    started = time.perf_counter()
    done = cli(db, "process")
    release.join()
    holder.close()
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - started >= 1.5
    same_ledger(db, caught_up)


def test_a_lock_that_stays_is_one_line_after_a_bounded_wait_and_nothing_is_half_done(behind, tmp_path):
    db = copy(behind, tmp_path / "stuck.db")
    before = dump(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        done = cli(db, "process")
        waited = time.perf_counter() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"astra-tui: error: {db} is locked by another program; "
                                                "try again in a moment"]
    assert 4.5 < waited < 30
    assert dump(db) == before


# -- damaged, foreign and unreachable files ----------------------------------------------------

WRITES = (("process",), ("users", "add", "Kim"), ("backup", "copy.db"))
READS = (("users", "list"), ("check",))


def refused_untouched(db: Path, args: tuple[str, ...], match: str) -> None:
    before = checksum(db)
    done = cli(db, *args)
    assert done.returncode == 2, (args, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and match in lines[0], (args, done.stderr)
    assert checksum(db) == before


@pytest.mark.parametrize("args", WRITES + READS, ids=" ".join)
def test_random_bytes_are_refused_and_left_byte_for_byte(tmp_path, args):
    db = tmp_path / "noise.db"
    db.write_bytes(random.Random(1).randbytes(20_000))
    refused_untouched(db, args, "is not a readable astra-tui database")


@pytest.mark.parametrize("args", WRITES + READS, ids=" ".join)
def test_a_truncated_database_is_refused_and_left_byte_for_byte(behind, tmp_path, args):
    db = tmp_path / "cut.db"
    db.write_bytes(behind.read_bytes()[: 30 * 4096 + 123])
    refused_untouched(db, args, "not a readable astra-tui database")


@pytest.mark.parametrize("args", WRITES + READS, ids=" ".join)
def test_a_database_from_a_newer_app_is_refused_and_left_byte_for_byte(behind, tmp_path, args):
    db = copy(behind, tmp_path / "newer.db")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    refused_untouched(db, args, "was written by a newer astra-tui (schema 9999)")


@pytest.mark.parametrize("args", WRITES + READS, ids=" ".join)
def test_a_foreign_sqlite_file_is_refused_and_left_byte_for_byte(tmp_path, args):
    db = tmp_path / "music.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
        conn.execute("INSERT INTO songs VALUES ('Money')")
    refused_untouched(db, args, "is an SQLite database, but not an astra-tui one")


def test_a_missing_folder_is_named_and_nothing_is_created(tmp_path):
    db = tmp_path / "typo" / "astra.db"
    for args in WRITES:
        done = cli(db, *args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "the folder" in done.stderr or "no database" in done.stderr
    assert not db.parent.exists()


def read_only(target: Path, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line with ``target`` (the file or its folder) read-only. Root ignores file
    modes, so as root the target is bind-mounted read-only in a private mount namespace."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASTRA_TUI")}
    env.update(ASTRA_TUI_DB=str(db), ASTRA_TUI_NOW=NOW)
    if os.geteuid() != 0:
        mode = target.stat().st_mode
        target.chmod(0o555 if target.is_dir() else 0o444)
        try:
            return subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, timeout=60)
        finally:
            target.chmod(mode)
    if not shutil.which("unshare"):
        pytest.skip("running as root without unshare: a read-only file cannot be made here")
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(target), SCRIPT, *args],
                          capture_output=True, text=True, env=env, timeout=60)
    if "mount" in done.stderr and ("denied" in done.stderr or "not permitted" in done.stderr):
        pytest.skip("no permission to make a read-only mount here")
    return done


@pytest.mark.parametrize("which", ["file", "folder"])
def test_a_read_only_database_is_read_but_never_written(behind, caught_up, tmp_path, which):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = copy(behind, folder / "astra.db")
    cli(db, "users", "list")  # as it is after ordinary use
    before = checksum(db)
    target = db if which == "file" else folder
    for args in WRITES[:2]:
        done = read_only(target, db, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot be written" in lines[0], done.stderr
        assert checksum(db) == before
    listed = read_only(target, db, "users", "list")
    assert listed.returncode in (0, 2) and listed.stderr.count("\n") <= 1, listed.stderr
    assert checksum(db) == before
