"""Baselines in plain Textual: the start-up app, and the floor for a page of history.

``BareApp`` is a Header, a DataTable of a few rows and a Footer. Its second
mode, ``page``, is a screen with a DataTable of the history's six columns that
fills 100 rows from memory when it mounts, and can swap them for the next 100:
what any Textual app pays to show a page, with no database at all.

    python -m benchmarks.bare_app    # in a terminal: 3 opens the page mode, ] shows the next 100 rows

The keys are for ``benchmarks.outside``, which times them from outside, in tmux, as astra's are.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

PAGE = 100


class PageScreen(Screen[None]):
    BINDINGS = [("right_square_bracket", "next_page", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="page", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Date", "Status", "Amount", "From → To", "Routine", "Reason")
        self.fill()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        start = self.page * PAGE
        for i in range(start, start + PAGE):
            table.add_row("2026-11-21", "processed", f"${i % 997}.{i % 100:02d}", "Checking → Savings",
                          f"Recurring {i % 1000} (Recurring transfer)", "")
        self.page += 1

    def action_next_page(self) -> None:
        self.fill()


class BareApp(App[None]):
    # The page mode's key is not shown: the Footer of the start-up baseline stays as it was.
    BINDINGS = [("q", "quit", "Quit"), Binding("3", "switch_mode('page')", "Page", show=False)]
    MODES = {"main": Screen, "page": PageScreen}

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Account", "Kind", "Status", "Balance")
        for i in range(10):
            table.add_row(f"Account {i}", "checking", "open", f"${i * 1000:,}.00")


if __name__ == "__main__":
    BareApp().run()
