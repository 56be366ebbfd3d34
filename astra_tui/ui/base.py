"""The pattern every screen follows: read in a thread worker, draw on the UI thread.

A screen says what to read (``load``, given a Session, run in a worker) and
how to draw it (``show``, on the UI thread). The UI thread never waits on SQLite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable

from astra_tui.core.money import format_money

if TYPE_CHECKING:
    from sqlmodel import Session

    from astra_tui.ui.app import AstraApp


class DataScreen(Screen[None]):
    shown = 0
    class Loaded(Message):
        def __init__(self, data: Any) -> None:
            super().__init__()
            self.data = data

    @property
    def astra(self) -> AstraApp:
        return self.app  # type: ignore[return-value]

    def load(self, session: Session) -> Any:
        raise NotImplementedError

    def read(self) -> Any:
        """Runs in a worker thread: open a session and ``load``."""
        from sqlmodel import Session

        with Session(self.astra.engine) as session:
            return self.load(session)

    def show(self, data: Any) -> None:
        raise NotImplementedError

    # Textual calls ``on_mount`` of every class in the MRO, so subclasses change these two instead.
    def on_mount(self) -> None:
        self.first_load()

    def on_screen_resume(self) -> None:
        self.resumed()

    def first_load(self) -> None:
        self.reload()

    def resumed(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.astra.ready:
            self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(self.read()))

    def on_data_screen_loaded(self, message: DataScreen.Loaded) -> None:
        message.stop()
        self.show(message.data)
        self.shown += 1  # how many loads have been drawn (the benchmarks wait on it)
        self.call_after_refresh(self.astra.first_painted)
        if self.focused is None:  # the table was still loading when the screen mounted
            tables = self.query(DataTable)
            if tables:
                tables.first().focus()


class PagedScreen(DataScreen):
    """Keyset paging: each page starts after the last row of the one before; only one page is held."""

    PAGE_SIZE = 100

    def __init__(self) -> None:
        super().__init__()
        self.cursors: list[Any] = [None]  # where each page starts; None is the newest
        self.rows: list[Any] = []

    def cursor_after(self, row: Any) -> Any:
        raise NotImplementedError

    def action_next_page(self) -> None:
        if len(self.rows) == self.PAGE_SIZE:
            self.cursors.append(self.cursor_after(self.rows[-1]))
            self.reload()

    def action_previous_page(self) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()
            self.reload()

    def page_hint(self, what: str) -> str:
        if not self.rows:
            return f"No {what}."
        hints = [f"Page {len(self.cursors)} · {len(self.rows)} {what}"]
        if len(self.rows) == self.PAGE_SIZE:
            hints.append("] next page")
        if len(self.cursors) > 1:
            hints.append("[ previous page")
        return "  ·  ".join(hints)


def money_cell(cents: int) -> Text:
    style = "red" if cents < 0 else ""
    return Text(format_money(cents), style=style, justify="right")


STATUS_STYLES = {
    "active": "green", "processed": "green", "transferred": "green", "open": "green",
    "inactive": "yellow", "pending": "yellow", "frozen": "cyan", "skipped": "dim",
    "failed": "red", "cancelled": "dim", "deleted": "dim", "completed": "blue", "closed": "dim",
}


def status_cell(status: str) -> Text:
    return Text(status, style=STATUS_STYLES.get(status, ""))
