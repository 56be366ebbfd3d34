"""One routine: what it does, its next five runs, and its run history."""

from __future__ import annotations

from sqlmodel import Session
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from astra_tui.core import views
from astra_tui.ui.base import DataScreen, status_cell
from astra_tui.ui.fit import Col, FittedTable
from astra_tui.ui.widgets import fill_preview, preview_table
from astra_tui.ui.screens.routines import confirm_delete, toggle_pause


class RoutineDetailScreen(DataScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("space", "toggle", "Pause/activate"),
        Binding("x", "delete", "Delete"),
    ]

    def __init__(self, routine_id: int) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.detail: views.RoutineDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="heading", classes="heading")
        yield Static("", id="about", classes="about")
        with Vertical(id="detail-tables"):
            yield Static("Next runs (amounts as they would move today)", classes="subheading")
            yield preview_table("upcoming")
            yield Static("Run history, newest first", classes="subheading")
            yield FittedTable(Col("due", "Due"), Col("outcome", "Outcome"),
                              Col("reason", "Reason", flex=True, least=24), Col("transfer", "Transfer"),
                              id="runs", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def load(self, session: Session) -> views.RoutineDetail | None:
        return views.routine_detail(session, self.astra.clock, self.routine_id)

    def show(self, data: views.RoutineDetail | None) -> None:
        self.detail = data
        if data is None:
            self.query_one("#heading", Static).update("This routine no longer exists.")
            return
        r = data.row
        self.query_one("#heading", Static).update(f"{r.name} · {r.kind_label}")
        self.query_one("#about", Static).update(
            f"{r.source} → {r.destination} · {r.summary} · status [b]{r.status}[/b] · next run {r.next_run}")
        fill_preview(self.query_one("#upcoming", DataTable), data.upcoming)
        self.query_one("#runs", FittedTable).fill(
            [((run.due_on.isoformat(), status_cell(run.outcome), Text(run.reason),
               f"#{run.transfer_id}" if run.transfer_id else ""), None) for run in data.runs])

    def action_toggle(self) -> None:
        if self.detail:
            toggle_pause(self, self.detail.row)

    def action_delete(self) -> None:
        if self.detail:
            confirm_delete(self, self.detail.row, after=self.app.pop_screen)
