"""One account's transactions, newest first, a page at a time (keyset paging)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from astra_tui.core import views
from astra_tui.ui.base import DataScreen, money_cell


class ActivityScreen(DataScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("right_square_bracket", "next_page", "Next"),
        Binding("left_square_bracket", "previous_page", "Prev"),
    ]

    def __init__(self, account: views.AccountRow) -> None:
        super().__init__()
        self.account = account
        self.cursors: list[tuple[dt.date, int] | None] = [None]  # keyset of each page's start
        self.rows: list[views.TransactionRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Activity of {self.account.name}", classes="heading")
        table: DataTable[Any] = DataTable(id="activity", cursor_type="row", zebra_stripes=True)
        table.add_column("Date", key="date")
        table.add_column("Description", key="description")
        table.add_column("Origin", key="origin")
        table.add_column(Text("Amount", justify="right"), key="amount")
        yield table
        yield Static("", id="page", classes="total", markup=False)
        yield Footer()

    def load(self, session: Session) -> list[views.TransactionRow]:
        return views.activity_page(session, self.account.id, self.cursors[-1], views.PAGE)

    def show(self, data: list[views.TransactionRow]) -> None:
        self.rows = data
        table = self.query_one("#activity", DataTable)
        table.clear()
        for t in data:
            table.add_row(t.posted_on.isoformat(), t.description, t.origin, money_cell(t.amount), key=str(t.id))
        page = len(self.cursors)
        more = "  ·  ] next page" if len(data) == views.PAGE else ""
        back = "  ·  [ previous page" if page > 1 else ""
        self.query_one("#page", Static).update(f"Page {page}{more}{back}" if data else "No transactions yet")

    def action_next_page(self) -> None:
        if len(self.rows) == views.PAGE:
            last = self.rows[-1]
            self.cursors.append((last.posted_on, last.id))
            self.reload()

    def action_previous_page(self) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()
            self.reload()
