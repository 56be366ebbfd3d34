"""Routines that need attention (issue 9 §5): a failed latest run is marked, explained, and counted."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Static

from astra_tui.core import routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.read import accounts, runs
from astra_tui.core.read import routines as read_routines
from astra_tui.core.service import perform
from astra_tui.ui.screens.routine_detail import RoutineDetailScreen
from tests.test_app import close_summary
from tests.ui_helpers import DAY, demo_app, drive, keys


def weekly(h, amount, name="Weekly", start="2026-11-23"):
    return {"type": "recurring", "name": name, "source_id": h["checking"], "destination_id": h["savings"],
            "amount": amount, "start_date": start, "frequency": "weekly"}


def rows(book, user=1, include_deleted=False):
    return {r.name: r for r in book.read(lambda db: read_routines.routines(db, user, include_deleted))}


def counted(book, user=1):
    """The count as the accounts screen shows it, which is the number of the person's routines the
    routines list marks."""
    shown = book.read(lambda db: accounts.accounts_view(db, user, book.clock.today())).attention
    assert shown == book.read(lambda db: runs.attention_count(db, user))
    assert shown == sum(1 for r in rows(book, user).values() if r.attention)
    return shown


def test_a_failed_latest_run_is_marked_with_its_reason_until_a_run_succeeds(book, household):
    rid = book.routine(weekly(household, "600"))
    book.go_to(dt.date(2026, 11, 23))
    book.process()  # $1,000 covers the first week
    assert rows(book)["Weekly"].attention == ""
    assert counted(book) == 0
    book.go_to(dt.date(2026, 11, 30))
    book.process()  # $400 left: the second week fails
    row = rows(book)["Weekly"]
    assert (row.last_run.outcome, row.last_run.due_on) == ("failed", "2026-11-30")
    assert row.attention == "last run failed on 2026-11-30: insufficient funds"
    assert counted(book) == 1
    detail = book.read(lambda db: read_routines.detail(db, book.clock, rid))
    assert detail.row.attention == "last run failed on 2026-11-30: insufficient funds"
    book.txn(household["checking"], "1000")
    book.go_to(dt.date(2026, 12, 7))
    book.process()  # paid again: the latest run succeeded, nothing needs attention
    assert rows(book)["Weekly"].attention == ""
    assert counted(book) == 0


def test_what_counts_as_needing_attention(book, household):
    book.routine({"type": "one-time", "name": "Too much", "source_id": household["checking"],
                  "destination_id": household["savings"], "amount": 5000})  # fails at once: status failed
    gone = book.routine({"type": "one-time", "name": "Gone", "source_id": household["checking"],
                         "destination_id": household["savings"], "amount": 4000})
    book.delete(gone)  # deleted routines are out of sight and out of the count
    paused = book.routine(weekly(household, "2000", name="Paused"))
    book.routine(weekly(household, "1", name="Fine"))
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    assert counted(book) == 2  # "Too much" and "Paused" (insufficient funds)
    assert rows(book)["Too much"].attention == "last run failed on 2026-11-22: insufficient funds"
    assert rows(book)["Fine"].attention == ""
    assert rows(book, include_deleted=True)["Gone"].attention == ""
    book.pause(paused)
    book.go_to(dt.date(2026, 11, 30))
    book.process()  # its latest run is now "skipped — paused": the person has acted on it
    assert rows(book)["Paused"].last_run.outcome == "skipped"
    assert counted(book) == 1
    # Another person's failures are theirs.
    book.routine({"type": "one-time", "name": "Sam's", "source_id": household["sam_checking"],
                  "destination_id": book.account("Sam", "Sam savings", "0", "savings"), "amount": 500}, user="Sam")
    assert (counted(book, 1), counted(book, 2)) == (1, 1)


def test_a_routine_that_has_not_run_needs_no_attention(book, household):
    book.routine(weekly(household, "10", start="2026-12-01"))
    row = rows(book)["Weekly"]
    assert (row.last_run.outcome, row.attention) == ("", "")
    assert counted(book) == 0


# -- what a person sees -------------------------------------------------------------------------

def _add_failing_routine(app) -> int:
    body = parse_body({"type": "recurring", "name": "Too ambitious", "source_id": 4, "destination_id": 2,
                       "amount": "5,000", "start_date": DAY.isoformat(), "frequency": "weekly"})
    created, _ = perform(app.engine, app.clock, lambda s, c: routines.create_routines(s, c, 1, [body], False))
    return created[0].id


def test_the_app_shows_routines_that_need_attention(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    rid = _add_failing_routine(app)  # Bills holds $300: the first week fails at once
    seen = {}

    async def flow(pilot):
        await close_summary(pilot)
        line = pilot.app.screen.query_one("#attention", Static)
        assert line.display
        seen["accounts"] = str(line.render())
        await keys(pilot, "2")
        table = pilot.app.screen.query_one("#routines", DataTable)
        cells = {str(table.get_row(key)[0]).split("\n")[0]: str(table.get_row(key)[2])
                 for key in table.rows}
        seen["list"] = cells
        table.move_cursor(row=table.get_row_index(str(rid)))
        await keys(pilot, "enter")
        assert isinstance(pilot.app.screen, RoutineDetailScreen)
        seen["detail"] = str(pilot.app.screen.query_one("#attention", Static).render())

    drive(app, flow)
    assert seen["accounts"] == "⚠ 1 routine needs attention — press 2"
    assert seen["list"]["Too ambitious"].startswith("active  ⚠ last run failed")
    assert all("failed" not in cell for name, cell in seen["list"].items() if name != "Too ambitious")
    assert seen["detail"] == "⚠ last run failed on 2026-11-22: insufficient funds"


def test_the_accounts_screen_says_nothing_when_all_is_well(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    seen = {}

    async def flow(pilot):
        await close_summary(pilot)
        seen["shown"] = pilot.app.screen.query_one("#attention", Static).display

    drive(app, flow)
    assert seen["shown"] is False
