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
from astra_tui.ui.base import PagedScreen, money_cell


class ActivityScreen(PagedScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("right_square_bracket", "next_page", "Next"),
        Binding("left_square_bracket", "previous_page", "Prev"),
    ]

    NOUN = "transaction"

    def __init__(self, account: views.AccountRow) -> None:
        super().__init__()
        self.account = account

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
        return views.activity_page(session, self.account.id, self.cursors[-1], self.PAGE_SIZE + 1)

    def count(self, session: Session) -> int:
        return views.activity_count(session, self.account.id)

    def show(self, data: list[views.TransactionRow]) -> None:
        table = self.query_one("#activity", DataTable)
        table.clear()
        for t in self.take_page(data):
            table.add_row(t.posted_on.isoformat(), Text(t.description), t.origin, money_cell(t.amount), key=str(t.id))
        self.update_hint()

    def cursor_after(self, row: views.TransactionRow) -> tuple[dt.date, int]:
        return (row.posted_on, row.id)
