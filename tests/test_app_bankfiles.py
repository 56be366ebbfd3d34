"""Bank files in the app (issue 12 §4, §6, §7): from an account's screen a person imports a CSV and an OFX
file with a preview, imports them again and nothing doubles, changes the mapping and sees the rows read
anew, saves a statement, and exports the history."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from textual.widgets import Button, Checkbox, DataTable, Input, Static

from astra_tui.ui.bankfiles import ImportScreen, PathSuggester
from astra_tui.ui.save_file import SaveScreen
from astra_tui.ui.screens.activity import ActivityScreen
from tests.test_app import close_summary
from tests.ui_helpers import demo_app, drive, keys, settle

DATA = Path(__file__).parent / "data"


def imported(db: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT posted_on, amount, description FROM transactions WHERE origin = 'import' "
                            "ORDER BY posted_on, id").fetchall()


async def open_import(pilot: Any, path: Path) -> ImportScreen:
    await close_summary(pilot)
    await keys(pilot, "enter")  # Checking's activity
    assert isinstance(pilot.app.screen, ActivityScreen)
    await keys(pilot, "i")
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#field-file", Input).value = str(path)
    await keys(pilot, "enter")
    return screen


def sample(screen: ImportScreen) -> list[list[str]]:
    table = screen.query_one("#sample", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def test_a_csv_is_previewed_imported_and_not_doubled_the_second_time(tmp_path):
    db = tmp_path / "demo.db"
    app = demo_app(db)
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        screen = await open_import(pilot, DATA / "signed.csv")
        seen["rows"] = sample(screen)
        seen["summary"] = str(screen.query_one("#summary", Static).render())
        seen["about"] = str(screen.query_one("#about", Static).render())
        assert imported(db) == []  # the preview wrote nothing
        screen.query_one("#submit", Button).press()
        await settle(pilot)
        seen["back"] = isinstance(pilot.app.screen, ActivityScreen)
        await keys(pilot, "i")
        screen = pilot.app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#field-file", Input).value = str(DATA / "signed.csv")
        await keys(pilot, "enter")
        seen["again"] = str(screen.query_one("#summary", Static).render())
        seen["can import again"] = not screen.query_one("#submit", Button).disabled

    drive(app, flow)
    assert [row[:3] for row in seen["rows"]] == [["2", "2026-11-02", "$1,200.00"], ["3", "2026-11-03", "-$4.50"],
                                                 ["4", "2026-11-03", "-$4.50"], ["5", "2026-11-10", "-$62.17"],
                                                 ["6", "2026-11-15", "-$150.00"]]
    assert all(row[3] == "new" for row in seen["rows"])
    assert "recognised as the layout 'Date, description, amount'" in seen["about"]
    assert seen["summary"].startswith("Into Checking: 5 new rows, 0 duplicate, 0 refused; $978.83 in all.")
    assert seen["back"]
    assert len(imported(db)) == 5
    assert seen["again"].startswith("Into Checking: 0 new rows, 5 duplicate, 0 refused.")
    assert not seen["can import again"]
    assert len(imported(db)) == 5


def test_changing_the_mapping_reads_the_rows_again(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        screen = await open_import(pilot, DATA / "signed.csv")
        screen.query_one("#m-flip", Checkbox).value = True  # the bank writes money out as positive
        await settle(pilot)
        seen["flipped"] = [row[2] for row in sample(screen)]

    drive(app, flow)
    assert seen["flipped"] == ["-$1,200.00", "$4.50", "$4.50", "$62.17", "$150.00"]


def test_refused_rows_say_why_and_hold_the_import_until_skipped(tmp_path):
    db = tmp_path / "demo.db"
    app = demo_app(db)
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        screen = await open_import(pilot, DATA / "refused.csv")
        seen["summary"] = str(screen.query_one("#summary", Static).render())
        seen["held"] = screen.query_one("#submit", Button).disabled
        screen.query_one("#skip", Checkbox).value = True
        await settle(pilot)
        screen.query_one("#submit", Button).press()
        await settle(pilot)

    drive(app, flow)
    assert "Refused: row 3, Date: '2026-13-03' is not a date written %Y-%m-%d" in seen["summary"]
    assert "A refused row holds back the whole file; tick Skip refused rows to import the rest." in seen["summary"]
    assert seen["held"]
    assert imported(db) == [("2026-11-02", 120_000, "ACME PAYROLL")]


def test_a_damaged_file_is_one_line_in_the_dialog(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        screen = await open_import(pilot, DATA / "truncated.ofx")
        seen["error"] = str(screen.query_one("#form-error", Static).render())

    drive(app, flow)
    assert seen["error"] == "File: truncated.ofx is cut short: it does not end with </OFX> (download it again)"


def test_an_ofx_file_is_imported_into_the_account_chosen(tmp_path):
    db = tmp_path / "demo.db"
    app = demo_app(db)

    async def flow(pilot: Any) -> None:
        screen = await open_import(pilot, DATA / "card-ofx2.ofx")
        screen.query_one("#field-account").value = 3  # the Travel card
        await settle(pilot)
        screen.query_one("#submit", Button).press()
        await settle(pilot)

    drive(app, flow)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT account_id, amount FROM transactions WHERE origin = 'import'").fetchall()
    assert rows == [(3, -3_820), (3, -12_000), (3, 1_500)]


def test_a_statement_and_an_export_are_saved_from_the_app(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    statement, history, journal = tmp_path / "october.html", tmp_path / "transfers.csv", tmp_path / "book.journal"

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        await keys(pilot, "enter", "s")
        screen = pilot.app.screen
        assert isinstance(screen, SaveScreen)
        assert screen.query_one("#field-month", Input).value == "2026-10"  # last month, to begin with
        screen.query_one("#field-output", Input).value = str(statement)
        screen.query_one("#submit", Button).press()
        await settle(pilot)
        await keys(pilot, "escape", "3", "w")
        screen = pilot.app.screen
        assert isinstance(screen, SaveScreen)
        screen.query_one("#field-output", Input).value = str(history)
        screen.query_one("#submit", Button).press()
        await settle(pilot)
        await keys(pilot, "w")
        screen = pilot.app.screen
        assert isinstance(screen, SaveScreen)
        screen.query_one("#field-format").value = "journal"
        await settle(pilot)
        assert screen.query_one("#field-output", Input).value.endswith("astra-2026-11-22.journal")
        screen.query_one("#field-output", Input).value = str(journal)
        screen.query_one("#submit", Button).press()
        await settle(pilot)

    drive(app, flow)
    assert journal.read_text().startswith("; astra-tui journal, written 2026-11-22\ncommodity $1,000.00")
    assert "Checking — statement for October 2026" in statement.read_text()
    lines = history.read_text().splitlines()
    assert lines[0].startswith("id,date,status,routine_id,routine") and len(lines) > 1


async def _suggest(value: str) -> str | None:
    return await PathSuggester().get_suggestion(value)


def test_the_path_field_completes_names_of_the_folder(tmp_path):
    import asyncio

    (tmp_path / "statement-october.ofx").write_text("x")
    (tmp_path / "downloads").mkdir()
    (tmp_path / ".hidden").write_text("x")
    assert asyncio.run(_suggest(f"{tmp_path}/stat")) == f"{tmp_path}/statement-october.ofx"
    assert asyncio.run(_suggest(f"{tmp_path}/down")) == f"{tmp_path}/downloads/"
    assert asyncio.run(_suggest(f"{tmp_path}/")) == f"{tmp_path}/downloads/"  # dot files only when asked
    assert asyncio.run(_suggest(f"{tmp_path}/nothing")) is None


def test_a_csv_of_unknown_columns_is_mapped_in_the_dialog(tmp_path):
    db = tmp_path / "demo.db"
    app = demo_app(db)
    odd = tmp_path / "odd.csv"
    odd.write_text("When;Payee;Ref;Value;Running\n03.11.2026;Baker;1;-3,20;10\n04.11.2026;Refund;2;1,00;11\n")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        screen = await open_import(pilot, odd)
        seen["error"] = str(screen.query_one("#form-error", Static).render())
        seen["mapping shown"] = screen.query_one("#csv-map").display
        seen["guessed"] = (screen.query_one("#m-date").value, screen.query_one("#m-amount").value)
        screen.query_one("#m-description", Input).value = "Payee"
        screen.query_one("#m-comma", Checkbox).value = True  # the amounts have a decimal comma
        await settle(pilot)
        seen["rows"] = sample(screen)
        screen.query_one("#submit", Button).press()
        await settle(pilot)

    drive(app, flow)
    assert seen["error"].startswith("Mapping: the columns (When, Payee, Ref, Value, Running) are not a layout")
    assert seen["mapping shown"] and seen["guessed"] == ("When", "Value")
    assert [row[:4] for row in seen["rows"]] == [["2", "2026-11-03", "-$3.20", "new"],
                                                 ["3", "2026-11-04", "$1.00", "new"]]
    assert imported(db) == [("2026-11-03", -320, "Baker"), ("2026-11-04", 100, "Refund")]


def test_a_wrongly_encoded_csv_is_read_once_its_encoding_is_given(tmp_path):
    db = tmp_path / "demo.db"
    app = demo_app(db)

    async def flow(pilot: Any) -> None:
        screen = await open_import(pilot, DATA / "wrong-encoding.csv")
        assert "is not utf-8 text" in str(screen.query_one("#form-error", Static).render())
        screen.query_one("#m-encoding", Input).value = "cp1252"
        screen.query_one("#m-encoding", Input).focus()
        await keys(pilot, "enter")
        screen.query_one("#submit", Button).press()
        await settle(pilot)

    drive(app, flow)
    assert imported(db) == [("2026-11-03", -450, "Café Lumière")]


def test_a_file_of_two_accounts_asks_in_the_dialog_where_each_goes(tmp_path):
    db = tmp_path / "demo.db"
    app = demo_app(db)
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        from textual.widgets import Select

        screen = await open_import(pilot, DATA / "two-accounts.ofx")
        seen["error"] = str(screen.query_one("#form-error", Static).render())
        choices = list(screen.query("#ofx-accounts Select").results(Select))
        seen["choices"] = len(choices)
        choices[1].value = 2  # the savings account of the file into Savings
        await settle(pilot)
        seen["summary"] = str(screen.query_one("#summary", Static).render())
        screen.query_one("#submit", Button).press()
        await settle(pilot)

    drive(app, flow)
    assert seen["error"] == "The file holds several accounts: choose where each goes."
    assert seen["choices"] == 2
    assert "Into Checking: 2 new rows" in seen["summary"] and "Into Savings: 1 new row" in seen["summary"]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT account_id, amount FROM transactions WHERE origin = 'import'").fetchall()
    assert sorted(rows) == [(1, -2_500), (1, 8_000), (2, 105)]
