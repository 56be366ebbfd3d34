"""Upgrades keep every row and leave a copy of the old file; backups are consistent and private;
`astra-tui check` names each broken rule; nobody moves money out of someone else's account."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlmodel import Session, select

from astra_tui.core.errors import AstraError
from astra_tui.db.engine import HEAD_REVISION, make_engine, open_database, writer
from astra_tui.db.models import Routine
from tests.test_cli import in_process
from tests.test_safety import NOW, dump


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``astra-tui ARGS`` on ``db`` at the tests' instant, in process (``main``)."""
    return in_process(list(args), {"ASTRA_TUI_DB": str(db), "ASTRA_TUI_NOW": NOW})

MIGRATIONS = Path(__file__).resolve().parents[1] / "astra_tui" / "db" / "migrations"


def first_revision_database(path: Path) -> dict[str, list[tuple]]:
    """A database as the first release wrote it, with a user, accounts, a routine and its runs."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    old = make_engine(path)
    with writer(old).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    old.dispose()
    stamp = "2026-11-01 17:00:00.000000"
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO users (id, name, transfer_limit, active, created_at) "
                     "VALUES (1, 'Alex', 250000, 1, ?)", (stamp,))
        conn.executemany("INSERT INTO accounts (id, user_id, name, kind, status, balance, created_at) "
                         "VALUES (?, 1, ?, ?, 'open', ?, ?)",
                         [(1, "Checking", "checking", 90000, stamp), (2, "Savings", "savings", 10000, stamp)])
        conn.execute("INSERT INTO routines (id, user_id, type, name, source_id, destination_id, amount, frequency, "
                     "start_date, status, created_at, created_on, updated_at, next_due_on, next_index) VALUES "
                     "(1, 1, 'recurring', 'Weekly', 1, 2, 10000, 'weekly', '2026-11-01', 'active', ?, '2026-11-01', "
                     "?, '2026-11-08', 1)", (stamp, stamp))
        conn.execute("INSERT INTO transfers (id, routine_id, user_id, destination_user_id, source_id, destination_id, "
                     "amount, capped, status, scheduled_for, created_at, updated_at) VALUES "
                     "(1, 1, 1, 1, 1, 2, 10000, 0, 'processed', '2026-11-01', ?, ?)", (stamp, stamp))
        conn.executemany("INSERT INTO transactions (id, account_id, posted_on, amount, description, origin, "
                         "transfer_id, created_at) VALUES (?, ?, '2026-11-01', ?, ?, ?, ?, ?)",
                         [(1, 1, 100000, "Opening balance", "opening", None, stamp),
                          (2, 1, -10000, "Weekly", "transfer", 1, stamp),
                          (3, 2, 10000, "Weekly", "transfer", 1, stamp)])
        conn.execute("INSERT INTO routine_runs (id, routine_id, due_on, trigger_id, outcome, reason, transfer_id, "
                     "created_at) VALUES (1, 1, '2026-11-01', 0, 'transferred', '', 1, ?)", (stamp,))
    return dump(path, ("accounts", "transactions", "transfers", "routine_runs", "routines"))


def test_an_upgrade_keeps_every_row_saves_the_old_file_beside_it_and_says_where(tmp_path):
    db = tmp_path / "astra.db"
    rows = first_revision_database(db)
    done = cli(db, "users", "list", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["name"] == "Alex"
    saved = tmp_path / "astra.db.schema-0001.bak"
    assert done.stderr.strip() == (f"astra-tui: upgraded {db} from schema 0001 to {HEAD_REVISION}; "
                                   f"the database as it was is saved at {saved}")
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    assert dump(saved, tuple(rows)) == rows  # the old file's every row, at its old schema
    with sqlite3.connect(saved) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert dump(db, tuple(rows)) == rows
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
        assert conn.execute("SELECT seen_run_id FROM users").fetchone() == (0,)
    assert cli(db, "check").returncode == 0
    again = cli(db, "users", "list")  # already current: no second copy, nothing said
    assert again.stderr == "" and not (tmp_path / "astra.db.schema-0001-2.bak").exists()


def test_the_app_says_where_the_pre_upgrade_copy_is(tmp_path):
    from astra_tui.ui import make_app

    db = tmp_path / "astra.db"
    first_revision_database(db)
    said: list[str] = []
    engine = open_database(db, on_upgrade=said.append)
    seen: list[str] = []

    async def auto_pilot(pilot) -> None:
        await pilot.pause(0.3)
        seen.extend(n.message for n in pilot.app._notifications)
        pilot.app.exit()

    make_app(engine, _clock(), db_path=db, notices=said).run(headless=True, auto_pilot=auto_pilot)
    assert said and any(str(tmp_path / "astra.db.schema-0001.bak") in text for text in seen), seen


def _clock():
    from astra_tui.core.clock import FixedClock, at_local
    from tests.ui_helpers import DAY

    return FixedClock(at_local(DAY, 9))


def test_backup_is_a_consistent_private_copy_even_while_another_process_writes(tmp_path):
    db = tmp_path / "astra.db"
    assert cli(db, "--db", str(db), "--demo", "users", "list").returncode == 0
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE accounts SET balance = balance + 100 WHERE id = 1")  # half of a change
    try:
        done = cli(db, "backup", str(tmp_path / "copy.db"), "--json")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 0, done.stderr
    copy_path = Path(json.loads(done.stdout)["backup"])
    assert oct(copy_path.stat().st_mode & 0o777) == "0o600"
    assert dump(copy_path) == dump(db)  # the committed state, without the half-made change
    assert cli(copy_path, "check").returncode == 0
    into_folder = cli(db, "backup", str(tmp_path))
    assert into_folder.returncode == 0 and (tmp_path / "astra-backup.db").exists()
    again = cli(db, "backup", str(tmp_path / "copy.db"))
    assert again.returncode == 2 and "already exists" in again.stderr


BREAKAGES = [
    ("UPDATE accounts SET balance = balance + 1 WHERE id = 1",
     "balance 759005 but its transactions add up to 759004"),
    ("DELETE FROM transactions WHERE id = (SELECT max(id) FROM transactions WHERE origin = 'transfer')",
     "processed, but without exactly one debit and one credit"),
    ("UPDATE transfers SET status = 'failed' WHERE id = (SELECT min(id) FROM transfers WHERE status = 'processed')",
     "failed, yet it has transactions"),
]


@pytest.mark.broken_ledger
@pytest.mark.parametrize("sql, named", BREAKAGES, ids=["balance", "missing-half", "moved-but-failed"])
def test_check_exits_1_naming_each_violation(tmp_path, sql, named):
    db = tmp_path / "astra.db"
    assert cli(db, "--db", str(db), "--demo", "users", "list").returncode == 0
    sound = cli(db, "check")
    assert sound.returncode == 0 and sound.stdout.startswith("The ledger is sound:")
    assert re.search(r"\d accounts, [\d,]+ transactions, \d+ transfers, \d+ runs checked\.$", sound.stdout.strip())
    with sqlite3.connect(db) as conn:
        conn.execute(sql)
    broken = cli(db, "check")
    assert broken.returncode == 1
    assert named in broken.stdout
    assert broken.stderr.strip().endswith("of the ledger's rules") and broken.stderr.count("\n") == 1
    as_json = json.loads(cli(db, "check", "--json").stdout)
    assert as_json["ok"] is False and any(named in v for v in as_json["violations"])


@pytest.mark.broken_ledger
def test_check_finds_a_transfer_that_overdrew_and_a_run_recorded_twice(tmp_path):
    db = tmp_path / "astra.db"
    assert cli(db, "--db", str(db), "--demo", "users", "list").returncode == 0
    with sqlite3.connect(db) as conn:
        debit, account = conn.execute("SELECT t.id, t.account_id FROM transactions t JOIN transfers tr "
                                      "ON tr.id = t.transfer_id WHERE tr.status = 'processed' AND t.amount < 0 "
                                      "ORDER BY t.id LIMIT 1").fetchone()
        before = conn.execute("SELECT sum(amount) FROM transactions WHERE account_id = ? AND id < ?",
                              (account, debit)).fetchone()[0]
        # History rewritten so that this debit took the account one cent below zero.
        conn.execute("UPDATE transactions SET amount = ? WHERE id = ?", (-(before + 1), debit))
        # The schema itself forbids a second run for a date; rebuild the table without that rule.
        conn.executescript("CREATE TABLE runs_copy AS SELECT * FROM routine_runs; DROP TABLE routine_runs; "
                           "ALTER TABLE runs_copy RENAME TO routine_runs;")
        conn.execute("INSERT INTO routine_runs SELECT max(id) + 1, routine_id, due_on, trigger_id, outcome, reason, "
                     "NULL, created_at FROM routine_runs GROUP BY routine_id LIMIT 1")
    broken = cli(db, "check")
    assert broken.returncode == 1, broken.stdout
    assert f"a transfer left account {account} at -1 cents" in broken.stdout
    assert "2 runs for" in broken.stdout


# -- privacy ------------------------------------------------------------------------------------

def test_nobody_moves_money_out_of_someone_elses_account_from_the_command_line(tmp_path):
    db = tmp_path / "astra.db"
    assert cli(db, "--db", str(db), "--demo", "users", "list").returncode == 0  # Alex owns 1-4, Sam owns 5-6
    before = dump(db)
    body = json.dumps({"type": "one-time", "name": "Take", "source_id": 5, "destination_id": 1, "amount": "10"})
    done = cli(db, "routines", "add", "--user", "Alex", "--body", body)
    assert done.returncode == 2 and "source_id: Sam's checking (account 5) does not belong to Alex" in done.stderr
    peer = json.dumps({"type": "one-time", "name": "Take", "source_id": 5, "destination_id": 1,
                       "destination_user_id": 1, "amount": "10", "start_date": "2026-11-23"})
    done = cli(db, "routines", "add", "--user", "Alex", "--body", peer)
    assert done.returncode == 2 and "does not belong to Alex" in done.stderr
    assert dump(db) == before


def test_the_wizard_offers_only_the_persons_own_accounts_as_a_source(tmp_path):
    from astra_tui.core.read import accounts
    from astra_tui.core.read.db import read_file
    from tests.ui_helpers import demo_app, settle

    app = demo_app(tmp_path / "astra.db")
    alex_sources = read_file(app.db_path, lambda db: accounts.accounts(db, 1, open_only=True))
    alex_names = {a.id for a in alex_sources}
    assert alex_names and all(a.user_id == 1 for a in alex_sources)
    with Session(app.engine) as session:
        before = len(session.exec(select(Routine)).all())

    async def flow() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            from astra_tui.ui import wizard_choices as pools
            from astra_tui.ui.wizard import RoutineWizard

            wizard = RoutineWizard(1)
            app.push_screen(wizard)
            await settle(pilot)
            assert wizard.choices is not None
            offered = {value for _label, value in pools.options(pools.sources(wizard.choices))}
            assert offered and offered <= alex_names

    asyncio.run(flow())
    with Session(app.engine) as session:
        assert len(session.exec(select(Routine)).all()) == before


def test_the_core_refuses_a_source_of_another_person_whatever_calls_it(tmp_path):
    from astra_tui.core import routines
    from astra_tui.core.bodies import parse_body
    from astra_tui.core.service import perform
    from tests.ui_helpers import demo_app

    app = demo_app(tmp_path / "astra.db")
    body = parse_body({"type": "recurring", "name": "Sneak", "source_id": 5, "destination_id": 2, "amount": "1",
                       "frequency": "weekly", "start_date": "2026-11-23"})
    with pytest.raises(AstraError, match="source_id: Sam's checking \\(account 5\\) does not belong to Alex"):
        perform(app.engine, app.clock, lambda s, c: routines.create_routines(s, c, 1, [body], False))
