"""What a person can do to a routine, from the list of routines or from one routine's own screen.

Both screens hand these the row they act on; the rules are the core's (``core.routines``,
``core.corrections``), and the change goes through the app's change worker like every other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from astra_tui.core import routines
from astra_tui.ui.forms import ConfirmScreen
from astra_tui.vocab import RoutineStatus

if TYPE_CHECKING:
    from astra_tui.core.views import RoutineRow
    from astra_tui.ui.base import DataScreen

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


def pause_or_activate(screen: DataScreen, row: RoutineRow) -> None:
    if row.status not in (RoutineStatus.ACTIVE, RoutineStatus.INACTIVE):
        screen.notify(f"{row.name} is {row.status}; only active or paused routines can change.", severity="warning")
        return
    change = routines.pause_routine if row.status == RoutineStatus.ACTIVE else routines.activate_routine
    screen.astra.change(lambda s, c: change(s, c, row.id),
                        describe=lambda s, r: f"{r.name} is {_NOW.get(r.status, r.status)}")


def rename_routine(screen: DataScreen, row: RoutineRow) -> None:
    from astra_tui.core import corrections
    from astra_tui.ui.corrections import rename

    rename(screen, row.name, lambda s, c, name: corrections.rename_routine(s, c, row.id, name), notified=True)


def confirm_delete(screen: DataScreen, row: RoutineRow, after: Callable[[], Any] | None = None) -> None:
    def delete(s: Any, c: Any) -> Any:
        return routines.delete_routine(s, c, row.id)

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.astra.change(delete, describe=lambda s, r: f"{r.name} is deleted")
            if after:
                after()

    screen.astra.precheck(delete, lambda _: screen.app.push_screen(ConfirmScreen(
        f"Delete {row.name}? Its history is kept; pending transfers are cancelled.", "Delete"), confirmed))
