"""The benchmark runner: every figure of issue 4, its goal, and pass / miss, in one table.

    python -m benchmarks.run                 # the twenty-year household (generated once, then cached)
    python -m benchmarks.run --scale 0.001   # tiny, to prove it runs (the test suite does this)
    python -m benchmarks.run --only catch-up --scale 0.2   # one figure, small
    python -m benchmarks.run --only outside  # the installed app in tmux, real keys (benchmarks.outside)

Figures with a baseline are ratios measured side by side in the same run,
alternating the two, because shared machines are noisy. The app's figures are
taken in child processes running the real app headless (``benchmarks.probe``),
and, for what a person feels, from outside: the installed app in a tmux pane,
real keys, timed until the rows are on screen (``benchmarks.outside``).
Children run with bytecode caching on, as an installed app does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOW = dt.datetime(2026, 11, 22, 17, 0, tzinfo=dt.UTC)  # 09:00 in Los Angeles, as in the probe


@dataclass
class Figure:
    name: str
    measured: str
    goal: str
    passed: bool
    note: str = ""
    skipped: bool = False  # not measured here (the note says why): neither passed nor missed

    @property
    def result(self) -> str:
        return "skip" if self.skipped else "pass" if self.passed else "MISS"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def probe(*args: str) -> tuple[float, dict]:
    """Run one probe child; return the wall time it was started at and its JSON line."""
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "benchmarks.probe", *args], cwd=ROOT, env=child_env(),
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"probe {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return started, json.loads(done.stdout.strip().splitlines()[-1])


# -- databases -------------------------------------------------------------------------

def lifetime_db(data: Path, scale: float) -> Path:
    """The generated household, cached by scale and by the generator's and schema's versions."""
    from astra_tui.db.engine import HEAD_REVISION

    digest = hashlib.sha256(Path(generate.__file__).read_bytes() + HEAD_REVISION.encode()).hexdigest()[:10]
    path = data / f"lifetime-{scale:g}-{digest}.db"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        for old in data.glob(f"lifetime-{scale:g}-*.db"):
            old.unlink()
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        written = generate.build(partial, scale)
        partial.rename(path)
        print(f"generated {written['transactions']:,} transactions, {written['transfers']:,} transfers "
              f"in {time.perf_counter() - started:.1f} s → {path}", flush=True)
    return path


def copy_db(source: Path, target: Path) -> Path:
    shutil.copyfile(source, fresh_path(target))
    return target


def fresh_path(path: Path) -> Path:
    """``path`` with no database (nor its WAL files) left at it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def catch_up_db(path: Path, routines: int, years: int = 1) -> Path:
    """``routines`` weekly routines created ``years`` years ago and never processed since: ~52 runs a year each."""
    from astra_tui.core import ledger
    from astra_tui.core import routines as routine_service
    from astra_tui.core.bodies import parse_bodies
    from astra_tui.core.clock import FixedClock
    from astra_tui.core.service import apply
    from astra_tui.db.engine import open_database

    year_ago = FixedClock(NOW - dt.timedelta(days=365 * years))
    engine = open_database(path)
    apply(engine, year_ago, lambda s, c: ledger.add_user(s, c, "Alex", "1000000"))
    apply(engine, year_ago, lambda s, c: ledger.add_account(s, c, 1, "Checking", "checking", "10000000"))
    apply(engine, year_ago, lambda s, c: ledger.add_account(s, c, 1, "Savings", "savings", "0"))
    start = year_ago.today().isoformat()
    bodies, _ = parse_bodies([{"type": "recurring", "name": f"Weekly {i}", "source_id": 1, "destination_id": 2,
                            "amount": "1.00", "frequency": "weekly", "start_date": start}
                           for i in range(routines)])
    apply(engine, year_ago, lambda s, c: routine_service.create_routines(s, c, 1, bodies, True))
    engine.dispose()
    return path


# -- figures -----------------------------------------------------------------------------

