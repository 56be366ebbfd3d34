"""Every routine of the current person: kind, from → to, summary, status, next run."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from astra_tui.core.read import routines
from astra_tui.core.read.db import Reader
from astra_tui.core.words import plural
from astra_tui.ui.base import status_cell
from astra_tui.ui.fit import Col, FittedTable
from astra_tui.ui.routine_actions import ROUTINE_KEYS, WARN, RoutineScreen
from astra_tui.ui.widgets import NavBar


class RoutinesScreen(RoutineScreen):
    BINDINGS = [
        Binding("enter", "detail", "Details", show=False, tooltip="details"),
        Binding("n", "app.new_routine", "New"),
        *ROUTINE_KEYS,
        Binding("a", "show_all", "Deleted", show=False, tooltip="show deleted"),
    ]
    COMMANDS_HERE = (
        ("Pause or activate routine", "The highlighted routine", "pause_or_activate"),
        ("Delete routine", "The highlighted routine, after asking", "delete"),
        ("Routine details", "Run history and the next five runs", "detail"),
        ("Show or hide deleted routines", "Deleted routines are hidden by default", "show_all"),
        ("Edit routine", "Change the highlighted routine's amount, dates or other details", "edit"),
        ("Rename routine", "Change the highlighted routine's name", "rename"),
        ("Skip next run", "The highlighted routine skips its next run", "skip_next"),
        ("Run routine now", "One run today, outside the schedule", "run_now"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[routines.RoutineRow] = []
        self.include_deleted = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield Static("Routines", id="heading", classes="heading")
        yield FittedTable(Col("name", "Routine · kind", least=22),
                          Col("summary", "What · from → to", flex=True, least=24), Col("status", "Status · next run"),
                          id="routines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty", classes="total")
        yield Footer(compact=True)

    def load(self, db: Reader) -> list[routines.RoutineRow]:
        if self.astra.user_id is None:
            return []
        return routines.routines(db, self.astra.user_id, self.include_deleted)

    def show(self, data: list[routines.RoutineRow]) -> None:
        self.rows = data
        table = self.query_one("#routines", FittedTable)
        cursor = table.cursor_row
        table.fill([((Text.assemble((r.name, "bold"), "\n", (r.kind_label, "dim")),
                      Text.assemble(r.summary, "\n", (f"{r.source} → {r.destination}", "dim")),
                      Text.assemble(status_cell(r.status), (f"  {WARN} last run failed", "bold red")
                                    if r.attention else "", "\n", r.next_run)), str(r.id)) for r in data])
        if data:
            table.move_cursor(row=min(cursor, len(data) - 1))
        shown = plural(len(data), "routine") + (", deleted ones too" if self.include_deleted else "")
        if self.astra.user_id is None:
            heading, empty = "Routines", "No one here yet. Add a person first: press a on Users (5)."
        else:
            heading, empty = f"{self.astra.heading('Routines')} · {shown}", "No routines yet. Press n to create one."
        self.query_one("#heading", Static).update(heading)
        self.query_one("#empty", Static).update("" if data else empty)

    def acted_on(self) -> routines.RoutineRow | None:
        return self.highlighted(self.rows, "routines", "routine")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        row = self.acted_on()
        if row:
            from astra_tui.ui.screens.routine_detail import RoutineDetailScreen

            self.app.push_screen(RoutineDetailScreen(row.id))

    def action_show_all(self) -> None:
        self.include_deleted = not self.include_deleted
        self.reload()
