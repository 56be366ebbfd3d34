"""Since last run: what processing did while the app was closed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from astra_tui.core.read.inbox import SinceLastRun


class SinceLastRunScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, since: SinceLastRun) -> None:
        super().__init__(classes="form-screen")
        self.since = since

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog fit"):
            yield Static(self.since.sentence(), classes="dialog-title")
            with VerticalScroll(classes="summary-list"):
                yield Static("\n".join(self.since.lines) or "Nothing to list.", markup=False)
            yield Button("OK (enter)", variant="primary", id="ok")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
