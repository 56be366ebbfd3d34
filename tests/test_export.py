"""Exports and statements (issue 12 §6, §7): the journal read by the real hledger balances to the cent, an
export imported into a fresh book reproduces every balance, CSV and JSON shapes and filters, and monthly
statements as text, CSV and HTML."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess

import pytest

from astra_tui.core.clock import FixedClock, at_local
from astra_tui.core.demo import build_demo
from astra_tui.db.engine import open_database
from tests.test_cli_corrections import NOW, InProcess
from tests.ui_helpers import DAY

HLEDGER = shutil.which("hledger")


@pytest.fixture
def demo(tmp_path, capsys):
    path = tmp_path / "demo.db"
    engine = open_database(path)
    build_demo(engine, FixedClock(at_local(DAY, 9)))
    engine.dispose()
    return InProcess(path, capsys)


def balances(db):
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT name, balance FROM accounts ORDER BY id").fetchall())


def cents_of(text):
    """hledger's ``$-1711.44`` or ``$1,234.5`` as integer cents (digits only, no float)."""
    plain = text.replace("$", "").replace(",", "").strip()
    negative = plain.startswith("-")
    whole, _, part = plain.lstrip("-").partition(".")
    cents = int(whole or "0") * 100 + int((part + "00")[:2])
    return -cents if negative else cents


@pytest.mark.skipif(HLEDGER is None and not os.environ.get("ASTRA_TUI_REQUIRE_HLEDGER"),
                    reason="hledger is not installed (.ci/run installs it and requires this test)")
