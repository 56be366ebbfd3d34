"""The pattern every screen follows: read in a thread worker, draw on the UI thread.

A screen says what to read (``load``: calls of the read layer, ``core.read``, on the connection it is
given, in a worker) and how to draw it (``show``, on the UI thread, from the plain rows ``load``
returned). The UI thread never waits on SQLite.

Screens a person opens often and wants at once (accounts, history) start
their first read the moment they are constructed, in a thread, while Textual
is still composing and laying them out; when the screen mounts, the data is
usually there and the first frame shows it (see ``start_early_read``).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

from rich.text import Text
from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from astra_tui.core.money import format_money
from astra_tui.core.read.db import Reader, read_in_thread
from astra_tui.core.words import plural
from astra_tui.ui.host import Host, host_of
from astra_tui.ui.rowlist import RowList
from astra_tui.vocab import AccountStatus, Outcome, RoutineStatus, TransferStatus

T = TypeVar("T")


class DataScreen(Screen[None]):
    early: Future[Any] | None = None  # the first read, started before the screen mounted
    away = False  # another screen has been in front since the last load
    unseen = False  # built before it was ever shown (AstraApp.prebuild): kept fresh by reload_views until shown

    class Loaded(Message):
        def __init__(self, data: Any) -> None:
            super().__init__()
            self.data = data

    @property
    def astra(self) -> Host:
        return host_of(self)

    def highlighted(self, rows: Sequence[T], table_id: str, noun: str | None = None) -> T | None:
        """The row of ``rows`` under the cursor of the table ``table_id``; when there is none, say so
        (``No account selected.``) if a ``noun`` is given."""
        table = self.query_one(f"#{table_id}")
        assert isinstance(table, (DataTable, RowList)), "rows are shown in one or the other"
        index = table.cursor_row
        if 0 <= index < len(rows):
            return rows[index]
        if noun:
            self.notify(f"No {noun} selected.", severity="warning")
        return None

    def load(self, db: Reader) -> Any:
        """What the screen shows, read with the read layer's functions on ``db`` (in a worker thread)."""
        raise NotImplementedError

    def read(self) -> Any:
        """Runs in a worker thread: ``load`` on one of the app's read connections, in one snapshot."""
        return self.astra.reads.read(self.load)

    def show(self, data: Any) -> None:
        raise NotImplementedError

    # Textual calls ``on_mount`` of every class in the MRO, so subclasses change these two instead.
    def on_mount(self) -> None:
        self.first_load()

    def on_screen_resume(self) -> None:
        self.resumed()

    def on_screen_suspend(self) -> None:
        self.away = True

    def can_read(self) -> bool:
        return self.astra.ready  # before the launch catch-up, balances may be stale

    def start_early_read(self, already: Future[Any] | None = None) -> None:
        """Call at the end of ``__init__``: read in a thread while the screen is being built
        (or take ``already``, a read started even earlier).

        A Textual worker cannot start before the screen mounts, and then it competes for the GIL
        with the UI thread laying the screen out, waiting at every SQLite call (measured on the
        accounts screen: 1 ms alone, 130 ms as a worker started at mount).
        """
        if already is not None:
            self.early = already
        elif self.can_read():
            context = contextvars.copy_context()  # so the thread sees the active app, as workers do
            self.early = read_in_thread(lambda: context.run(self.read))

    def first_load(self) -> None:
        early, self.early = self.early, None
        if early is None or (early.done() and early.exception() is not None):
            self.reload()  # the worker's own read reports what is wrong
        elif early.done():
            self.draw(early.result())
        else:  # not there yet: the event loop is told when it is; the UI thread does not wait
            self._await_early(early)

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _await_early(self, early: Future[Any]) -> None:
        try:
            data = await asyncio.wrap_future(early)
        except Exception:
            self.reload()  # once more in a worker, and this time a failure is reported
            return
        self.draw(data)

    def resumed(self) -> None:
        # Coming back to a screen shows what changed meanwhile. The resumes that come with the
        # first mount need nothing: that first load is drawn or on its way.
        self.unseen = False
        if self.away:
            self.away = False
            self.reload()

    def reload(self) -> None:
        if self.can_read():
            self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(self.read()))

    def on_data_screen_loaded(self, message: DataScreen.Loaded) -> None:
        message.stop()
        self.draw(message.data)

    def draw(self, data: Any) -> None:
        if self.app._exit or self._closing:  # quitting: its widgets may be gone already (a screen built unseen)
            return
        self.show(data)
        self.call_after_refresh(self.astra.first_painted)
        if self.focused is None and self.is_current:  # the table was still loading when the screen mounted
            lists = self.query(RowList)  # a long list before a small table
            tables = lists if lists else self.query(DataTable)
            if tables:
                tables.first().focus()


