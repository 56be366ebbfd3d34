"""The command line (SPEC §7), in process through ``main(argv)`` with the invocation's environment; the
console script itself is run as a real process by a few tests here and in test_cli_pipes, test_safety
and test_private_files."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from astra_tui.cli import main

SCRIPT = shutil.which("astra-tui", path=str(Path(sys.executable).parent)) or "astra-tui"
NOW = "2026-11-22T09:00:00-08:00"


def in_process(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``astra-tui ARGS`` as the console script runs it (``main``), in this process: the environment is the
    invocation's alone (no ASTRA_TUI_* of the test run's), standard output and error are captured."""
    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    try:
        for key in [k for k in os.environ if k.startswith("ASTRA_TUI")]:
            del os.environ[key]
        os.environ.update(env)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["astra-tui", *args], code, out.getvalue(), err.getvalue())


class Cli:
    def __init__(self, db: Path, *, script: bool = False) -> None:
        self.db = db
        self.script = script  # run the installed console script in a process of its own

    def __call__(self, *args: str, now: str | None = NOW, env: dict[str, str] | None = None,
                 expect: int = 0) -> subprocess.CompletedProcess[str]:
        own_env = dict(env or {"ASTRA_TUI_DB": str(self.db)})
        if now is not None:
            own_env.setdefault("ASTRA_TUI_NOW", now)
        if self.script:
            full_env = {k: v for k, v in os.environ.items() if not k.startswith("ASTRA_TUI")} | own_env
            done = subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=full_env, timeout=60)
        else:
            done = in_process(list(args), own_env)
        assert done.returncode == expect, (done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    def json(self, *args: str, now: str | None = NOW) -> object:
        return json.loads(self(*args, "--json", now=now).stdout)

    def fails(self, *args: str, match: str, now: str | None = NOW) -> str:
        """Exit 2, one line on stderr that says what is wrong, and not a byte of the database changed."""
        before = self.checksum()
        done = self(*args, now=now, expect=2)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert match in lines[0], lines[0]
        assert done.stdout == ""
        assert self.checksum() == before
        return lines[0]

    def checksum(self) -> str | None:
        if not self.db.exists():
            return None
        return hashlib.sha256(self.db.read_bytes()).hexdigest()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "astra.db")