def test_hledger_reads_the_journal_and_its_balances_are_astras_to_the_cent(demo, tmp_path):
    assert HLEDGER is not None, "ASTRA_TUI_REQUIRE_HLEDGER is set but hledger is not installed"
    demo("export", "journal", "--output", str(tmp_path / "book.journal"))
    done = subprocess.run([HLEDGER, "-f", str(tmp_path / "book.journal"), "balance", "--flat", "-N", "-O", "csv",
                           "assets", "liabilities"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    read = {row[0].split(":")[-1]: cents_of(row[1]) for row in csv.reader(io.StringIO(done.stdout))
            if row[0] != "account"}
    assert read == balances(demo.db)
    check = subprocess.run([HLEDGER, "-f", str(tmp_path / "book.journal"), "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr  # every transaction balances


def test_an_export_imported_into_a_fresh_book_reproduces_every_balance(demo, tmp_path, capsys):
    fresh = InProcess(tmp_path / "fresh.db", capsys)
    early = "2026-01-01T09:00:00-08:00"
    with sqlite3.connect(demo.db) as conn:
        users = conn.execute("SELECT id, name FROM users ORDER BY id").fetchall()
        accounts = conn.execute("SELECT a.id, u.name, a.name, a.kind FROM accounts a JOIN users u ON u.id = a.user_id "
                                "ORDER BY a.id").fetchall()
    for _, name in users:
        fresh("users", "add", name, now=early)
    for account_id, person, name, kind in accounts:
        fresh("accounts", "add", "--user", person, "--name", name, "--kind", kind, now=early)
        path = tmp_path / f"account-{account_id}.csv"
        demo("export", "transactions", "--account", str(account_id), "--format", "csv", "--output", str(path))
        data = fresh.json("import", str(path), "--account", str(account_id))
        assert "recognised as the layout 'astra-tui export'" in data["notes"]
    assert balances(fresh.db) == balances(demo.db)
    before = fresh.dump()
    fresh("import", str(tmp_path / "account-1.csv"), "--account", "1")
    assert fresh.dump() == before  # again: nothing added


def test_exports_filter_by_account_and_dates_and_carry_money_as_text(demo, capsys):
    out, _ = demo("export", "transactions", "--account", "4", "--from", "2026-11-01", "--to", "2026-11-22",
                  "--format", "json")
    rows = json.loads(out)
    assert rows and all(r["account_id"] == 4 and "2026-11-01" <= r["date"] <= "2026-11-22" for r in rows)
    assert all(isinstance(r["amount"], str) and r["amount"].replace("-", "").replace(".", "").isdigit() for r in rows)
    out, _ = demo("export", "transfers", "--account", "4", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert table and all("4" in (r["source_id"], r["destination_id"]) for r in table)
    assert {"id", "date", "status", "routine", "source", "destination", "amount", "reason"} <= set(table[0])
    demo.fails("export", "transactions", "--format", "csv", "--from", "2026-11-10", "--to", "2026-11-01",
               match="to: 2026-11-01 is before --from 2026-11-10")
    demo.fails("export", "transactions", "--format", "csv", "--from", "2026-02-30", match="from: ")


def test_a_statement_opens_lists_and_closes_the_month(demo, tmp_path):
    out, _ = demo("statements", "1", "--month", "2026-10", "--format", "csv")
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["date", "description", "amount", "balance"]
    opening, lines, closing = table[1], table[2:-3], table[-1]
    assert opening[1] == "Opening balance" and closing[1] == "Closing balance"
    with sqlite3.connect(demo.db) as conn:
        before, during = conn.execute(
            "SELECT COALESCE(SUM(CASE WHEN posted_on < '2026-10-01' THEN amount END), 0), "
            "COALESCE(SUM(CASE WHEN posted_on BETWEEN '2026-10-01' AND '2026-10-31' THEN amount END), 0), "
            "COUNT(CASE WHEN posted_on BETWEEN '2026-10-01' AND '2026-10-31' THEN 1 END) FROM transactions "
            "WHERE account_id = 1").fetchone()[:2]
    assert opening[3] == f"{before / 100:.2f}" and closing[3] == f"{(before + during) / 100:.2f}"
    assert lines and lines[-1][3] == closing[3]  # each line's balance runs to the closing one
    assert all(line[0].startswith("2026-10") for line in lines)
    text, _ = demo("statements", "1", "--month", "2026-10")
    assert text.startswith("Statement of Checking (Alex), October 2026") and "Closing balance" in text
    page = tmp_path / "october.html"
    demo("statements", "1", "--month", "2026-10", "--format", "html", "--output", str(page))
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<script" not in html
    assert "http" not in html.replace("<!DOCTYPE html>", "")  # self-contained: nothing fetched
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    demo.fails("statements", "1", "--month", "2026-10", "--output", str(page), match="output: ")
    demo.fails("statements", "1", "--month", "2026-13", match="month: '2026-13' is not a month written YYYY-MM")
    demo.fails("statements", "9", "--month", "2026-10", match="account: account 9 does not exist")


def test_a_statement_escapes_what_a_bank_wrote(demo, tmp_path):
    demo("transactions", "add", "--account", "1", "--amount", "-1", "--description", "<script>alert(1)</script>",
         now=NOW)
    page = tmp_path / "november.html"
    demo("statements", "1", "--month", "2026-11", "--format", "html", "--output", str(page))
    assert "<script>" not in page.read_text() and "&lt;script&gt;" in page.read_text()


@pytest.mark.skipif(HLEDGER is None and not os.environ.get("ASTRA_TUI_REQUIRE_HLEDGER"), reason="hledger missing")
def test_accounts_whose_names_read_the_same_in_a_journal_stay_apart(tmp_path, capsys):
    cli = InProcess(tmp_path / "names.db", capsys)
    cli("users", "add", "Alex")
    cli("accounts", "add", "--user", "Alex", "--name", "Pot:1", "--opening-balance", "10")
    cli("accounts", "add", "--user", "Alex", "--name", "Pot-1", "--opening-balance", "20")
    cli("export", "journal", "--output", str(tmp_path / "names.journal"))
    done = subprocess.run([HLEDGER, "-f", str(tmp_path / "names.journal"), "balance", "--flat", "-N", "-O", "csv",
                           "assets"], capture_output=True, text=True, timeout=60)
    read = {row[0]: cents_of(row[1]) for row in csv.reader(io.StringIO(done.stdout)) if row[0] != "account"}
    assert read == {"assets:Alex:Pot-1 #1": 1_000, "assets:Alex:Pot-1 #2": 2_000}
