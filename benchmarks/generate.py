"""A seeded, fast generator of a lifetime of household data, written through the real schema.

``build(path, scale)`` migrates an empty file with the app's own migrations,
then bulk-inserts rows with plain ``sqlite3.executemany`` in one transaction.
At ``scale=1.0`` it makes 2 users, 20 accounts, 1,000 routines of every kind,
500,000 transfers (one routine run and one notification each) and 1,000,000
transactions over the twenty years before ``TODAY``.

The ledger it writes is sound (``astra-tui check`` passes): transfers are
replayed in date order against running balances and fail when the source is
short, exactly as the processor would record them. Every routine's next due
date lies after ``TODAY``, so nothing is due when the app opens on it.

Run it on its own: ``python -m benchmarks.generate PATH [--scale 0.01]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import time
from pathlib import Path

from astra_tui.core.money import format_money
from astra_tui.core.schedule import BIWEEKLY, MONTHLY, WEEKLY, last_index_on_or_before, nth_date

TODAY = dt.date(2026, 11, 22)
YEARS = 20
FIRST_DAY = TODAY.replace(year=TODAY.year - YEARS)
DAYS = (TODAY - FIRST_DAY).days  # history covers FIRST_DAY .. TODAY-1

FULL = {"routines": 1_000, "transfers": 500_000, "transactions": 1_000_000}
KINDS = ("one-time", "recurring", "sweep", "percentage-based", "percentage-balance", "refill",
         "round-up", "fifty-two-week", "p2p", "quick")
# Per user: (name, kind). Twenty accounts across the two people.
ACCOUNTS = [("Checking", "checking"), ("Bills", "checking"), ("Groceries", "checking"), ("Travel", "checking"),
            ("Savings", "savings"), ("Emergency", "savings"), ("House", "savings"), ("Car", "savings"),
            ("Visa", "credit-card"), ("Store card", "credit-card")]


def stamp(day: dt.date, seconds: int = 43_200) -> str:
    """A UTC timestamp as SQLAlchemy stores it, ``seconds`` after midnight of ``day``."""
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def counts(scale: float) -> dict[str, int]:
    return {name: max(10, round(value * scale)) for name, value in FULL.items()}


def build(path: Path, scale: float = 1.0, seed: int = 2026) -> dict[str, int]:
    """Create the database at ``path`` (which must not exist); return the row counts written."""
    from astra_tui.db.engine import open_database

    path = Path(path)
    if path.exists():
        raise SystemExit(f"{path} already exists")
    open_database(path).dispose()
    n = counts(scale)
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    conn.execute("BEGIN")
    # Building an index once over sorted data is much faster than updating it row by row.
    indexes = [row[0] for row in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
    for name, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    written = _write(conn, rng, n)
    for sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return written


def _write(conn: sqlite3.Connection, rng: random.Random, n: dict[str, int]) -> dict[str, int]:
    opened = stamp(FIRST_DAY, 0)
    conn.executemany("INSERT INTO users (id, name, transfer_limit, active, created_at, seen_run_id) "
                     "VALUES (?, ?, 500000, 1, ?, 0)", [(1, "Alex", opened), (2, "Sam", opened)])
    accounts = []  # (id, user_id, name, kind)
    for user in (1, 2):
        for name, kind in ACCOUNTS:
            accounts.append((len(accounts) + 1, user, name, kind))
    owner = {a[0]: a[1] for a in accounts}
    by_user = {u: [a[0] for a in accounts if a[1] == u] for u in (1, 2)}
    cash = {u: [a[0] for a in accounts if a[1] == u and a[3] != "credit-card"] for u in (1, 2)}

    routines = _routines(rng, n["routines"], by_user, cash, owner)
    conn.executemany(
        "INSERT INTO routines (id, user_id, type, name, source_id, destination_id, destination_user_id, "
        "spending_id, amount, min_balance, threshold, percent_bps, minimum_transaction_threshold, amount_start, "
        "amount_increment, frequency, start_date, status, created_at, created_on, updated_at, next_due_on, "
        "next_index) VALUES (" + ", ".join("?" * 23) + ")", routines)

    balance = {a[0]: 0 for a in accounts}
    transactions: list[tuple] = []
    for a in accounts:
        opening = 0 if a[3] == "credit-card" else 250_000
        balance[a[0]] = opening
        transactions.append((len(transactions) + 1, a[0], FIRST_DAY.isoformat(), opening, "Opening balance",
                             "opening", None, opened))
    # Transfers fill the history; manual deposits and purchases make up the rest of the transactions.
    transfers, runs, notes = [], [], []
    manual_left = max(0, n["transactions"] - len(transactions) - 2 * round(n["transfers"] * 0.9))
    per_day_transfers = n["transfers"] / DAYS + 1e-9  # so rounding never leaves the last one out
    per_day_manual = manual_left / DAYS
    owed_t = owed_m = 0.0
    for offset in range(DAYS):
        day = FIRST_DAY + dt.timedelta(days=offset)
        iso = day.isoformat()
        owed_m += per_day_manual
        while owed_m >= 1 and len(transactions) < n["transactions"]:
            owed_m -= 1
            account = rng.choice(accounts)
            deposit = a_kind_deposits(account, rng)
            amount = rng.randint(20_000, 400_000) if deposit else -rng.randint(100, 9_000)
            balance[account[0]] += amount
            transactions.append((len(transactions) + 1, account[0], iso, amount,
                                 "Pay" if deposit else "Shop", "manual", None, iso + " 08:20:00.000000"))
        at_day = stamp(day, 21_600)
        owed_t += per_day_transfers
        today_count = int(owed_t)
        owed_t -= today_count
        for r in rng.sample(routines, min(today_count, len(routines))):
            if len(transfers) >= n["transfers"]:
                break
            routine_id, user_id, _type, _name, source, destination = r[:6]
            amount = rng.randint(100, 20_000)
            tid = len(transfers) + 1
            roll = rng.random()
            if roll < 0.03:
                status, reason = "cancelled", "cancelled by Alex"
            elif balance[source] < amount:
                status, reason = "failed", "insufficient funds"
            else:
                status, reason = "processed", None
            at = at_day
            transfers.append((tid, routine_id, user_id, owner[destination], source, destination, amount, 0,
                              status, iso, reason, None, at, at))
            runs.append((tid, routine_id, iso, 0, "transferred" if status == "processed" else "failed",
                         reason or "", tid, at))
            notes.append((tid, user_id, at, "transfer_created", f"{_name}: {format_money(amount)} {status}",
                          1, routine_id, tid))
            if status == "processed" and len(transactions) + 2 <= n["transactions"]:
                balance[source] -= amount
                balance[destination] += amount
                transactions.append((len(transactions) + 1, source, iso, -amount, _name, "transfer", tid, at))
                transactions.append((len(transactions) + 1, destination, iso, amount, _name, "transfer", tid, at))
            elif status == "processed":  # out of transaction budget: record it as failed instead
                transfers[-1] = transfers[-1][:8] + ("failed", iso, "insufficient funds") + transfers[-1][11:]
                runs[-1] = runs[-1][:4] + ("failed", "insufficient funds") + runs[-1][6:]
    conn.executemany("INSERT INTO accounts (id, user_id, name, kind, status, balance, created_at) "
                     "VALUES (?, ?, ?, ?, 'open', ?, ?)",
                     [(a[0], a[1], a[2], a[3], balance[a[0]], opened) for a in accounts])
    conn.executemany("INSERT INTO transfers (id, routine_id, user_id, destination_user_id, source_id, "
                     "destination_id, amount, capped, status, scheduled_for, reason, trigger_transaction_id, "
                     "created_at, updated_at) VALUES (" + ", ".join("?" * 14) + ")", transfers)
    conn.executemany("INSERT INTO transactions (id, account_id, posted_on, amount, description, origin, "
                     "transfer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", transactions)
    conn.executemany("INSERT INTO routine_runs (id, routine_id, due_on, trigger_id, outcome, reason, "
                     "transfer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runs)
    conn.executemany("INSERT INTO notifications (id, user_id, created_at, kind, message, read, routine_id, "
                     "transfer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", notes)
    conn.execute("UPDATE users SET seen_run_id = ?", (len(runs),))
    return {"users": 2, "accounts": len(accounts), "routines": len(routines), "transfers": len(transfers),
            "transactions": len(transactions), "routine_runs": len(runs), "notifications": len(notes)}


def a_kind_deposits(account: tuple, rng: random.Random) -> bool:
    """Checking and savings mostly receive pay; cards mostly take purchases (and get paid off)."""
    return rng.random() < (0.35 if account[3] == "credit-card" else 0.5)


def _routines(rng: random.Random, count: int, by_user: dict[int, list[int]], cash: dict[int, list[int]],
              owner: dict[int, int]) -> list[tuple]:
    rows = []
    created = stamp(FIRST_DAY, 3_600)
    for i in range(count):
        rid = i + 1
        kind = KINDS[i % len(KINDS)]
        user = 1 + i % 2
        source, destination = rng.sample(cash[user], 2)
        dest_user = None
        if kind == "p2p":
            dest_user = 3 - user
            destination = rng.choice(cash[dest_user])
        frequency = (WEEKLY, BIWEEKLY, MONTHLY)[i % 3]
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(0, 365))
        fields = dict(spending=None, amount=None, min_balance=None, threshold=None, bps=None, minimum=None,
                      start_amount=None, increment=None, frequency=None, start=None)
        status, next_due, next_index = "active", None, 0
        if kind in ("quick",):
            fields["amount"] = rng.randint(500, 50_000)
            status = "completed"
        elif kind in ("one-time", "p2p"):
            fields.update(amount=rng.randint(500, 50_000), start=TODAY + dt.timedelta(days=1 + i % 300))
            next_due = fields["start"]
        elif kind == "refill":
            fields.update(amount=10_000, threshold=0)  # balances stay positive: nothing to refill today
            next_due = TODAY + dt.timedelta(days=1)
        elif kind == "percentage-based":
            fields.update(bps=rng.randint(100, 2_000), minimum=10_000)
        else:
            fields.update(frequency=frequency, start=start)
            if kind == "sweep":
                fields["min_balance"] = rng.randint(100_000, 500_000)
            elif kind == "percentage-balance":
                fields["bps"] = rng.randint(100, 1_000)
            elif kind == "round-up":
                fields.update(spending=rng.choice(by_user[user]), frequency=WEEKLY)
            elif kind == "fifty-two-week":
                fields.update(start_amount=100, increment=100, frequency=WEEKLY, start=TODAY - dt.timedelta(days=3))
            else:
                fields["amount"] = rng.randint(1_000, 30_000)
            index = last_index_on_or_before(fields["start"], fields["frequency"], TODAY) + 1
            next_index, next_due = index, nth_date(fields["start"], fields["frequency"], index)
        if status == "active" and rng.random() < 0.1:
            status = "inactive"
        stored = "one-time" if kind in ("quick", "p2p") else kind  # quick and p2p are one-time routines
        rows.append((rid, user, stored, f"{kind.replace('-', ' ').capitalize()} {rid}", source, destination,
                     dest_user, fields["spending"], fields["amount"], fields["min_balance"], fields["threshold"],
                     fields["bps"], fields["minimum"], fields["start_amount"], fields["increment"],
                     fields["frequency"], fields["start"].isoformat() if fields["start"] else None, status,
                     created, FIRST_DAY.isoformat(), created, next_due.isoformat() if next_due else None,
                     next_index))
    assert all(owner[r[4]] == r[1] for r in rows)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the twenty-year household")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = build(args.path, args.scale, args.seed)
    took = time.perf_counter() - started
    print(", ".join(f"{v:,} {k}" for k, v in written.items()) + f" in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
