"""The current person is remembered across restarts of the app (issue 9 §4)."""

from __future__ import annotations

from textual.widgets import Static

from astra_tui.core.read.accounts import accounts_view
from astra_tui.core.read.db import read_file
from astra_tui.ui.app import AstraApp
from tests.test_app import close_summary
from tests.ui_helpers import demo_app, drive, keys


def test_the_person_switched_to_is_the_one_the_next_start_opens_as(tmp_path):
    path = tmp_path / "demo.db"
    app = demo_app(path)

    async def switch(pilot):
        await close_summary(pilot)
        await keys(pilot, "5", "down", "s")
        assert pilot.app.user_name == "Sam"

    drive(app, switch)
    again = AstraApp(None, app.clock, db_path=path)  # a new start on the same file
    seen = {}

    async def look(pilot):
        await close_summary(pilot)
        await keys(pilot, "1")
        seen["name"] = pilot.app.user_name
        seen["heading"] = str(pilot.app.screen.query_one("#heading", Static).render())

    drive(again, look)
    assert seen["name"] == "Sam"
    assert seen["heading"].startswith("Accounts of Sam")
    # What the start-up paints first, read with sqlite3 before the engine exists.
    assert read_file(path, lambda db: accounts_view(db, None, app.clock.today())).user.name == "Sam"
