"""Every event the core writes, newest first; viewing marks them read."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from astra_tui.core.clock import APP_TZ
from astra_tui.core.read import inbox
from astra_tui.core.read.db import Reader
from astra_tui.ui.base import PagedScreen
from astra_tui.ui.fit import Col
from astra_tui.ui.rowlist import RowList
from astra_tui.ui.widgets import NavBar
from astra_tui.vocab import NotificationKind

KIND_LABELS: dict[str, str] = {
    NotificationKind.TRANSFER_CREATED: "transfer", NotificationKind.TRANSFER_UPDATED: "update",
    NotificationKind.ROUTINE_UPDATED: "routine", NotificationKind.DEPOSIT_NOTICE: "deposit",
    NotificationKind.FORECAST_WARNING: "warning",
}


class NotificationsScreen(PagedScreen):
    BINDINGS = [
        Binding("right_square_bracket", "next_page", "Next"),
        Binding("left_square_bracket", "previous_page", "Prev"),
    ]

    NOUN = "notification"

    def __init__(self) -> None:
        super().__init__()
        # Unread when this visit began: they stay bold for the visit, however often the screen reloads.
        self.fresh: set[int] = set()

    def on_screen_suspend(self) -> None:
        self.fresh = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield Static("Notifications", id="heading", classes="heading")
        yield RowList(Col("when", "When"), Col("kind", "Kind"), Col("message", "Message", flex=True, least=30),
                      id="notifications")
        yield Static("", id="page", classes="total", markup=False)
        yield Footer(compact=True)

    def load(self, db: Reader) -> list[inbox.NotificationRow]:
        user_id = self.astra.user_id
        return [] if user_id is None else inbox.notifications(db, user_id, self.cursors[-1], self.PAGE_SIZE + 1)

    def count(self, db: Reader) -> int | None:
        user_id = self.astra.user_id
        return None if user_id is None else inbox.notification_count(db, user_id)

    def show(self, data: list[inbox.NotificationRow]) -> None:
        data = self.take_page(data)
        if any(not n.read for n in data):
            self.astra.mark_read()  # they are on the screen: read, from now on
        self.fresh |= {n.id for n in data if not n.read}
        rows = []
        for n in data:
            when = n.created_at.astimezone(APP_TZ).strftime("%b %d %H:%M")
            style = "bold" if n.id in self.fresh else ""
            rows.append(((when, Text(KIND_LABELS.get(n.kind, n.kind), style=style), Text(n.message, style=style)),
                         str(n.id)))
        self.query_one("#notifications", RowList).fill(rows, keep_cursor=self.same_page)
        self.query_one("#heading", Static).update(self.astra.heading("Notifications", "newest first"))
        self.update_hint()
        self.astra.unread = 0

    def cursor_after(self, row: inbox.NotificationRow) -> int:
        return row.id
