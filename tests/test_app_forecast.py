"""The future in the app (issue 11): a person on the demo sees a coming failure on the accounts screen,
opens the forecast and reads next month's lowest point, tries a routine in the wizard and reads that it would
make the rent fail (the same numbers as the command line), and records or dismisses planned money."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select
from textual.widgets import DataTable, Select, Static

from astra_tui.core import planned
from astra_tui.core.money import format_money, parse_money
from astra_tui.core.service import perform
from astra_tui.db.models import PlannedOccurrence, Transaction
from astra_tui.ui.screens.forecast import ForecastScreen
from astra_tui.ui.screens.planned import PlannedScreen
from tests.test_app import close_summary, fill_wizard
from tests.test_cli import in_process
from tests.ui_helpers import DAY, demo_app, drive, keys, settle

NOW = "2026-11-22T09:00:00-08:00"
SOFA = {"name": "New sofa", "amount": "2500", "start_date": "2026-11-30"}  # a one-time transfer, Checking → Savings


def cells(table: DataTable[Any], row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


def test_a_coming_failure_shows_on_the_accounts_screen_and_the_forecast_shows_the_lowest_points(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        seen["coming"] = str(pilot.app.screen.query_one("#coming", Static).render())
        await keys(pilot, "6")
        screen = pilot.app.screen
        assert isinstance(screen, ForecastScreen)
        table = screen.query_one("#projected", DataTable)
        seen["checking"] = cells(table, 0)
        seen["accounts"] = table.row_count
        seen["heading"] = str(screen.query_one("#heading", Static).render())
        seen["first run"] = cells(screen.query_one("#runs", DataTable), 0)
        screen.query_one("#f-days", Select).value = 30
        await settle(pilot)
        seen["heading 30"] = str(screen.query_one("#heading", Static).render())
        screen.query_one("#f-account", Select).value = 4  # Bills
        await settle(pilot)
        seen["bills only"] = [cells(table, i)[0] for i in range(table.row_count)]

    drive(app, flow)
    assert seen["coming"].startswith("⚠ Car insurance pot on 2026-11-27 would fail: Bills would hold $215.00 "
                                     "and the run needs $400.00")
    assert seen["checking"][:5] == ["━ Checking", "$7,590.04", "$1,544.50", "2027-02-14", "$2,985.00"]
    assert seen["accounts"] == 4 and seen["heading"].endswith("2026-11-22 to 2027-02-20")
    assert seen["first run"][:3] == ["2026-11-27", "Car insurance pot", "failed"]  # predicted failures first
    assert seen["heading 30"].endswith("2026-11-22 to 2026-12-22")
    assert seen["bills only"] == ["━ Bills"]


def test_the_wizard_says_a_new_routine_would_make_the_rent_fail_as_the_command_line_does(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, str] = {}

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        await fill_wizard(pilot, 1, SOFA)  # a one-time transfer
        assert pilot.app.screen.step == "step-review"
        seen["review"] = str(pilot.app.screen.query_one("#review-forecast", Static).render())
        await keys(pilot, "escape")

    drive(app, flow)
    body = {"type": "one-time", "source_id": 1, "destination_id": 2, **SOFA}
    done = in_process(["forecast", "--with-body", json.dumps(body), "--json"],
                      {"ASTRA_TUI_DB": str(tmp_path / "demo.db"), "ASTRA_TUI_NOW": NOW})
    data = json.loads(done.stdout)
    rent = next(r for r in data["runs"] if r["routine_name"] == "Rent to Bills" and r["outcome"] == "failed")
    checking = next(a for a in data["accounts"] if a["name"] == "Checking")
    assert f"Rent to Bills on {rent['due_on']} would fail: {rent['why']}" in seen["review"]
    assert rent["why"] == "Checking would hold $1,142.04 and the run needs $1,850.00"
    lowest = format_money(parse_money(checking["lowest"]))  # as the review says it
    assert f"Checking: lowest {lowest} on {checking['lowest_on']}" in seen["review"]
    assert "(without it $1,544.50 on 2027-02-14)" in seen["review"]
    with Session(app.engine) as s:
        assert s.exec(select(Transaction).where(Transaction.description.contains("New sofa"))).all() == []


def test_money_that_should_have_come_is_recorded_or_dismissed_from_the_plans(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    for what, amount in (("Refund", "40"), ("Gym", "-25")):
        perform(app.engine, app.clock, lambda s, c, w=what, a=amount: planned.add_planned(
            s, c, "Alex", 1, w, a, DAY.isoformat()))
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        seen["expected line"] = str(pilot.app.screen.query_one("#expected", Static).render())
        await keys(pilot, "7")
        screen = pilot.app.screen
        assert isinstance(screen, PlannedScreen)
        seen["expected"] = [cells(screen.query_one("#expected", DataTable), i)[1] for i in range(3)]
        await keys(pilot, "down", "r")  # the demo's invoice is first; then the refund, which came to a little more
        amount = pilot.app.screen.query_one("#field-amount")
        amount.value = ""
        await keys(pilot, *"41.50", "enter")
        assert isinstance(pilot.app.screen, PlannedScreen)
        await keys(pilot, "d", "y")  # the gym did not charge (the cursor stays on the second row: the gym now)
        seen["after"] = [cells(screen.query_one("#expected", DataTable), i)[1]
                         for i in range(screen.query_one("#expected", DataTable).row_count)]

    drive(app, flow)
    assert seen["expected line"].splitlines() == [
        "Expected: Freelance invoice: $300.00 into Checking on 2026-11-20",
        "Expected: Refund: $40.00 into Checking on 2026-11-22",
        "Expected: Gym: $25.00 from Checking on 2026-11-22 — press 7 to record or dismiss"]
    assert seen["expected"] == ["Freelance invoice", "Refund", "Gym"]
    assert seen["after"] == ["Freelance invoice"]  # what was neither recorded nor dismissed still waits
    with Session(app.engine) as s:
        [refund] = s.exec(select(Transaction).where(Transaction.description == "Refund")).all()
        assert (refund.amount, refund.origin, refund.posted_on) == (4_150, "manual", DAY)
        outcomes = sorted(o.outcome for o in s.exec(select(PlannedOccurrence)))
        assert outcomes == ["dismissed", "recorded"]
        assert s.exec(select(Transaction).where(Transaction.description == "Gym")).all() == []
