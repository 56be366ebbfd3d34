"""Small modal forms and a confirmation dialog.

A form collects text, hands the core an action, and shows the core's own
error message inline, highlighting the field it names and calling it by the
form's label. Nothing is validated twice: the rules live in the core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from astra_tui.ui.host import host_of
from astra_tui.ui.messages import ChangeRefused, LedgerChanged

# Fields that only say which thing a change was about; the core's message names the thing itself
# ("Rainy day (account 2) is closed; …"), so a person reads the message without them.
CONTEXT_FIELDS = frozenset({"account", "user", "routine", "transfer"})


def field_key(field: str | None) -> str:
    """The form field an error is about: ``schedule.day`` is about ``schedule``; none is ``""``."""
    return (field or "").split(".")[0]


def in_words(field: str | None, problem: str, labels: Mapping[str, str] | None = None) -> str:
    """A core error as a person reads it: the label they see for the field, not the core's field name
    (the command line keeps the field name: that is what a script sent)."""
    key = field_key(field)
    if not key or key in CONTEXT_FIELDS:
        return problem[:1].upper() + problem[1:]
    label = (labels or {}).get(key) or key.replace("_", " ").capitalize()
    return f"{label}: {problem}"


@dataclass(frozen=True)
class Field:
    name: str  # the core's field name, so its errors can point here
    label: str
    value: str = ""
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (label, value): a Select instead of an Input


class FormScreen(ModalScreen[Any]):
    """A titled form; ``build(values)`` returns the core action to perform."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+c", "app.help_quit", show=False, system=True)]

    def __init__(self, title: str, fields: list[Field], build: Callable[[dict[str, str]], Callable[..., Any]], *,
                 describe: Callable[..., str] | None = None, submit_label: str = "Save", note: str = "") -> None:
        super().__init__(classes="form-screen")
        self.form_title = title
        self.fields = fields
        self.build = build
        self.describe = describe
        self.submit_label = submit_label
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.form_title, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-note")
            label_width = min(24, max(len(f.label) for f in self.fields) + 1)  # labels in line, fields beside
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    label = Label(f.label, classes="field-label")
                    label.styles.width = label_width
                    yield label
                    if f.choices:
                        yield Select([(label, value) for label, value in f.choices],
                                     value=f.value or f.choices[0][1], allow_blank=False, id=f"field-{f.name}")
                    else:
                        yield Input(value=f.value, placeholder=f.placeholder, id=f"field-{f.name}")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.submit_label, variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            value = widget.value  # type: ignore[attr-defined]
            out[f.name] = "" if value is None or value is Select.NULL else str(value)
        return out

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        self.query_one("#form-error", Static).update("")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        self.query_one("#submit", Button).disabled = True
        host_of(self).change(self.build(self.values()), describe=self.describe, reply_to=self)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_change_refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.show_error(message.field, message.problem)
        self.query_one("#submit", Button).disabled = False

    def show_error(self, field: str | None, problem: str) -> None:
        labels = {f.name: f.label for f in self.fields}
        self.query_one("#form-error", Static).update(in_words(field, problem, labels))
        for f in self.fields:
            if f.name == field_key(field):
                widget = self.query_one(f"#field-{f.name}")
                widget.add_class("-invalid")
                widget.focus()

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        message.stop()
        self.dismiss(message.result)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape,n", "no", "No"), Binding("y", "yes", "Yes"),
                Binding("ctrl+c", "app.help_quit", show=False, system=True)]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__(classes="form-screen")
        self.question = question
        self.yes_label = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label} (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


def ask_then_change(node: DOMNode, action: Callable[..., Any], question: str, yes: str,
                    describe: Callable[..., str], after: Callable[[], object] | None = None) -> None:
    """The core's checks first (``action``, rolled back): the question only when it can be done; on yes,
    the change (then ``after``)."""
    host = host_of(node)

    def confirmed(answer: bool | None) -> None:
        if answer:
            host.change(action, describe=describe)
            if after is not None:
                after()

    host.precheck(action, lambda _: node.app.push_screen(ConfirmScreen(question, yes), confirmed))
