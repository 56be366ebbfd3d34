"""One account's transactions, newest first, a page at a time (keyset paging)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from astra_tui.core import views
from astra_tui.ui.base import PagedScreen, money_cell
from astra_tui.ui.fit import Col, FittedTable


class ActivityScreen(PagedScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("right_square_bracket", "next_page", "Next"),
        Binding("left_square_bracket", "previous_page", "Prev"),
    ]

    def __init__(self, account: views.AccountRow) -> None:
        super().__init__()
        self.account = account

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Activity of {self.account.name}", classes="heading")
        yield FittedTable(Col("date", "Date"), Col("description", "Description", flex=True, least=20),
                          Col("origin", "Origin"), Col("amount", Text("Amount", justify="right")),
                          id="activity", cursor_type="row", zebra_stripes=True)
        yield Static("", id="page", classes="total", markup=False)
        yield Footer()

    def load(self, session: Session) -> list[views.TransactionRow]:
        return views.activity_page(session, self.account.id, self.cursors[-1], self.PAGE_SIZE)

    def show(self, data: list[views.TransactionRow]) -> None:
        self.rows = data
        self.query_one("#activity", FittedTable).fill(
            [((t.posted_on.isoformat(), Text(t.description), t.origin, money_cell(t.amount)), str(t.id)) for t in data])
        self.query_one("#page", Static).update(self.page_hint("transactions"))

    def cursor_after(self, row: views.TransactionRow) -> tuple[dt.date, int]:
        return (row.posted_on, row.id)
