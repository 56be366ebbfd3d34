"""The start-up baseline: a bare Textual app with a Header, a DataTable of a few rows and a Footer."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Account", "Kind", "Status", "Balance")
        for i in range(10):
            table.add_row(f"Account {i}", "checking", "open", f"${i * 1000:,}.00")