class PagedScreen(DataScreen):
    """Keyset paging: each page starts after the last row of the one before; only one page is held.

    ``load`` reads ``PAGE_SIZE + 1`` rows: the extra one only tells that a next page exists, so
    ``]`` is offered only when it leads somewhere. The total is counted in a worker of its own
    (``count``), after the page has been drawn, and kept while paging.
    """

    PAGE_SIZE = 100
    NOUN = "row"  # what the rows are, singular: "transaction"

    class Counted(Message):
        def __init__(self, total: int | None) -> None:
            super().__init__()
            self.total = total

    def __init__(self) -> None:
        super().__init__()
        self.cursors: list[Any] = [None]  # where each page starts; None is the newest
        self.rows: list[Any] = []
        self.has_more = False
        self.total: int | None = None
        self.turning = False  # the reload under way only turns the page: the total stays
        self._offered: tuple[bool, bool] | None = None  # (next page, previous page) as the footer offers them
        self.list_number = 0  # moves on when the filters change: the rows are another list
        self.page_drawn: tuple[Any, ...] | None = None  # which page of which list (whose) was drawn last
        self.same_page = False  # the page being drawn is the one drawn last (its cursor stays)

    def cursor_after(self, row: Any) -> Any:
        raise NotImplementedError

    def count(self, db: Reader) -> int | None:
        """How many rows there are in all (None: not known)."""
        return None

    def take_page(self, rows: list[Any]) -> list[Any]:
        """Call from ``show`` with what ``load`` read: keeps one page and notes whether another follows."""
        self.has_more = len(rows) > self.PAGE_SIZE
        self.rows = rows[:self.PAGE_SIZE]
        # The same page read again (back from a dialog or another screen, or after a change) keeps its
        # cursor where it was; another page, or the first page of other filters, starts at its top.
        page = (len(self.cursors), self.cursors[-1], self.list_number, self.astra.user_id)
        self.same_page, self.page_drawn = page == self.page_drawn, page
        if len(self.cursors) == 1 and not self.has_more:
            self.total = len(self.rows)  # one page is all there is: nothing to count
        elif not self.turning:
            self.total = None
            self._count()
        self.turning = False
        offered = (self.has_more, len(self.cursors) > 1)
        if offered != self._offered:  # ] and [ come and go: the footer is made again (~10 ms), only then
            self._offered = offered
            self.refresh_bindings()
        return self.rows

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _count(self) -> None:
        self.post_message(self.Counted(self.astra.reads.read(self.count)))

    def on_paged_screen_counted(self, message: PagedScreen.Counted) -> None:
        message.stop()
        self.total = message.total
        if not (self.app._exit or self._closing):
            self.update_hint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_page":
            return self.has_more
        if action == "previous_page":
            return len(self.cursors) > 1
        return True

    def action_next_page(self) -> None:
        if self.has_more and self.rows:
            self.cursors.append(self.cursor_after(self.rows[-1]))
            self.turning = True
            self.reload()

    def action_previous_page(self) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()
            self.turning = True
            self.reload()

    def first_page(self) -> None:
        """Back to the newest page, counting again (the filters changed)."""
        self.cursors = [None]
        self.list_number += 1
        self.reload()

    def page_hint(self) -> str:
        if not self.rows:
            return f"No {self.NOUN}s."
        page = len(self.cursors)
        if page == 1 and not self.has_more:
            return plural(len(self.rows), self.NOUN)
        pages = max(page + self.has_more, -(-self.total // self.PAGE_SIZE)) if self.total is not None else None
        hints = [f"Page {page} of {pages} · {plural(self.total or 0, self.NOUN)}" if pages else f"Page {page}"]
        if self.has_more:
            hints.append("] next page")
        if page > 1:
            hints.append("[ previous page")
        return "  ·  ".join(hints)

    def update_hint(self) -> None:
        say(self.query_one("#page", Static), self.page_hint())


def say(line: Static, text: str) -> None:
    """Put ``text`` in ``line`` unless it is there already: an update lays the screen out again."""
    if getattr(line, "_said", None) != text:
        line._said = text  # type: ignore[attr-defined]
        line.update(text)


def money_cell(cents: int) -> Text:
    style = "red" if cents < 0 else ""
    return Text(format_money(cents), style=style, justify="right")


STATUS_STYLES: dict[str, str] = {
    RoutineStatus.ACTIVE: "green", TransferStatus.PROCESSED: "green", Outcome.TRANSFERRED: "green",
    AccountStatus.OPEN: "green", RoutineStatus.INACTIVE: "yellow", TransferStatus.PENDING: "yellow",
    AccountStatus.FROZEN: "cyan", Outcome.SKIPPED: "dim", Outcome.FAILED: "red", TransferStatus.CANCELLED: "dim",
    RoutineStatus.DELETED: "dim", RoutineStatus.COMPLETED: "blue", AccountStatus.CLOSED: "dim",
}


# A status in the words a person uses; the command line keeps Astra's ("inactive").
STATUS_WORDS: dict[str, str] = {RoutineStatus.INACTIVE: "paused"}


def status_cell(status: str) -> Text:
    return Text(STATUS_WORDS.get(status, status), style=STATUS_STYLES.get(status, ""))
