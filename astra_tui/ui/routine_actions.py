"""What a person can do to a routine, from the list of routines or from one routine's own screen.

Both screens are ``RoutineScreen``s: they say which routine the keys act on (``acted_on``), and the
actions here do the rest. The rules are the core's (``core.routines``, ``core.corrections``); each
change goes through the app's change worker like every other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from astra_tui.core import routines
from astra_tui.ui.base import DataScreen
from astra_tui.ui.forms import ask_then_change
from astra_tui.vocab import RoutineStatus

if TYPE_CHECKING:
    from astra_tui.core.read.routines import RoutineRow

WARN = "⚠"  # marks a routine that needs attention

# The keys of both routine screens; the tooltips are the help screen's words too.
ROUTINE_KEYS = (
    Binding("space", "pause_or_activate", "Pause", tooltip="pause / activate"),
    Binding("x", "delete", "Delete", tooltip="delete"),
    Binding("e", "edit", "Edit", tooltip="edit details"),
    Binding("r", "rename", "Rename", tooltip="rename"),
    Binding("s", "skip_next", "Skip", tooltip="skip the next run"),
    Binding("g", "run_now", "Run now", tooltip="run once now"),
)

# What a routine is after pausing or activating it, in the words of the toast.
_NOW = {RoutineStatus.ACTIVE: "active again", RoutineStatus.INACTIVE: "paused",
        RoutineStatus.COMPLETED: "completed: its last date passed while paused"}


class RoutineScreen(DataScreen):
    """A screen whose ``ROUTINE_KEYS`` act on one routine."""

    def acted_on(self) -> RoutineRow | None:
        """The routine the keys act on (None: there is none, and the person has been told)."""
        raise NotImplementedError

    def skip_said(self) -> str:
        """What the skipped run would have moved, when this screen knows it."""
        return ""

    def after_delete(self) -> None:
        """Called once a deletion is confirmed."""

    def action_pause_or_activate(self) -> None:
        row = self.acted_on()
        if row is None:
            return
        if row.status not in (RoutineStatus.ACTIVE, RoutineStatus.INACTIVE):
            self.notify(f"{row.name} is {row.status}; only active or paused routines can change.", severity="warning")
            return
        change = routines.pause_routine if row.status == RoutineStatus.ACTIVE else routines.activate_routine
        self.astra.change(lambda s, c: change(s, c, row.id),
                          describe=lambda s, r: f"{r.name} is {_NOW.get(r.status, r.status)}")

    def action_delete(self) -> None:
        row = self.acted_on()
        if row is None:
            return

        ask_then_change(self, lambda s, c: routines.delete_routine(s, c, row.id),
                        f"Delete {row.name}? Its history is kept; pending transfers are cancelled.", "Delete",
                        describe=lambda s, r: f"{r.name} is deleted", after=self.after_delete)

    def action_edit(self) -> None:
        from astra_tui.ui.corrections import edit_routine

        row = self.acted_on()
        if row:
            edit_routine(self, row)

    def action_rename(self) -> None:
        from astra_tui.core import corrections
        from astra_tui.ui.corrections import rename

        row = self.acted_on()
        if row:
            rename(self, row.name, lambda s, c, name: corrections.rename_routine(s, c, row.id, name), notified=True)

    def action_skip_next(self) -> None:
        from astra_tui.ui.corrections import confirm_skip

        row = self.acted_on()
        if row:
            confirm_skip(self, row, self.skip_said())

    def action_run_now(self) -> None:
        from astra_tui.ui.corrections import confirm_run_now

        row = self.acted_on()
        if row:
            confirm_run_now(self, row)
