"""Transfer history: paged from the database, never all rows in memory; filters; cancel a pending transfer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Header, Input, Select, Static

from astra_tui.core.errors import AstraError, checked
from astra_tui.core.read import accounts, routines, transfers
from astra_tui.core.read.db import Reader
from astra_tui.core.schedule import parse_date
from astra_tui.ui.base import PagedScreen, money_cell, say, status_cell
from astra_tui.ui.fit import Col
from astra_tui.ui.forms import ask_then_change, in_words
from astra_tui.ui.rowlist import RowList
from astra_tui.ui.widgets import NavBar
from astra_tui.vocab import TransferStatus

STATUSES = (("All", ""), ("Pending", TransferStatus.PENDING), ("Processed", TransferStatus.PROCESSED),
            ("Failed", TransferStatus.FAILED), ("Cancelled", TransferStatus.CANCELLED))


@dataclass
class HistoryData:
    rows: list[transfers.TransferRow]
    accounts: list[tuple[str, int]]
    routines: list[tuple[str, int]]


class HistoryScreen(PagedScreen):
    BINDINGS = [
        Binding("right_square_bracket", "next_page", "Next", tooltip="next page"),
        Binding("left_square_bracket", "previous_page", "Prev", tooltip="previous page"),
        Binding("c", "cancel_transfer", "Cancel pending", tooltip="cancel pending"),
        Binding("slash", "filter", "Filter", tooltip="filters"),
        Binding("r", "reset", "Reset", tooltip="reset filters"),
        Binding("w", "export", "Export", tooltip="save the transfers shown as CSV or JSON"),
    ]
    COMMANDS_HERE = (
        ("Cancel pending transfer", "The highlighted transfer, if it is pending", "cancel_transfer"),
        ("Filter transfers", "Move to the filters", "filter"),
        ("Reset transfer filters", "Show every transfer again", "reset"),
        ("Export transfers", "The transfers shown (with the filters) as CSV or JSON", "export"),
    )

    NOUN = "transfer"

    def __init__(self) -> None:
        super().__init__()
        self.filters = transfers.TransferFilter()
        self.choices_for: int | None = None
        self.account_choices: list[tuple[str, int]] = []
        self.routine_choices: list[tuple[str, int]] = []
        self.controls_built = False  # the filter controls are being built or are there
        self.controls_ready = False  # they are mounted
        self._built_with: tuple[list[tuple[str, int]], list[tuple[str, int]]] = ([], [])
        self.start_early_read()

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield Static("Transfer history", id="heading", classes="heading")
        # The filter controls are built when first asked for (/ or a click): until then one line says
        # what is shown, and opening the history pays nothing for three Selects and two Inputs.
        with Horizontal(id="filters"):
            yield Static(self.filter_words(), id="filter-words", markup=False)
        yield Static("", id="filter-error", classes="form-error")
        # Two lines a transfer, so the reason gets the width: at 80 columns it is read in full.
        yield RowList(Col("when", "Date"), Col("amount", Text("Amount", justify="right")),
                      Col("route", "From → To · routine", least=24, elide=True),
                      Col("reason", "Reason", flex=True, least=24), id="history")
        yield Static("", id="page", classes="total", markup=False)
        yield Footer(compact=True)

    def load(self, db: Reader) -> HistoryData:
        user_id = self.astra.user_id
        if user_id is None:
            return HistoryData([], [], [])
        rows = transfers.transfers(db, user_id, self.filters, self.cursors[-1], self.PAGE_SIZE + 1)
        own, choices = [], []
        if self.choices_for != user_id:
            own = [(a.name, a.id) for a in accounts.accounts(db, user_id)]
            choices = [(name, rid) for rid, name in routines.choices(db, user_id)]
        return HistoryData(rows, own, choices)

    def count(self, db: Reader) -> int | None:
        user_id = self.astra.user_id
        return None if user_id is None else transfers.transfer_count(db, user_id, self.filters)

    def show(self, data: HistoryData) -> None:
        if self.choices_for != self.astra.user_id:
            self.choices_for = self.astra.user_id
            self.account_choices, self.routine_choices = data.accounts, data.routines
            if self.controls_ready:  # (while they are being built, they are given the choices when mounted)
                self._offer_choices()
        rows = []
        for t in self.take_page(data.rows):
            amount = money_cell(t.amount)
            if t.capped:
                amount.append("\ncapped", style="yellow")
            # Text, not str: names are shown as typed, never read as markup (and no markup parsing cost).
            rows.append(((Text.assemble(t.scheduled_for.isoformat(), "\n", status_cell(t.status)), amount,
                          Text.assemble(f"{t.source} → {t.destination}", "\n",
                                        (f"{t.routine_name} · {t.kind_label}", "dim")),
                          Text(t.reason)), str(t.id)))
        self.query_one("#history", RowList).fill(rows, keep_cursor=self.same_page)
        self.update_hint()
        if not self.controls_built:
            say(self.query_one("#filter-words", Static), self.filter_words())
        say(self.query_one("#heading", Static), self.astra.heading("Transfer history", "newest first"))

    @on(Select.Changed)
    @on(Input.Submitted)
    @on(Input.Blurred)  # a date typed and left with Tab counts too: what the controls show is what is applied
    def apply_filters(self, event: Message | None = None) -> None:
        if isinstance(event, Input.Blurred) and not self.app.app_focus:
            return  # the terminal window lost focus: the date is still being typed
        error = self.query_one("#filter-error", Static)
        try:
            date_from = self._date("#f-from", "from")
            date_to = self._date("#f-to", "to")
        except AstraError as exc:
            error.update(in_words(exc.field, exc.problem, {"from": "From date", "to": "To date"}))
            return
        error.update("")
        status = self.query_one("#f-status", Select).value
        account = self.query_one("#f-account", Select).value
        routine = self.query_one("#f-routine", Select).value
        filters = transfers.TransferFilter(status=str(status) or None, account_id=int(account) or None,  # type: ignore[arg-type]
                                        routine_id=int(routine) or None, date_from=date_from,  # type: ignore[arg-type]
                                        date_to=date_to)
        if filters == self.filters:  # the selects also say "changed" when their options are filled in
            return
        self.filters = filters
        self.first_page()

    def _date(self, selector: str, field: str) -> dt.date | None:
        text = self.query_one(selector, Input).value.strip()
        return checked(field, parse_date, text) if text else None

    def filter_words(self) -> str:
        """What the filters let through, in one line, while their controls are not built."""
        f = self.filters
        said = [next(label for label, value in STATUSES if value == (f.status or "")).lower()
                if f.status else "every status"]
        said.append(self._choice_name(self.account_choices, f.account_id) if f.account_id else "all accounts")
        said.append(self._choice_name(self.routine_choices, f.routine_id) if f.routine_id else "all routines")
        if f.date_from or f.date_to:
            said.append(f"{f.date_from or '…'} to {f.date_to or '…'}")
        return f"Showing {' · '.join(said)}   / to filter"

    @staticmethod
    def _choice_name(choices: list[tuple[str, int]], value: int) -> str:
        return next((name for name, v in choices if v == value), f"#{value}")

    def _offer_choices(self) -> None:
        self.query_one("#f-account", Select).set_options([("All accounts", 0)] + self.account_choices)
        self.query_one("#f-routine", Select).set_options([("All routines", 0)] + self.routine_choices)

    async def build_controls(self) -> None:
        """The filter controls, set to the filters in force; built once, on first use."""
        if self.controls_built:
            return
        self.controls_built = True
        f = self.filters
        bar = self.query_one("#filters", Horizontal)
        await bar.remove_children()
        self._built_with = (self.account_choices, self.routine_choices)
        await bar.mount_all([
            Select(STATUSES, value=f.status or "", allow_blank=False, id="f-status", compact=True),
            Select([("All accounts", 0)] + self.account_choices, value=f.account_id or 0, allow_blank=False,
                   id="f-account", compact=True),
            Select([("All routines", 0)] + self.routine_choices, value=f.routine_id or 0, allow_blank=False,
                   id="f-routine", compact=True),
            Input(str(f.date_from or ""), placeholder="from date", id="f-from", compact=True),
            Input(str(f.date_to or ""), placeholder="to date", id="f-to", compact=True),
        ])
        self.controls_ready = True
        accounts, routines = self.account_choices, self.routine_choices
        if (accounts, routines) != self._built_with:  # a page with another person's choices came meanwhile
            self._offer_choices()

    async def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.id == "filter-words":
            await self.action_filter()

    async def action_filter(self) -> None:
        await self.build_controls()
        self.query_one("#f-status", Select).focus()

    def action_reset(self) -> None:
        if self.controls_built:
            self.query_one("#f-status", Select).value = ""
            self.query_one("#f-account", Select).value = 0
            self.query_one("#f-routine", Select).value = 0
            self.query_one("#f-from", Input).value = ""
            self.query_one("#f-to", Input).value = ""
            self.apply_filters()
        self.query_one("#history", RowList).focus()

    def action_export(self) -> None:
        from astra_tui.core import exports
        from astra_tui.ui.save_file import SaveScreen

        user_id, f, today = self.astra.user_id, self.filters, self.astra.clock.today()
        if user_id is None:
            self.notify("No one here yet: nothing to export.", severity="warning")
            return
        def make(db: Reader, fmt: str, values: dict[str, str]) -> str:
            if fmt == "journal":
                return exports.journal(db, today)
            return exports.export(db, "transfers", fmt, f.account_id, f.date_from, f.date_to, user_id=user_id,
                                  status=f.status, routine_id=f.routine_id)

        self.app.push_screen(SaveScreen(
            "Export the transfers shown, or the whole book as a journal",
            [("CSV", "csv"), ("JSON", "json"), ("hledger journal (the whole book)", "journal")],
            lambda fmt: f"transfers-{today}.{fmt}" if fmt != "journal" else f"astra-{today}.journal", make))

    def cursor_after(self, row: transfers.TransferRow) -> tuple[dt.date, int]:
        return (row.scheduled_for, row.id)

    def action_cancel_transfer(self) -> None:
        row = self.highlighted(self.rows, "history")
        if row is None:
            return
        if row.status != TransferStatus.PENDING:
            self.notify(f"Transfer #{row.id} is {row.status}; only a pending transfer can be cancelled.",
                        severity="warning")
            return

        from astra_tui.core.routines import cancel_transfer

        ask_then_change(self, lambda s, c: cancel_transfer(s, c, row.id),
                        f"Cancel the pending transfer of {row.source} → {row.destination} on {row.scheduled_for}?",
                        "Cancel it", describe=lambda s, t: f"Transfer #{t.id} is cancelled")
