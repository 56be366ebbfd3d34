"""Every key, on one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from astra_tui.ui.navigation import help_rows

# (section, ((key, what it does), ...)): laid out as key | words, so a long line wraps beside its key.
KEYS = (
    ("Everywhere", help_rows()),
    ("Accounts", (("enter", "activity"), ("o", "open account"), ("d", "record deposit"), ("b", "record purchase"),
                  ("f", "freeze / unfreeze"), ("c", "close"), ("r", "rename"), ("a", "add person"))),
    ("Account activity", (("e", "edit a deposit or purchase"), ("x", "delete it"), ("] [", "next / previous page"))),
    ("Routines", (("enter", "details"), ("e", "edit details"), ("r", "rename"), ("s", "skip the next run"),
                  ("g", "run once now"), ("space", "pause / activate"), ("x", "delete"), ("a", "show deleted"))),
    ("Transfer history", (("/", "filters"), ("r", "reset filters"), ("c", "cancel pending"), ("]", "next page"),
                          ("[", "previous page"))),
    ("Users", (("enter, s", "switch to"), ("a", "add person"), ("l", "set transfer limit"), ("r", "rename"))),
    ("New-routine wizard", (("enter", "next"), ("ctrl+b", "back"), ("escape", "cancel"))),
)
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
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (76, "-wide")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help") as dialog:
            dialog.border_title = "Keys"
            with Grid(id="help-sections"):
                for title, keys in KEYS:
                    yield Static(section(title, keys))
            yield Static(MOUSE, classes="dialog-note")

    def action_close(self) -> None:
        self.dismiss(None)
