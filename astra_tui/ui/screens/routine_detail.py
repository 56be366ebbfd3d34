"""One routine: what it does, its next five runs, and its run history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from astra_tui.core.read import routines
from astra_tui.core.read.db import Reader
from astra_tui.ui.base import status_cell
from astra_tui.ui.fit import Col
from astra_tui.ui.routine_actions import ROUTINE_KEYS, WARN, RoutineScreen
from astra_tui.ui.rowlist import RowList
from astra_tui.ui.widgets import fill_preview, preview_table


class RoutineDetailScreen(RoutineScreen):
    COMMANDS_HERE = (
        ("Edit routine", "Change this routine's amount, dates or other details", "edit"),
        ("Rename routine", "Change this routine's name", "rename"),
        ("Skip next run", "This routine skips its next run", "skip_next"),
        ("Run routine now", "One run today, outside the schedule", "run_now"),
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        *ROUTINE_KEYS,
    ]
    AUTO_FOCUS = "#runs"  # the arrows move through the run history; the next runs are there to read

    def __init__(self, routine_id: int) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.detail: routines.RoutineDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="heading", classes="heading")
        yield Static("", id="about", classes="about")
        attention = Static("", id="attention", classes="about")
        attention.display = False  # shown when the routine needs attention
        yield attention
        with Vertical(id="detail-tables"):
            yield Static("Next runs (from today's balances, each after the runs before it)", classes="subheading")
            yield preview_table("upcoming")
            yield Static("Run history, newest first", classes="subheading")
            yield RowList(Col("due", "Due"), Col("outcome", "Outcome"),
                          Col("reason", "Reason", flex=True, least=24), Col("transfer", "Transfer"), id="runs")
        yield Footer(compact=True)

    def load(self, db: Reader) -> routines.RoutineDetail | None:
        return routines.detail(db, self.astra.clock, self.routine_id)

    def show(self, data: routines.RoutineDetail | None) -> None:
        self.detail = data
        if data is None:
            self.query_one("#heading", Static).update("This routine no longer exists.")
            return
        r = data.row
        self.query_one("#heading", Static).update(f"{r.name} · {r.kind_label}")
        when = f"\n{data.note}" if data.note else f" · next run {r.next_run}"
        self.query_one("#about", Static).update(
            Text.assemble(f"{r.source} → {r.destination} · {r.summary} · status ", status_cell(r.status), when))
        attention = self.query_one("#attention", Static)
        attention.update(Text(f"{WARN} {r.attention}", style="bold red") if r.attention else "")
        attention.display = bool(r.attention)
        fill_preview(self.query_one("#upcoming", DataTable), data.upcoming,
                     "none while paused" if data.note else "no more runs")
        self.query_one("#runs", RowList).fill(
            [((run.due_on.isoformat(), status_cell(run.outcome), Text(run.reason),
               f"#{run.transfer_id}" if run.transfer_id else ""), None) for run in data.runs]
            or [(("—", "", "no runs yet", ""), None)], keep_cursor=True)

    def acted_on(self) -> routines.RoutineRow | None:
        return self.detail.row if self.detail else None

    def after_delete(self) -> None:
        self.app.pop_screen()

    def skip_said(self) -> str:
        """The first of the next runs shown is the one skipped: its amount as it would move today."""
        first = self.detail.upcoming[0] if self.detail and self.detail.upcoming else None
        # A run that would move nothing shows "—" for its amount: say why instead ("nothing owed on Visa").
        return "" if first is None else first.note.removeprefix("skipped: ") if first.amount == "—" else first.amount