def startup(db: Path, repeat: int) -> Figure:
    probe("startup", "bare")  # warm-up: bytecode caches, file caches
    probe("startup", "astra", str(db))
    bare, astra = [], []
    for _ in range(repeat):
        started, out = probe("startup", "bare")
        bare.append(out["painted_wall"] - started)
        started, out = probe("startup", "astra", str(db))
        astra.append(out["painted_wall"] - started)
    ratio = statistics.median(astra) / statistics.median(bare)
    return Figure("start-up (exec → accounts painted)", f"{ratio:.2f} × baseline", "≤ 1.3 ×", ratio <= 1.3,
                  f"astra {statistics.median(astra) * 1000:.0f} ms, bare Textual app "
                  f"{statistics.median(bare) * 1000:.0f} ms (medians of {repeat})")


def catch_up(templates: dict[int, Path], work: Path, repeat: int) -> list[Figure]:
    """The same routines one year and four years behind, processed and written by the plain baseline side by side:
    the ratio four years behind, and how the cost of a run grows with the span."""
    from astra_tui.core.clock import FixedClock
    from astra_tui.core.processor import process_due
    from astra_tui.db.engine import open_database

    ours: dict[int, list[float]] = {years: [] for years in templates}
    plain: dict[int, list[float]] = {years: [] for years in templates}
    runs: dict[int, int] = {}
    for _ in range(repeat):
        for years, template in templates.items():
            baseline = copy_db(template, work.with_name(f"{work.stem}-plain{work.suffix}"))
            started = time.perf_counter()
            plain_runs = plain_sqlite_catch_up(baseline)
            plain[years].append(time.perf_counter() - started)
            db = copy_db(template, work)
            engine = open_database(db)
            started = time.perf_counter()
            summary = process_due(engine, FixedClock(NOW))
            ours[years].append(time.perf_counter() - started)
            engine.dispose()
            runs[years] = summary.processed + summary.failed + summary.skipped
            assert runs[years] == plain_runs, (runs[years], plain_runs)
            if len(ours[years]) == 1:  # the first time: the baseline left exactly the rows the processor did
                assert written(db) == written(baseline), f"the baseline did not write what {years} years of runs do"

    def per_run(times: dict[int, list[float]], years: int) -> float:
        return statistics.median(times[years]) / runs[years] * 1e6

    near, far = min(templates), max(templates)
    ratio = per_run(ours, far) / per_run(plain, far)
    growth = (per_run(ours, far) / per_run(ours, near) - 1) * 100
    plain_growth = (per_run(plain, far) / per_run(plain, near) - 1) * 100
    return [
        Figure("catch-up", f"{ratio:.2f} × fair baseline", f"≤ 2.5 × at {far} years behind", ratio <= 2.5,
               f"{runs[far]:,} runs: processor {statistics.median(ours[far]):.2f} s, plain sqlite3 "
               f"{statistics.median(plain[far]):.2f} s; {near} year behind ({runs[near]:,} runs) "
               f"{per_run(ours, near) / per_run(plain, near):.2f} ×"),
        Figure(f"catch-up: cost per run, {near} → {far} years behind", f"{growth:+.0f} %", "flat (≤ +10 %)",
               growth <= 10, f"processor {per_run(ours, near):.1f} → {per_run(ours, far):.1f} µs a run; plain sqlite3 "
               f"{per_run(plain, near):.1f} → {per_run(plain, far):.1f} µs ({plain_growth:+.0f} %)"),
    ]


_WRITTEN = ("transfers", "transactions", "routine_runs", "notifications")


def written(db: Path) -> list[str]:
    """What a catch-up left in ``db``: a digest of every row of each table it writes, the accounts' balances
    and the routines' cursors."""
    conn = sqlite3.connect(db)
    try:
        return [hashlib.sha256(repr(conn.execute(query).fetchall()).encode()).hexdigest() for query in (
            *(f"SELECT * FROM {table} ORDER BY id" for table in _WRITTEN),
            "SELECT id, balance FROM accounts ORDER BY id",
            "SELECT id, status, next_due_on, next_index, updated_at FROM routines ORDER BY id")]
    finally:
        conn.close()


