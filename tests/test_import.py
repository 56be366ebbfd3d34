"""Importing bank files (issue 12 §1–3, §5): OFX 1.x and 2.x, QFX and four CSV layouts from tests/data, read
into import transactions; the same or an overlapping file again adds nothing (every table compared); refused
rows refuse the file unless skipped; damaged files change nothing; imported deposits and debits set
percentage-of-deposit routines and round-ups going; mappings are saved, recognised and deleted."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_cli_corrections import NOW, InProcess

DATA = Path(__file__).parent / "data"
OPENED = "2026-10-01T09:00:00-07:00"  # the accounts are opened before the files' dates
LATER = "2026-11-24T09:00:00-08:00"


@pytest.fixture
def cli(tmp_path, capsys):
    cli = InProcess(tmp_path / "astra.db", capsys)
    cli("users", "add", "Alex", now=OPENED)
    for name, kind, balance in (("Checking", "checking", "1000"), ("Savings", "savings", "0"),
                                ("Card", "credit-card", "0")):
        cli("accounts", "add", "--user", "Alex", "--name", name, "--kind", kind, "--opening-balance", balance,
            now=OPENED)
    return cli


def rows(cli, account=1):
    with sqlite3.connect(cli.db) as conn:
        return conn.execute("SELECT posted_on, amount, description, origin FROM transactions WHERE account_id = ? "
                            "AND origin != 'opening' ORDER BY posted_on, id", (account,)).fetchall()


def balance(cli, account=1):
    with sqlite3.connect(cli.db) as conn:
        return conn.execute("SELECT balance FROM accounts WHERE id = ?", (account,)).fetchone()[0]


def file(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


# -- OFX and QFX -------------------------------------------------------------------------------------------

def test_an_ofx_1_sgml_statement_is_imported_once(cli):
    data = cli.json("import", str(DATA / "checking-ofx102.ofx"), "--account", "1")
    assert data["written"] and data["accounts"][0]["new"] == 5
    assert rows(cli) == [("2026-11-02", 120_000, "ACME PAYROLL — Salary November", "import"),
                         ("2026-11-03", -450, "BLUE BOTTLE COFFEE", "import"),
                         ("2026-11-03", -450, "BLUE BOTTLE COFFEE", "import"),  # two coffees: two FITIDs
                         ("2026-11-10", -6_217, "SAFEWAY #1234 — Groceries", "import"),  # 23:30 PST stays the 10th
                         ("2026-11-15", -15_000, "CHECK 1043", "import")]
    assert balance(cli) == 100_000 + 97_883
    before = cli.dump()
    again = cli.json("import", str(DATA / "checking-ofx102.ofx"))  # the file's account is remembered
    assert [r["status"] for r in again["rows"]] == ["duplicate"] * 5
    assert "of transaction" in again["rows"][0]["why"]
    assert cli.dump() == before  # every table, byte for byte


def test_an_ofx_2_xml_card_statement_reads_its_entities(cli):
    cli("import", str(DATA / "card-ofx2.ofx"), "--account", "3")
    assert rows(cli, 3) == [("2026-11-04", -3_820, "Café Lumière & Co", "import"),
                            ("2026-11-08", -12_000, "AIRLINE TICKETS — Flight to Denver", "import"),
                            ("2026-11-12", 1_500, "REFUND AIRLINE", "import")]
    assert balance(cli, 3) == -14_320


def test_a_qfx_that_repeats_a_transaction_id_imports_it_once(cli):
    data = cli.json("import", str(DATA / "savings.qfx"), "--account", "2")
    assert [(r["row"], r["status"]) for r in data["rows"]] == [(1, "new"), (2, "new"), (3, "duplicate")]
    assert data["rows"][2]["why"] == "of row 2 of this file (the same transaction id)"
    assert balance(cli, 2) == 312 + 25_000


def test_a_file_of_two_accounts_asks_which_goes_where_and_remembers(cli):
    cli.fails("import", str(DATA / "two-accounts.ofx"), match="account: the file holds 2 accounts; say which")
    data = cli.json("import", str(DATA / "two-accounts.ofx"), "--into", "2222=1", "--into", "4444=2")
    assert [(a["account_id"], a["new"]) for a in data["accounts"]] == [(1, 2), (2, 1)]
    assert balance(cli) == 100_000 - 2_500 + 8_000 and balance(cli, 2) == 105
    before = cli.dump()
    again = cli.json("import", str(DATA / "two-accounts.ofx"))  # no --into: both accounts remembered
    assert [a["duplicate"] for a in again["accounts"]] == [2, 1]
    assert cli.dump() == before


@pytest.mark.parametrize("name, message", [
    ("truncated.ofx", "file: truncated.ofx is cut short: it does not end with </OFX>"),
    ("wrong-encoding.csv", "file: wrong-encoding.csv, line 2, is not utf-8 text (byte 0xe9)"),
    ("checking-ofx102.ofx", "account: give the account to import checking account …6789"),
])
def test_a_file_that_cannot_be_read_is_one_line_and_changes_nothing(cli, name, message):
    account = ("--account", "1") if name.endswith(".csv") else ()
    cli.fails("import", str(DATA / name), *account, match=message)


def test_a_foreign_file_is_one_line(cli, tmp_path):
    junk = tmp_path / "statement.ofx"
    junk.write_bytes(b"\x00\x01 not a bank file at all \xff")
    cli.fails("import", str(junk), "--account", "1", match="file: statement.ofx is not an OFX file ofxtools can read")
    cli.fails("import", str(tmp_path / "missing.csv"), "--account", "1", match="file: cannot read")
    cli.fails("import", str(tmp_path), "--account", "1", match="is a folder, not a file")


# -- CSV ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, account, expected", [
    ("signed.csv", 1, [("2026-11-02", 120_000, "ACME PAYROLL"), ("2026-11-03", -450, "BLUE BOTTLE COFFEE"),
                       ("2026-11-03", -450, "BLUE BOTTLE COFFEE"), ("2026-11-10", -6_217, "SAFEWAY #1234"),
                       ("2026-11-15", -15_000, "CHECK 1043")]),
    ("debit-credit.csv", 3, [("2026-11-04", -3_820, "Cafe Lumiere"), ("2026-11-08", -12_000, "AIRLINE TICKETS"),
                             ("2026-11-12", 1_500, "REFUND AIRLINE")]),
    ("decimal-comma.csv", 1, [("2026-11-02", 120_000, "ACME GmbH — Gehalt November"),
                              ("2026-11-05", -85_000, "Hausverwaltung Müller — Miete"),
                              ("2026-11-09", -2_345, "REWE — Einkauf")]),
    ("preamble.csv", 1, [("2026-11-02", 120_000, "ACME PAYROLL — Salary, November"),
                         ("2026-11-03", -450, 'Coffee, "the good one"'),
                         ("2026-11-10", -6_217, "SAFEWAY #1234 — Groceries, weekly")]),
])
def test_each_csv_layout_is_recognised_and_read_to_the_cent(cli, name, account, expected):
    cli("import", str(DATA / name), "--account", str(account))
    assert [(d, a, t) for d, a, t, _ in rows(cli, account)] == expected
    before = cli.dump()
    cli("import", str(DATA / name), "--account", str(account))
    assert cli.dump() == before


def test_identical_rows_are_two_rows_and_an_overlapping_export_adds_only_the_new_ones(cli, tmp_path):
    cli("import", str(DATA / "signed.csv"), "--account", "1")
    overlap = file(tmp_path, "later.csv", "Date,Description,Amount\n2026-11-03,Blue  Bottle coffee,-4.50\n"
                   "2026-11-03,BLUE BOTTLE COFFEE,-4.50\n2026-11-15,CHECK 1043,-150.00\n2026-11-18,RENT,-700.00\n")
    data = cli.json("import", overlap, "--account", "1")
    assert [r["status"] for r in data["rows"]] == ["duplicate", "duplicate", "duplicate", "new"]
    assert len(rows(cli)) == 6 and balance(cli) == 100_000 + 97_883 - 70_000


def test_a_refused_row_refuses_the_file_unless_skipped(cli):
    cli.fails("import", str(DATA / "refused.csv"), "--account", "1",
              match="file: refused.csv, row 3, Date: '2026-13-03' is not a date written %Y-%m-%d (4 rows are refused")
    preview = cli.json("import", str(DATA / "refused.csv"), "--account", "1", "--dry-run")
    assert [(r["row"], r["status"], r["column"]) for r in preview["rows"]] == [
        (2, "new", ""), (3, "refused", "Date"), (4, "refused", "Amount"), (5, "refused", "Amount"),
        (6, "refused", "date")]
    assert preview["rows"][3]["why"] == "'-1.234' has more than two decimals"
    assert preview["rows"][4]["why"] == "2027-06-01 is in the future (today is 2026-11-22)"
    assert rows(cli) == []  # the dry run wrote nothing
    cli("import", str(DATA / "refused.csv"), "--account", "1", "--skip-refused")
    assert rows(cli) == [("2026-11-02", 120_000, "ACME PAYROLL", "import")]


def test_rows_before_the_account_was_opened_are_refused(cli, tmp_path):
    early = file(tmp_path, "early.csv", "Date,Description,Amount\n2026-09-30,OLD,-1.00\n2026-10-02,NEW,-2.00\n")
    cli.fails("import", early, "--account", "1", match="row 2, date: 2026-09-30 is before Checking was opened here")


def test_an_encoding_and_a_mapping_given_are_used_and_saved(cli, tmp_path):
    cli("import", str(DATA / "wrong-encoding.csv"), "--account", "1", "--map", '{"encoding": "cp1252"}')
    assert rows(cli) == [("2026-11-03", -450, "Café Lumière", "import")]
    odd = file(tmp_path, "odd.csv", "When|Who|Out|In\n03/11/2026|Baker|3.20|\n04/11/2026|Refund||1.00\n")
    cli.fails("import", odd, "--account", "1", match="mapping: the columns (When, Who, Out, In) are not a layout")
    mapping = json.dumps({"date": "When", "description": ["Who"], "debit": "Out", "credit": "In",
                          "date_format": "%d/%m/%Y"})
    cli("import", odd, "--account", "1", "--map", mapping, "--save-mapping", "Corner bank")
    assert rows(cli)[1:] == [("2026-11-03", -320, "Baker", "import"), ("2026-11-04", 100, "Refund", "import")]
    listed = cli.json("mappings", "list")
    assert [(m["name"], m["columns"]) for m in listed] == [("Corner bank", ["when", "who", "out", "in"])]
    assert cli.json("mappings", "show", "corner BANK")["mapping"]["debit"] == "Out"
    newer = file(tmp_path, "newer.csv", "When|Who|Out|In\n05/11/2026|Baker|2.10|\n")
    data = cli.json("import", newer, "--account", "1")  # recognised by the saved mapping's header
    assert "recognised: read with the mapping 'Corner bank' saved for these columns" in data["notes"]
    assert rows(cli)[-1] == ("2026-11-05", -210, "Baker", "import")
    cli("mappings", "delete", "Corner bank")
    assert cli.json("mappings", "list") == []
    cli.fails("mappings", "show", "Corner bank", match="name: no mapping is named 'Corner bank' (saved: none yet)")


@pytest.mark.parametrize("mapping, message", [
    ("{nope", "mapping: is not valid JSON"),
    ('{"colour": "red"}', "mapping.colour: is not a field of a mapping"),
    ('{"decimal": ";"}', 'mapping.decimal: must be "." or ","'),
    ('{"date_format": "%Y"}', "mapping.date_format: '%Y' needs a day (%d), a month (%m)"),
    ('{"encoding": "klingon"}', "mapping.encoding: 'klingon' is not an encoding"),
    ('{"amount": null}', "mapping.amount: give one signed amount column, or both debit and credit"),
    ('{"amount": "Nope"}', "file: signed.csv, line 1, no line of the first 30 holds the columns the mapping reads "
                           "(Date, Description, Nope)"),
])
def test_a_bad_mapping_is_one_line_naming_its_field(cli, mapping, message):
    cli.fails("import", str(DATA / "signed.csv"), "--account", "1", "--map", mapping, match=message)


def test_a_deleted_import_is_not_imported_again(cli):
    cli("import", str(DATA / "signed.csv"), "--account", "1")
    with sqlite3.connect(cli.db) as conn:
        [tid] = conn.execute("SELECT id FROM transactions WHERE description = 'CHECK 1043'").fetchone()
    cli("transactions", "delete", str(tid))
    data = cli.json("import", str(DATA / "signed.csv"), "--account", "1")
    assert data["rows"][-1]["why"].startswith("of a transaction you deleted (2026-11-15 -$150.00 CHECK 1043)")
    assert len(rows(cli)) == 4


# -- what imported rows set off ------------------------------------------------------------------------------

def test_an_imported_deposit_queues_a_percentage_of_deposit_transfer(cli, tmp_path):
    cli("routines", "add", "--user", "Alex", "--body", json.dumps({
        "type": "percentage-based", "name": "Save a tenth", "source_id": 1, "destination_id": 2,
        "percent_of_transaction": 10, "minimum_transaction_threshold": 100, "start_date": "2026-10-01"}), now=OPENED)
    pay = file(tmp_path, "pay.csv", "Date,Description,Amount\n2026-11-22,PAYROLL,1500.00\n2026-11-22,GUM,-1.25\n")
    preview = cli.json("import", pay, "--account", "1", "--dry-run")
    assert preview["accounts"][0]["effects"] == [
        "Save a tenth: $150.00 to Savings on 2026-11-23, for the deposit of $1,500.00 on 2026-11-22"]
    cli("import", pay, "--account", "1")
    with sqlite3.connect(cli.db) as conn:
        queued = conn.execute("SELECT amount, status, scheduled_for FROM transfers").fetchall()
    assert queued == [(15_000, "pending", "2026-11-23")]
    cli("process", now=LATER)
    assert balance(cli, 2) == 15_000


def test_imported_debits_feed_the_next_round_up(cli, tmp_path):
    cli("routines", "add", "--user", "Alex", "--body", json.dumps({
        "type": "round-up", "name": "Round-ups", "source_id": 1, "destination_id": 2, "spending_id": 3,
        "start_date": "2026-11-24"}), now="2026-11-16T09:00:00-08:00")
    spent = file(tmp_path, "card.csv", "Date,Description,Amount\n2026-11-18,LUNCH,-12.30\n2026-11-20,BOOK,-8.45\n")
    preview = cli.json("import", spent, "--account", "3", "--dry-run")
    assert preview["accounts"][0]["effects"] == [
        "Round-ups on 2026-11-24: nothing (the week's round-ups came to $0.00, under $1.00) → $1.25"]
    cli("import", spent, "--account", "3")
    cli("process", now=LATER)
    assert balance(cli, 2) == 125  # 0.70 + 0.55


# -- hostile files -----------------------------------------------------------------------------------------

CELLS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["2026-11-02", "11/02/2026", "-4.50", "(4.50)", "1.234,56", "1e9", "NaN", "-0", "999999999999", "", "\"", ","])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=6))
def test_hostile_csv_cells_never_raise_and_never_write_on_refusal(cli, tmp_path, table):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Description", "Amount"])
    writer.writerows(table)
    path = tmp_path / "hostile.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    before = cli.dump()
    cli.capsys.readouterr()
    from astra_tui.cli import main

    code = main(["--db", str(cli.db), "--now", NOW, "import", str(path), "--account", "1"])
    output, err = cli.capsys.readouterr()
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and output == ""
        assert cli.dump() == before
    else:
        with sqlite3.connect(cli.db) as conn:  # what was written is whole: its rows and the balance agree
            total = conn.execute("SELECT COALESCE(SUM(amount), 0) FROM transactions WHERE account_id = 1").fetchone()
            assert total[0] == balance(cli)


def test_a_refused_file_writes_nothing_even_when_work_is_due(cli):
    cli("routines", "add", "--user", "Alex", "--body", json.dumps({
        "type": "recurring", "name": "Weekly", "source_id": 1, "destination_id": 2, "amount": 5,
        "start_date": "2026-11-23", "frequency": "weekly"}))
    before = cli.dump()
    cli.fails("import", str(DATA / "refused.csv"), "--account", "1", now="2026-12-10T09:00:00-08:00",
              match="file: refused.csv, row 3, Date")  # cli.fails compares every table: the due runs wait too
    assert cli.dump() == before


@pytest.mark.parametrize("text, message", [
    ("Date;Description;Amount\n2026-11-03;Coffee;-4,50\n", None),  # ';' and a decimal comma: read as such
    ("Date,Description,Amount\n2026-11-03,Coffee,\"-4,50\"\n",
     "'-4,50' is not an amount written with '.' as the decimal mark"),
    ("Date,Description,Amount\n2026-11-03,Coffee,\"12,3456\"\n", "is not an amount written with '.'"),
])
def test_a_decimal_comma_is_never_taken_for_thousands(cli, tmp_path, text, message):
    path = file(tmp_path, "amounts.csv", text)
    if message is None:
        cli("import", path, "--account", "1")
        assert rows(cli) == [("2026-11-03", -450, "Coffee", "import")]
    else:
        cli.fails("import", path, "--account", "1", match=message)


def test_a_byte_order_mark_and_a_non_text_encoding(cli, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfDate,Description,Amount\n2026-11-02,X,1.00\n")
    cli("import", str(path), "--account", "1")
    assert rows(cli) == [("2026-11-02", 100, "X", "import")]
    cli.fails("import", str(path), "--account", "1", "--map", '{"encoding": "base64"}',
              match="mapping.encoding: 'base64' is not a text encoding")


def test_a_bank_reusing_a_transaction_id_for_other_money_is_refused(cli, tmp_path):
    cli("import", str(DATA / "checking-ofx102.ofx"), "--account", "1")
    changed = (DATA / "checking-ofx102.ofx").read_text().replace("<TRNAMT>-62.17", "<TRNAMT>-63.17")
    path = tmp_path / "changed.ofx"
    path.write_text(changed)
    cli.fails("import", str(path), match="row 4, FITID: has the transaction id of one imported before with "
              "another date or amount (2026-11-10 -$62.17)")
