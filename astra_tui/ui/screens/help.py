"""Every key, on one screen."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from astra_tui.ui.navigation import help_rows
from astra_tui.ui.screens.accounts import AccountsScreen
from astra_tui.ui.screens.activity import ActivityScreen
from astra_tui.ui.screens.forecast import ForecastScreen
from astra_tui.ui.screens.history import HistoryScreen
from astra_tui.ui.screens.planned import PlannedScreen
from astra_tui.ui.screens.routines import RoutinesScreen
from astra_tui.ui.screens.users import UsersScreen
from astra_tui.ui.wizard import RoutineWizard

# The keys of each screen, listed from its bindings: a binding's tooltip is what the help says it does.
SCREENS: tuple[tuple[str, type[DOMNode]], ...] = (
    ("Accounts", AccountsScreen), ("Account activity", ActivityScreen), ("Routines", RoutinesScreen),
    ("Transfer history", HistoryScreen), ("Users", UsersScreen), ("Forecast", ForecastScreen),
    ("Planned income and bills", PlannedScreen), ("New-routine wizard", RoutineWizard),
)
SHOWN = {"enter": "enter", "escape": "escape"}  # keys a person reads as a word, not as a symbol


def keys_of(screen: type[DOMNode]) -> tuple[tuple[str, str], ...]:
    """(keys, what they do) for each binding of ``screen`` that says what it does; keys doing the same share a row."""
    rows: dict[str, list[str]] = {}
    for binding in screen.BINDINGS:
        if isinstance(binding, Binding) and binding.tooltip:
            for key in binding.key.split(","):
                rows.setdefault(binding.tooltip, []).append(SHOWN.get(key, format_key(key)))
    return tuple((", ".join(keys), what) for what, keys in rows.items())


KEYS = (("Everywhere", help_rows()), *((title, keys_of(screen)) for title, screen in SCREENS))
MOUSE = "Mouse works too: click rows, buttons and the keys in the footer."


def section(title: str, keys: tuple[tuple[str, str], ...]) -> Group:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=8, no_wrap=True, style="bold")
    grid.add_column()
    for key, what in keys:
        grid.add_row(Text(key), Text(what))
    return Group(Text(title, style="bold underline"), grid)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]
    # Two columns of sections where they fit, one below that.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help") as dialog:
            dialog.border_title = "Keys"
            with Grid(id="help-sections"):
                for title, keys in KEYS:
                    yield Static(section(title, keys))
            yield Static(MOUSE, classes="dialog-note")

    def action_close(self) -> None:
        self.dismiss(None)