def plain_sqlite_catch_up(db: Path) -> int:
    """The fair baseline: every row the processor writes for these weekly runs, with nothing but sqlite3.

    The same rows (a transfer, its two transactions, the run and its notice for each run; the accounts'
    balances and the routines' cursors), into the same schema (its indexes and checked foreign keys), on a
    connection with the engine's settings, in the same pattern: in date order, ``DEFAULT_BATCH`` runs a
    ``BEGIN IMMEDIATE`` … ``COMMIT``. What it leaves out is the processor's own work: loading a batch's state,
    the rules of each run, and making the rows."""
    from astra_tui.core.money import format_money
    from astra_tui.core.processor import DEFAULT_BATCH
    from astra_tui.core.schedule import nth_date
    from astra_tui.db.engine import CONNECTION_PRAGMAS

    today = NOW.astimezone(__import__("zoneinfo").ZoneInfo("America/Los_Angeles")).date()
    conn = sqlite3.connect(db, isolation_level=None)
    for pragma in CONNECTION_PRAGMAS:
        conn.execute(pragma)
    stamp = NOW.strftime("%Y-%m-%d %H:%M:%S.%f")
    accounts = {row[0]: list(row[1:]) for row in conn.execute("SELECT id, user_id, name, balance FROM accounts")}
    routines = {row[0]: list(row[1:]) for row in conn.execute(
        "SELECT id, user_id, name, source_id, destination_id, amount, start_date, frequency, next_index "
        "FROM routines WHERE status = 'active'")}
    transfer_id = (conn.execute("SELECT max(id) FROM transfers").fetchone()[0] or 0)
    events = []
    for rid, (_, _, _, _, _, start, frequency, index) in routines.items():
        start_day = dt.date.fromisoformat(start)
        while (day := nth_date(start_day, frequency, index)) <= today:
            events.append((day, rid))
            index += 1
    events.sort()
    for first in range(0, len(events), DEFAULT_BATCH):
        transfers, transactions, runs, notices = [], [], [], []
        moved_accounts, moved_routines = set(), set()
        for day, rid in events[first:first + DEFAULT_BATCH]:
            routine = routines[rid]
            user, name, source, destination, amount, _, _, index = routine
            (_, source_name, _), (destination_user, destination_name, _) = accounts[source], accounts[destination]
            transfer_id += 1
            iso = day.isoformat()
            transfers.append((transfer_id, rid, user, destination_user, source, destination, amount, 0, "processed",
                              iso, None, None, stamp, stamp))
            transactions.append((source, iso, -amount, f"Transfer to {destination_name} ({name})", "transfer",
                                 transfer_id, stamp))
            transactions.append((destination, iso, amount, f"Transfer from {source_name} ({name})", "transfer",
                                 transfer_id, stamp))
            runs.append((rid, iso, 0, "transferred", "", transfer_id, stamp))
            notices.append((user, stamp, "transfer_created", f"{name}: moved {format_money(amount)} from "
                            f"{source_name} to {destination_name}", 0, rid, transfer_id))
            accounts[source][2] -= amount
            accounts[destination][2] += amount
            routine[7] = index + 1
            moved_accounts |= {source, destination}
            moved_routines.add(rid)
        balances = [(accounts[a][2], a) for a in sorted(moved_accounts)]
        cursors = []
        for rid in sorted(moved_routines):
            *_, start, frequency, index = routines[rid]
            following = nth_date(dt.date.fromisoformat(start), frequency, index).isoformat()
            cursors.append(("active", following, index, stamp, rid))
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO transfers (id, routine_id, user_id, destination_user_id, source_id, "
                         "destination_id, amount, capped, status, scheduled_for, reason, trigger_transaction_id, "
                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", transfers)
        conn.executemany("INSERT INTO transactions (account_id, posted_on, amount, description, origin, transfer_id, "
                         "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", transactions)
        conn.executemany("INSERT INTO routine_runs (routine_id, due_on, trigger_id, outcome, reason, transfer_id, "
                         "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", runs)
        conn.executemany("INSERT INTO notifications (user_id, created_at, kind, message, read, routine_id, "
                         "transfer_id) VALUES (?, ?, ?, ?, ?, ?, ?)", notices)
        conn.executemany("UPDATE accounts SET balance = ? WHERE id = ?", balances)
        conn.executemany("UPDATE routines SET status = ?, next_due_on = ?, next_index = ?, updated_at = ? "
                         "WHERE id = ?", cursors)
        conn.execute("COMMIT")
    conn.close()
    return len(events)


def history_and_memory(db: Path, repeat: int) -> list[Figure]:
    results, floors = [], []
    for _ in range(repeat):  # side by side with the floor: plain Textual paging rows from memory
        results.append(probe("history", str(db))[1])
        floors.append(probe("floor")[1])
    first = statistics.median(r["first_page_ms"] for r in results)
    following = statistics.median(r["next_page_ms"] for r in results)
    filtered = statistics.median(r["filter_ms"] for r in results)
    reopen = statistics.median(r["reopen_ms"] for r in results)
    floor_first = statistics.median(r["first_page_ms"] for r in floors)
    floor_next = statistics.median(r["next_page_ms"] for r in floors)
    rss = max(r["max_rss_kib"] for r in results) / 1024
    return [
        Figure("history: first page painted", f"{first:.0f} ms", "≤ 100 ms", first <= 100,
               f"floor: plain Textual screen of 100 rows from memory {floor_first:.0f} ms "
               f"({first / floor_first:.2f} ×); "
               f"opened again: {reopen:.0f} ms"),
        Figure("history: next page", f"{following:.0f} ms", "≤ 30 ms", following <= 30,
               f"median of 20 pages; floor: plain Textual swapping 100 rows {floor_next:.0f} ms "
               f"({following / floor_next:.2f} ×)"),
        Figure("history: filter by account", f"{filtered:.0f} ms", "≤ 100 ms", filtered <= 100,
               f"floor as for a next page: {floor_next:.0f} ms"),
        Figure("memory", f"{rss:.0f} MiB", "≤ 200 MiB", rss <= 200,
               f"peak RSS, history opened and {results[0]['pages']} pages shown"),
    ]


def forecast_figures(db: Path, repeat: int) -> list[Figure]:
    """A year ahead on the twenty-year household: from the command line, and on the app's forecast screen."""
    command = [sys.executable, "-m", "astra_tui", "--db", str(db), "--now", NOW.isoformat(), "forecast",
               "--days", "365", "--user", "1", "--json"]
    subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, check=True)  # warm-up
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - started)
    days = len(json.loads(done.stdout)["accounts"][0]["days"])
    screens = [probe("forecast", str(db))[1] for _ in range(repeat)]
    wall = statistics.median(walls)
    opened = statistics.median(s["open_ms"] for s in screens)
    year = statistics.median(s["year_ms"] for s in screens)
    again = statistics.median(s["reopen_ms"] for s in screens)
    stall = max(s["stall_ms"] for s in screens)
    return [
        Figure("forecast: a year, command line", f"{wall * 1000:.0f} ms", "≤ 1 s", wall <= 1,
               f"astra-tui forecast --days 365 --json, exec to exit ({days} days, median of {repeat})"),
        Figure("forecast: screen opened", f"{opened:.0f} ms", "≤ 300 ms", opened <= 300,
               f"on a warm app, 90 days, until drawn; opened again {again:.0f} ms; a year chosen: {year:.0f} ms"),
        Figure("forecast: stall while computing", f"{stall:.0f} ms", "≤ 50 ms", stall <= 50,
               f"longest gap of a 5 ms UI timer while a year is computed in a worker ({screens[0]['runs']} runs)"),
    ]