@pytest.fixture(scope="module")
def household_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once through the command line; each test gets its own copy of the file."""
    cli = Cli(tmp_path_factory.mktemp("household") / "astra.db")
    opened = "2026-11-01T09:00:00-08:00"  # three weeks before the tests' today, so there is a past to record
    cli("users", "add", "Alex", now=opened)
    cli("users", "add", "Sam", "--transfer-limit", "$1,000", now=opened)
    cli("accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "1,000.00", now=opened)
    cli("accounts", "add", "--user", "1", "--name", "Savings", "--kind", "savings", now=opened)
    cli("accounts", "add", "--user", "Sam", "--name", "Sam checking", "--opening-balance", "50", now=opened)
    return cli.db


@pytest.fixture
def home(cli: Cli, household_file: Path) -> Cli:
    shutil.copyfile(household_file, cli.db)
    return cli


def test_users_and_accounts(home):
    assert home.json("users", "list") == [
        {"id": 1, "name": "Alex", "transfer_limit": "5000.00", "active": True},
        {"id": 2, "name": "Sam", "transfer_limit": "1000.00", "active": True},
    ]
    assert home.json("accounts", "list", "--user", "Alex") == [
        {"id": 1, "user_id": 1, "name": "Checking", "kind": "checking", "status": "open", "balance": "1000.00"},
        {"id": 2, "user_id": 1, "name": "Savings", "kind": "savings", "status": "open", "balance": "0.00"},
    ]
    assert len(home.json("accounts", "list")) == 3
    assert len(home.json("accounts", "list", "--limit", "2")) == 2
    text = home("accounts", "list").stdout
    assert "Sam checking" in text and "1000.00" in text


def test_transactions(home):
    deposit = home.json("transactions", "add", "--account", "2", "--amount", "12.50", "--description", "Gift")
    assert deposit == {"id": 3, "account_id": 2, "posted_on": "2026-11-22", "amount": "12.50",
                       "description": "Gift", "origin": "manual", "transfer_id": None}
    home("transactions", "add", "--account", "2", "--amount", "-2.50", "--date", "2026-11-23",
         now="2026-11-25T09:00:00-08:00")  # dated in the past, not before the account was opened
    listed = home.json("transactions", "list", "--account", "2")
    assert [(t["posted_on"], t["amount"]) for t in listed] == [("2026-11-23", "-2.50"), ("2026-11-22", "12.50")]
    assert home.json("accounts", "list", "--user", "Alex")[1]["balance"] == "10.00"


def test_routines_lifecycle_from_the_command_line(home):
    quick = home.json("routines", "add", "--user", "Alex", "--body",
                      '{"type": "one-time", "name": "Quick", "source_id": "1", "destination_id": "2", "amount": 20}')
    assert quick["status"] == "completed" and quick["amount"] == "20.00" and quick["kind"] == "quick"
    body = [
        {"type": "recurring", "name": "Weekly", "source_id": 1, "destination_id": 2, "amount": 10.5,
         "start_date": "2026-11-23", "frequency": "weekly"},
        {"type": "sweep", "name": "Sweep", "source_id": 1, "destination_id": 2, "min_balance": "900",
         "start_date": "2026-11-30", "frequency": "bi-weekly"},
    ]
    created = home.json("routines", "add", "--user", "Alex", "--body", json.dumps(body))
    assert [r["id"] for r in created] == [2, 3]
    assert created[0] == {"id": 2, "user_id": 1, "type": "recurring", "kind": "recurring", "name": "Weekly",
                          "status": "active", "source_id": 1, "destination_id": 2, "amount": "10.50",
                          "start_date": "2026-11-23", "frequency": "weekly", "next_run_on": "2026-11-23",
                          "summary": "$10.50 weekly on Mondays"}
    home("routines", "pause", "3")
    assert home.json("routines", "show", "3")["status"] == "inactive"
    home("routines", "activate", "3")
    home("routines", "delete", "2")
    assert [r["id"] for r in home.json("routines", "list")] == [1, 3]
    assert [r["id"] for r in home.json("routines", "list", "--all")] == [1, 2, 3]
    assert home.json("routines", "list", "--user", "Sam") == []

    summary = home.json("process", now="2026-12-15T09:00:00-08:00")
    assert summary == {"processed": 1, "failed": 0, "skipped": 1, "pending": 0, "cancelled": 0}
    shown = home.json("routines", "show", "3")
    assert shown["runs"] == [
        {"due_on": "2026-11-30", "outcome": "skipped", "reason": "collapsed into the run of 2026-12-14",
         "transfer_id": None},
        {"due_on": "2026-12-14", "outcome": "transferred", "reason": "", "transfer_id": 2},
    ]
    transfers = home.json("transfers", "list", "--routine", "3")
    assert transfers == [{"id": 2, "routine_id": 3, "routine_type": "sweep", "source_id": 1, "destination_id": 2,
                          "amount": "80.00", "status": "processed", "scheduled_for": "2026-12-14", "reason": None,
                          "capped": False}]
    assert [t["id"] for t in home.json("transfers", "list", "--account", "2", "--status", "processed")] == [2, 1]


def test_routines_add_from_a_file(home, tmp_path):
    path = tmp_path / "body.json"
    path.write_text(json.dumps({"type": "refill", "name": "Top up", "source_id": 1, "destination_id": 2,
                                "amount": 25, "threshold": 100, "start_date": "2026-11-22"}))
    created = home.json("routines", "add", "--user", "Alex", "--file", str(path))
    assert created["status"] == "active"
    assert home.json("accounts", "list", "--user", "Alex")[1]["balance"] == "25.00"


def test_pending_transfer_cancel(home):
    home("routines", "add", "--user", "Alex", "--body", json.dumps(
        {"type": "percentage-based", "name": "Third", "source_id": 1, "destination_id": 2,
         "percent_of_transaction": 33, "minimum_transaction_threshold": 50, "start_date": "2026-11-22"}))
    home("transactions", "add", "--account", "1", "--amount", "100")
    [pending] = home.json("transfers", "list", "--status", "pending")
    assert (pending["amount"], pending["scheduled_for"]) == ("33.00", "2026-11-23")
    cancelled = home.json("transfers", "cancel", str(pending["id"]))
    assert (cancelled["status"], cancelled["reason"]) == ("cancelled", "cancelled by you")
    home.fails("transfers", "cancel", str(pending["id"]), match="transfer 1 is cancelled")


def test_send_to_someone_and_the_clock_option(home):
    home("--now", "2026-11-22T12:00:00Z", "routines", "add", "--user", "Alex", "--body", json.dumps(
        {"type": "one-time", "name": "To Sam", "source_id": 1, "destination_id": 3, "destination_user_id": 2,
         "amount": 15}), now=None)
    assert home.json("accounts", "list", "--user", "Sam")[0]["balance"] == "65.00"
    assert home.json("transfers", "list", "--user", "Sam")[0]["amount"] == "15.00"


def test_read_only_commands_never_write(home):
    home("routines", "add", "--user", "Alex", "--body", json.dumps(
        {"type": "recurring", "name": "Weekly", "source_id": 1, "destination_id": 2, "amount": 1,
         "start_date": "2026-11-23", "frequency": "weekly"}))
    before = home.checksum()
    later = "2027-06-01T09:00:00-07:00"  # runs are due, but reading must not process them
    for args in (("users", "list"), ("accounts", "list"), ("transactions", "list", "--account", "1"),
                 ("routines", "list"), ("routines", "show", "1"), ("transfers", "list")):
        home(*args, now=later)
        home(*args, "--json", now=later)
    assert home.checksum() == before


def test_read_only_commands_on_a_missing_database_create_nothing(cli):
    assert cli.json("users", "list") == []
    assert cli("routines", "list").stdout.strip() == "(none)"
    assert not cli.db.exists()


def test_db_option_and_environment(tmp_path, cli):
    other = tmp_path / "sub" / "other.db"
    cli("--db", str(other), "users", "add", "Pat", expect=2)  # a typed path's folder is not made up
    assert not other.parent.exists()
    other.parent.mkdir()
    cli("--db", str(other), "users", "add", "Pat")
    assert other.exists() and not cli.db.exists()
    assert Cli(other).json("users", "list")[0]["name"] == "Pat"


def test_the_console_script_itself(home):
    """The installed ``astra-tui`` in a process of its own: a read, a change, and bad input (exit 2, one
    line, nothing written) — what the in-process tests check through ``main``."""
    script = Cli(home.db, script=True)
    assert [u["name"] for u in script.json("users", "list")] == ["Alex", "Sam"]
    assert script.json("users", "add", "Kim")["name"] == "Kim"
    script.fails("accounts", "add", "--user", "Nobody", "--name", "X", match="user: no user named or numbered")
    script.fails("frobnicate", match="invalid choice: 'frobnicate'")


def test_python_dash_m_works(home):
    done = subprocess.run([sys.executable, "-m", "astra_tui", "users", "list", "--json"], capture_output=True,
                          text=True, env={**os.environ, "ASTRA_TUI_DB": str(home.db)}, timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)[0]["name"] == "Alex"


@pytest.mark.parametrize("args, message", [
    (("accounts", "add", "--user", "Alex", "--name", "X", "--opening-balance", "12.345"),
     "opening_balance: 12.345 has more than two decimals"),
    (("accounts", "add", "--user", "Nobody", "--name", "X"), "user: no user named or numbered 'Nobody'"),
    (("accounts", "add", "--user", "Alex", "--name", "Checking"), "name: Alex already has an account named"),
    (("accounts", "add", "--user", "Alex", "--name", "X", "--kind", "gold"), "argument --kind: invalid choice"),
    (("users", "add", "alex"), "name: a user named 'alex' already exists"),
    (("users", "add", "  "), "name: is empty"),
    (("users", "add", "42"), "name: may not be only digits"),
    (("users", "add", "Kim", "--transfer-limit", "NaN"), "transfer_limit: 'NaN' is not an amount of money"),
    (("transactions", "add", "--account", "1", "--amount", "abc"), "amount: 'abc' is not an amount of money"),
    (("transactions", "add", "--account", "1", "--amount", "0"), "amount: must not be 0.00"),
    (("transactions", "add", "--account", "1", "--amount", "5", "--date", "2026-11-23"),
     "date: 2026-11-23 is in the future"),
    (("transactions", "add", "--account", "1", "--amount", "5", "--date", "22/11/2026"),
     "date: '22/11/2026' is not a date"),
    (("transactions", "add", "--account", "99", "--amount", "5"), "account: account 99 does not exist"),
    (("transactions", "add", "--account", "x1", "--amount", "5"), "account: 'x1' is not an id"),
    (("transactions", "list", "--account", "7"), "account: account 7 does not exist"),
    (("routines", "add", "--user", "Alex", "--body", "{not json"), "body: is not valid JSON"),
    (("routines", "add", "--user", "Alex", "--body", "[]"), "body: is an empty list"),
    (("routines", "add", "--user", "Alex", "--body", '{"type": "recurring", "name": "W", "source_id": 1, '
      '"destination_id": 2, "amount": 1, "start_date": "2026-11-21", "frequency": "weekly"}'),
     "start_date: 2026-11-21 is before today (2026-11-22)"),
    (("routines", "add", "--user", "Alex", "--body", '{"type": "recurring", "name": "W", "source_id": 1, '
      '"destination_id": 2, "amount": 1, "start_date": "2026-11-22", "frequency": "weekly", "colour": "red"}'),
     "colour: is not a field of a recurring routine"),
    (("routines", "add", "--user", "Alex", "--file", "/nonexistent/body.json"), "file: cannot read"),
    (("routines", "add", "--user", "Alex"), "one of the arguments --body --file is required"),
    (("routines", "show", "12"), "routine: routine 12 does not exist"),
    (("routines", "pause", "0"), "routine: 0 is not an id"),
    (("transfers", "list", "--status", "done"), "argument --status: invalid choice"),
    (("transfers", "list", "--user", "Zed"), "user: no user named or numbered 'Zed'"),
    (("accounts", "close", "1"), "account: Checking (account 1) has a balance of $1,000.00"),
    (("users", "list", "--limit", "-1"), "argument --limit"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
    (("--now", "soon", "users", "list"), "--now: 'soon' is not an ISO 8601 date and time"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(home, args, message):
    home.fails(*args, match=message)


def test_a_list_of_routines_is_all_or_nothing(home):
    body = [
        {"type": "recurring", "name": "Good", "source_id": 1, "destination_id": 2, "amount": 1,
         "start_date": "2026-11-22", "frequency": "weekly"},
        {"type": "recurring", "name": "Bad", "source_id": 1, "destination_id": 2, "amount": 1,
         "start_date": "2026-11-22", "frequency": "yearly"},
    ]
    home.fails("routines", "add", "--user", "Alex", "--body", json.dumps(body), match="body[1].frequency")
    body[1]["frequency"] = "weekly"
    body[1]["destination_id"] = 3  # Sam's account: a ledger rule, checked after the shape
    home.fails("routines", "add", "--user", "Alex", "--body", json.dumps(body),
               match="body[1].destination_id: Sam checking (account 3) does not belong to Alex")
    assert home.json("routines", "list", "--all") == []


def test_bad_input_on_a_new_path_leaves_no_file(cli):
    cli("users", "add", "", expect=2)
    assert not cli.db.exists()


def test_a_damaged_database_is_one_clear_line(cli):
    cli.db.write_bytes(b"this is not sqlite" * 100)
    cli.fails("users", "list", match="is not a readable astra-tui database")
    cli.fails("users", "add", "Kim", match="is not a readable astra-tui database")


def test_a_locked_database_is_one_clear_line(home):
    holder = sqlite3.connect(home.db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        done = home("users", "add", "Kim", expect=2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.stderr.strip().count("\n") == 0
    assert "is locked by another program; try again in a moment" in done.stderr
    assert [u["name"] for u in home.json("users", "list")] == ["Alex", "Sam"]


def test_demo_household_in_a_fresh_temporary_database(cli):
    kinds = sorted(r["kind"] for r in cli.json("--demo", "routines", "list"))
    assert kinds == sorted(["quick", "one-time", "recurring", "sweep", "percentage-based", "percentage-balance",
                            "refill", "round-up", "fifty-two-week", "p2p", "recurring",  # and the card payment
                            "one-time", "recurring"])  # the car insurance pot (warned about), the rent pot
    assert not cli.db.exists()  # --demo without --db leaves the real database alone
