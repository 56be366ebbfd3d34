"""Saving an export or a statement to a file from the app (issue 12 §6, §7): a format and a file name; the
text is made off the UI thread by the core (``core.exports``, ``core.statements``) and written to a new
private file, never replacing one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from astra_tui.core.errors import AstraError
from astra_tui.core.read.db import Reader
from astra_tui.ui.forms import in_words
from astra_tui.ui.host import host_of


class SaveScreen(ModalScreen[Any]):
    """Choose a format and a file name; the text is made off the UI thread and written to a new private file."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+c", "app.help_quit", show=False, system=True)]

    class Saved(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class Failed(Message):
        def __init__(self, field: str | None, problem: str) -> None:
            super().__init__()
            self.field, self.problem = field, problem

    def __init__(self, title: str, formats: list[tuple[str, str]], name_for: Callable[[str], str],
                 make: Callable[[Reader, str, dict[str, str]], str],
                 extra: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__(classes="form-screen")
        self.title_text, self.formats, self.name_for, self.make = title, formats, name_for, make
        self.shown_format = formats[0][1]
        self.extra = list(extra or [])  # (field, label, value): more inputs, such as the month of a statement

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for name, label, value in self.extra:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="field-label")
                    yield Input(value=value, id=f"field-{name}")
            with Horizontal(classes="form-row"):
                yield Label("Format", classes="field-label")
                yield Select(self.formats, value=self.formats[0][1], allow_blank=False, id="field-format")
            with Horizontal(classes="form-row"):
                yield Label("Save as", classes="field-label")
                yield Input(value=self._default(self.formats[0][1]), id="field-output")
            yield Static("A new file, readable only by you; a file already there is never replaced.",
                         classes="dialog-note")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

    def _default(self, fmt: str) -> str:
        return str(Path.home() / self.name_for(fmt))

    def _values(self) -> dict[str, str]:
        return {name: self.query_one(f"#field-{name}", Input).value for name, _, _ in self.extra}

    @on(Select.Changed, "#field-format")
    def _format_changed(self, event: Select.Changed) -> None:
        output = self.query_one("#field-output", Input)
        if Path(output.value).name == Path(self._default(self.shown_format)).name:  # not one the person typed
            output.value = self._default(str(event.value))
        self.shown_format = str(event.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        self.query_one("#form-error", Static).update("")
        self.query_one("#submit", Button).disabled = True
        self._save(str(self.query_one("#field-format", Select).value), self.query_one("#field-output", Input).value,
                   self._values())

    @work(thread=True, exclusive=True, group="save-file", exit_on_error=False)
    def _save(self, fmt: str, output: str, values: dict[str, str]) -> None:
        from astra_tui.core.files import write_new_private

        try:
            text = host_of(self).reads.read(lambda db: self.make(db, fmt, values))
            path = write_new_private(output.strip() or self._default(fmt), text)
        except AstraError as exc:
            self.post_message(self.Failed(exc.field, exc.problem))
            return
        except Exception as exc:  # as above: the dialog says so, and the app's error toast too
            self.post_message(self.Failed(None, f"it could not be saved: {type(exc).__name__}: {exc}"))
            raise
        self.post_message(self.Saved(path))

    def on_save_screen_failed(self, message: Failed) -> None:
        labels = {"output": "Save as", "month": "Month", **{n: label for n, label, _ in self.extra}}
        self.query_one("#form-error", Static).update(in_words(message.field, message.problem, labels))
        self.query_one("#submit", Button).disabled = False

    def on_save_screen_saved(self, message: Saved) -> None:
        self.app.notify(f"Saved {message.path}", timeout=8)
        self.dismiss(message.path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