def import_csv(path: Path, rows: int) -> Path:
    """A bank's CSV export of ``rows`` purchases and deposits over this year (fixed seed)."""
    rng = random.Random(12)
    shops = ("GROCER", "FUEL", "COFFEE BAR", "BOOKSHOP", "PHARMACY", "HARDWARE", "PAYROLL", "REFUND")
    first = dt.date(2026, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Date,Description,Amount\n")
        for _ in range(rows):
            day = first + dt.timedelta(days=rng.randrange(320))
            cents = rng.randrange(100, 25_000)
            sign = "" if rng.random() < 0.1 else "-"
            out.write(f"{day.isoformat()},{rng.choice(shops)} #{rng.randrange(1000)},{sign}{cents // 100}."
                      f"{cents % 100:02d}\n")
    return path


def _measured(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, the peak RSS in MiB and the output of ``command``, run as a child of a fresh child (so the
    peak is that command's alone)."""
    wrapper = [sys.executable, "-c", "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], "
               "capture_output=True, text=True); sys.stdout.write(done.stdout); sys.stderr.write(done.stderr); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)", *command]
    started = time.perf_counter()
    done = subprocess.run(wrapper, cwd=ROOT, env=child_env(), capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    *out, rss = done.stdout.rstrip("\n").split("\n")
    return wall, int(rss) / 1024, "\n".join(out)


CLI_READS = (("users", "list"), ("accounts", "list", "--json"), ("transfers", "list", "--limit", "50", "--json"),
             ("process",))


def cli_figures(db: Path, repeat: int) -> list[Figure]:
    """The command a person types, exec to exit through the installed console script, in runs alternating with
    ``python -c 'import sqlite3'`` (the floor of any Python command on this machine). ``process`` finds
    nothing due: the twenty-year household is processed up to its clock."""
    script = str(Path(sys.executable).parent / "astra-tui")
    floor_command = [sys.executable, "-c", "import sqlite3"]
    commands = {" ".join(args): [script, "--db", str(db), "--now", NOW.isoformat(), *args] for args in CLI_READS}

    def wall(command: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, check=True)
        return time.perf_counter() - started

    for command in [floor_command, *commands.values()]:  # warm-up: bytecode and file caches
        wall(command)
    floors, times = [], {name: [] for name in commands}
    for _ in range(repeat):
        floors.append(wall(floor_command))
        for name, command in commands.items():
            times[name].append(wall(command))
    floor = statistics.median(floors)
    figures = []
    for name, seconds in times.items():
        median = statistics.median(seconds)
        figures.append(Figure(f"command line: {name}", f"{median * 1000:.0f} ms", "≤ 200 ms", median <= 0.2,
                              f"exec to exit, median of {repeat} ({min(seconds) * 1000:.0f}–{max(seconds) * 1000:.0f});"
                              f" {median / floor:.1f} × python -c 'import sqlite3' ({floor * 1000:.0f} ms)"))
    return figures


def import_figures(lifetime: Path, work: Path, scale: float, repeat: int) -> list[Figure]:
    """A year of a bank's CSV (100,000 rows at scale 1) imported into the twenty-year book, then again."""
    rows = max(1_000, round(100_000 * scale))
    csv_path = import_csv(work / "bank-export.csv", rows)
    firsts, agains, peaks = [], [], []
    for _ in range(repeat):
        db = copy_db(lifetime, work / "import.db")
        command = [sys.executable, "-m", "astra_tui", "--db", str(db), "--now", NOW.isoformat(), "import",
                   str(csv_path), "--account", "1"]  # as a person runs it: the text summary

        def imported(db: Path = db) -> int:
            with sqlite3.connect(db) as conn:
                return int(conn.execute("SELECT count(*) FROM transactions WHERE origin = 'import'").fetchone()[0])

        wall, rss, _ = _measured(command)
        added = imported()
        again, rss_again, _ = _measured(command)
        assert added == rows and imported() == rows, (added, imported())  # all of it once, then nothing
        firsts.append(wall)
        agains.append(again)
        peaks.append(max(rss, rss_again))
    first, again, peak = statistics.median(firsts), statistics.median(agains), max(peaks)
    return [
        Figure("import: a CSV of the year", f"{first:.2f} s", "≤ 5 s", first <= 5,
               f"{rows:,} rows into the twenty-year book, exec to exit, de-duplication included (median of {repeat})"),
        Figure("import: the same file again", f"{again:.2f} s", "≤ 3 s", again <= 3, "adds nothing (checked)"),
        Figure("import: memory", f"{peak:.0f} MiB", "≤ 200 MiB", peak <= 200, "peak RSS of the import command"),
    ]


def responsiveness(template: Path, work: Path, repeat: int) -> Figure:
    stalls, took = [], []
    for _ in range(repeat):
        out = probe("stall", str(copy_db(template, work)))[1]
        stalls.append(out["stall_ms"])
        took.append(out["catch_up_s"])
    worst = max(stalls)
    return Figure("responsiveness during catch-up", f"{worst:.0f} ms", "≤ 50 ms", worst <= 50,
                  f"longest UI stall over {repeat} launch catch-ups of {statistics.median(took):.1f} s")


def idle_tick(db: Path) -> Figure:
    from astra_tui.core.clock import FixedClock
    from astra_tui.core.read.db import ReadPool
    from astra_tui.core.service import tick
    from astra_tui.db.engine import open_database

    engine = open_database(db)
    reads = ReadPool(db)
    clock = FixedClock(NOW)
    tick(engine, reads, clock, None, launch=True)
    times = []
    for _ in range(50):
        started = time.perf_counter()
        result = tick(engine, reads, clock, 1)
        times.append((time.perf_counter() - started) * 1000)
        assert not result.summary.anything
    engine.dispose()
    reads.close()
    median = statistics.median(times)
    return Figure("idle tick", f"{median:.1f} ms", "≤ 5 ms", median <= 5, "median of 50 timer ticks")


OUTSIDE = (("outside: start-up (exec → accounts on screen)", "≤ 1.2 ×"),
           ("outside: history opened (3 → rows on screen)", "≤ 100 ms"),
           ("outside: history next page (] → page 2 on screen)", "≤ 30 ms"),
           ("outside: history filter by account (keys → rows)", "≤ 100 ms"))


def outside_figures(db: Path, repeat: int) -> list[Figure]:
    """The installed app in a tmux pane of 120 × 40, real keys, until the rows are on screen (issue 13 §5): paired,
    alternating runs with the bare Textual app and the Line-API floor (``benchmarks.outside``)."""
    from benchmarks import outside

    if outside.tmux_found() is None:
        return [Figure(name, "—", goal, False, "skipped: tmux not found", skipped=True) for name, goal in OUTSIDE]
    try:
        results, looks = outside.measure(db, NOW.isoformat(), repeat, ROOT, child_env())
    except outside.Failed as exc:
        return [Figure(name, "—", goal, False, f"failed: {exc}") for name, goal in OUTSIDE]
    astra, bare, floor = results["astra"], results["bare"], results["floor"]
    med = statistics.median
    ms = {figure: med(times) * 1000 for figure, times in astra.items()}
    ratio = med(astra["start"]) / med(bare["start"])
    how = (f"medians (min–max) of {repeat} paired runs; a look at the pane takes {med(looks) * 1000:.2f} ms "
           f"(max {max(looks) * 1000:.1f})")
    spread = outside.spread
    floors = {figure: f"floors: DataTable {spread(bare[figure])}, Line API {spread(floor[figure])} "
                      f"({ms[figure] / (med(floor[figure]) * 1000):.2f} × Line API)"
              for figure in ("open", "next page")}
    (start, start_goal), (opened, opened_goal), (following, following_goal), (filtered, filtered_goal) = OUTSIDE
    return [
        Figure(start, f"{ratio:.2f} × baseline", start_goal, ratio <= 1.2,
               f"astra {spread(astra['start'])}, bare Textual app {spread(bare['start'])}, "
               f"floor app {spread(floor['start'])}; {how}"),
        Figure(opened, f"{ms['open']:.0f} ms", opened_goal, ms["open"] <= 100,
               f"{spread(astra['open'])}; {floors['open']}"),
        Figure(following, f"{ms['next page']:.0f} ms", following_goal, ms["next page"] <= 30,
               f"{spread(astra['next page'])}; {floors['next page']}"),
        Figure(filtered, f"{ms['filter']:.0f} ms", filtered_goal, ms["filter"] <= 100,
               f"{spread(astra['filter'])} from the Enter that picks it; floor as for a next page: "
               f"Line API {spread(floor['next page'])}"),
    ]


# -- the table -------------------------------------------------------------------------

def table(figures: list[Figure]) -> str:
    rows = [("figure", "measured", "goal", "result", "note")]
    rows += [(f.name, f.measured, f.goal, f.result, f.note) for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


CATCH_UP_YEARS = (1, 4)  # how far behind the catch-up's routines are: its cost per run should not grow with this
FIGURES = ("start-up", "catch-up", "history", "responsiveness", "idle-tick", "forecast", "import", "outside",
           "command-line")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the household: 1.0 is twenty years")
    parser.add_argument("--repeat", type=int, help="runs per figure (medians are reported); by default 5, "
                        "and 7 for outside")
    parser.add_argument("--data", type=Path, default=HERE / ".data", help="where generated databases are kept")
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--only", choices=FIGURES, action="append",
                        help="take only this figure (may be given again); catch-up and responsiveness alone "
                             "need no twenty-year household")
    args = parser.parse_args(argv)
    wanted = args.only or FIGURES
    work = args.data / "work"
    work.mkdir(parents=True, exist_ok=True)
    routines = max(10, round(1_000 * args.scale))
    spans = {years: catch_up_db(fresh_path(work / f"catch-up-{years}y-template.db"), routines, years)
             for years in CATCH_UP_YEARS if "catch-up" in wanted or years == 1}
    template = spans[1]
    repeat = args.repeat or 5
    few = max(1, min(repeat, 3))
    big = None
    if {"start-up", "history", "idle-tick", "forecast", "import", "outside", "command-line"} & set(wanted):
        big = copy_db(lifetime_db(args.data, args.scale), work / "lifetime.db")
    runners = {
        "start-up": lambda: [startup(big, repeat)],
        "catch-up": lambda: catch_up(spans, work / "catch-up.db", few),
        "history": lambda: history_and_memory(big, few),
        "responsiveness": lambda: [responsiveness(template, work / "catch-up.db", few)],
        "idle-tick": lambda: [idle_tick(big)],
        "forecast": lambda: forecast_figures(big, few),
        "import": lambda: import_figures(lifetime_db(args.data, args.scale), work, args.scale, few),
        "outside": lambda: outside_figures(big, args.repeat or 7),
        "command-line": lambda: cli_figures(big, repeat),
    }
    figures = [figure for name in FIGURES if name in wanted for figure in runners[name]()]
    size = "no household generated"
    if big:
        with sqlite3.connect(big) as conn:
            size = ", ".join(f"{conn.execute(f'SELECT count(*) FROM {t}').fetchone()[0]:,} {t}"
                             for t in ("transactions", "transfers", "routines"))
    spans_said = " and ".join(f"{y} year{'s' * (y > 1)}" for y in CATCH_UP_YEARS)
    heading = (f"scale {args.scale:g} ({size}); catch-up: {routines:,} weekly routines {spans_said} behind; "
               f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    text = f"{heading}\n\n{table(figures)}"
    print(text)
    if args.write:
        args.write.write_text(f"# Benchmark results\n\n{dt.date.today().isoformat()}, `python -m benchmarks.run"
                              f"{'' if args.scale == 1 else f' --scale {args.scale:g}'}`\n\n```\n{text}\n```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
