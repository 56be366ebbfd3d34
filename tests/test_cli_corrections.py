"""The command line's corrections (issue 9 §4), run in process through ``main()``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from astra_tui.cli import main

NOW = "2026-11-22T09:00:00-08:00"


class InProcess:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *args: str, now: str = NOW, expect: int = 0) -> tuple[str, str]:
        self.capsys.readouterr()
        code = main(["--db", str(self.db), "--now", now, *args])
        out, err = self.capsys.readouterr()
        assert code == expect, (code, out, err)
        assert "Traceback" not in err
        return out, err

    def json(self, *args: str, now: str = NOW) -> object:
        return json.loads(self(*args, "--json", now=now)[0])

    def fails(self, *args: str, match: str, now: str = NOW) -> None:
        """Exit 2, one line on stderr that says what is wrong, nothing printed, nothing written."""
        before = self.dump()
        out, err = self(*args, now=now, expect=2)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and match in lines[0], err
        assert out == ""
        assert self.dump() == before

    def dump(self) -> list[str]:
        with sqlite3.connect(self.db) as conn:
            return list(conn.iterdump())


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> InProcess:
    cli = InProcess(tmp_path / "astra.db", capsys)
    cli("users", "add", "Alex")
    cli("users", "add", "Sam")
    cli("accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "1000")
    cli("accounts", "add", "--user", "Alex", "--name", "Savings", "--kind", "savings")
    return cli


WEEKLY = json.dumps({"type": "recurring", "name": "Weekly", "source_id": 1, "destination_id": 2, "amount": "10",
                     "start_date": "2026-11-29", "frequency": "weekly"})
SHARE = json.dumps({"type": "percentage-based", "name": "Share", "source_id": 1, "destination_id": 2,
                    "percent_of_transaction": "10", "minimum_transaction_threshold": "100",
                    "start_date": "2026-11-22"})


def test_rename_a_person_an_account_and_a_routine(cli):
    assert cli.json("users", "rename", "Alex", "Alexandra") == {
        "id": 1, "name": "Alexandra", "transfer_limit": "5000.00", "active": True}
    assert cli.json("accounts", "rename", "2", "Rainy day") == {
        "id": 2, "user_id": 1, "name": "Rainy day", "kind": "savings", "status": "open", "balance": "0.00"}
    cli("routines", "add", "--user", "Alexandra", "--body", WEEKLY)
    renamed = cli.json("routines", "rename", "1", "Pocket money")
    assert (renamed["id"], renamed["name"], renamed["amount"]) == (1, "Pocket money", "10.00")
    out, _ = cli("users", "list")
    assert "Alexandra" in out
    cli.fails("users", "rename", "Sam", "ALEXANDRA", match="name: a user named 'ALEXANDRA' already exists")
    cli.fails("users", "rename", "Sam", "12", match="name: may not be only digits")
    cli.fails("accounts", "rename", "2", "checking", match="name: Alexandra already has an account named 'checking'")
    cli.fails("routines", "rename", "9", "X", match="routine: routine 9 does not exist")


def test_routines_update_takes_only_the_fields_that_change(cli, tmp_path):
    cli("routines", "add", "--user", "Alex", "--body", WEEKLY)
    data = cli.json("routines", "update", "1", "--body", '{"amount": "25", "frequency": "monthly"}')
    assert (data["amount"], data["frequency"], data["start_date"], data["next_run_on"]) == (
        "25.00", "monthly", "2026-11-29", "2026-11-29")
    body = tmp_path / "change.json"
    body.write_text('{"start_date": "2026-12-03", "name": "Rent pot"}')
    data = cli.json("routines", "update", "1", "--file", str(body))
    assert (data["name"], data["next_run_on"], data["summary"]) == ("Rent pot", "2026-12-03",
                                                                     "$25.00 monthly on the 3rd")
    cli.fails("routines", "update", "1", "--body", '{"type": "sweep"}',
              match="type: is recurring and cannot be changed; make a new routine instead")
    cli.fails("routines", "update", "1", "--body", '{"destination_id": 1}',
              match="destination_id: is 2 and cannot be changed; make a new routine instead")
    cli.fails("routines", "update", "1", "--body", '{"amount": -3}', match="amount:")
    cli.fails("routines", "update", "1", "--body", '{"amount": 5', match="body: is not valid JSON")
    cli.fails("routines", "update", "1", "--body", '{"percent_of_balance": 5}',
              match="percent_of_balance: is not a field of a recurring routine")
    cli.fails("routines", "update", "1", "--file", str(tmp_path / "missing.json"), match="file: cannot read")
    cli("routines", "delete", "1")
    cli.fails("routines", "update", "1", "--body", '{"amount": 3}',
              match="routine: Rent pot (routine 1) is deleted; only an active or paused routine can be changed")


def test_routines_skip_and_run(cli):
    cli("routines", "add", "--user", "Alex", "--body", WEEKLY)
    assert cli.json("routines", "skip", "1") == {
        "routine_id": 1, "due_on": "2026-11-29", "outcome": "skipped", "reason": "skipped by you", "transfer_id": None}
    out, _ = cli("routines", "run", "1")
    assert out == "Routine 1: 2026-11-22 transferred — run now (transfer 1); next run 2026-12-06\n"
    shown = cli.json("routines", "show", "1")
    assert [(r["due_on"], r["outcome"], r["reason"]) for r in shown["runs"]] == [
        ("2026-11-22", "transferred", "run now"), ("2026-11-29", "skipped", "skipped by you")]
    accounts = cli.json("accounts", "list")
    assert [a["balance"] for a in accounts] == ["990.00", "10.00"]
    cli("routines", "add", "--user", "Alex", "--body", SHARE)
    cli.fails("routines", "skip", "2", match="routine: Share (routine 2, a percentage of deposit) has no schedule")
    cli.fails("routines", "run", "2", match="it has nothing to run now")
    cli("routines", "pause", "1")
    cli.fails("routines", "run", "1",
              match="routine: Weekly (routine 1) is inactive; only an active routine can run now")


def test_transactions_edit_and_delete(cli):
    cli("routines", "add", "--user", "Alex", "--body", SHARE)
    deposit = cli.json("transactions", "add", "--account", "1", "--amount", "500", "--description", "Pay")
    edited = cli.json("transactions", "edit", str(deposit["id"]), "--amount", "800", "--description", "Salary")
    assert (edited["amount"], edited["description"], edited["posted_on"]) == ("800.00", "Salary", "2026-11-22")
    [queued] = cli.json("transfers", "list")
    assert (queued["amount"], queued["status"]) == ("80.00", "pending")
    out, _ = cli("transactions", "delete", str(deposit["id"]))
    assert out == f"Deleted transaction {deposit['id']}: 2026-11-22 800.00 Salary\n"
    [cancelled] = cli.json("transfers", "list")
    assert (cancelled["status"], cancelled["reason"]) == ("cancelled", "the deposit it came from was deleted")
    assert cli.json("accounts", "list")[0]["balance"] == "1000.00"
    cli.fails("transactions", "edit", str(deposit["id"]), "--amount", "1",
              match=f"transaction: transaction {deposit['id']} does not exist")
    cli.fails("transactions", "edit", "1", "--amount", "1", match="transaction: transaction 1 is the opening balance")
    purchase = cli.json("transactions", "add", "--account", "1", "--amount", "-20")
    cli.fails("transactions", "edit", str(purchase["id"]), "--date", "2026-11-30",
              match="date: 2026-11-30 is in the future")
    cli.fails("transactions", "edit", str(purchase["id"]), "--amount", "0", match="amount: must not be 0.00")
    cli.fails("transactions", "edit", str(purchase["id"]), match="transaction: nothing to change")
    out, _ = cli("check")
    assert out.startswith("The ledger is sound")
