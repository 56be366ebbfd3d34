"""Correcting what a person made: rename, edit a routine, skip or run a routine now, edit or delete a
recorded transaction.

Every rule is the core's (``core.corrections``, ``core.routine_changes``): this module asks, shows the
core's answer, and never decides itself what may change. Before a form or a question opens, the
change is tried in a worker and rolled back (``AstraApp.precheck``): a refusal is said at once, and a question
can say what the change would do (the amount a run would move, the queued transfer a deleted
deposit cancels). The change itself goes through the app's change worker like every other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Button, Input, Label, Select, Static

from astra_tui.core.errors import AstraError
from astra_tui.core.money import format_money, money_json, parse_money
from astra_tui.ui.forms import ConfirmScreen, Field, FormScreen
from astra_tui.vocab import TransferStatus

if TYPE_CHECKING:
    from astra_tui.core.read.activity import TransactionRow
    from astra_tui.core.read.db import Reader
    from astra_tui.core.read.routines import RoutineRow
    from astra_tui.ui.base import DataScreen

    Action = Callable[..., Any]  # a core change: (session, clock) -> what it changed

FIXED_NOTE = "The type, the accounts and the person stay as they are: to change those, make a new routine."


class CompactForm(FormScreen):
    """A form with one line per field, its label beside it: a routine's five fields and the note fit 80×24."""

    CSS = """
    CompactForm .compact-row {
        height: 1;
        margin-bottom: 1;
    }
    CompactForm .compact-label {
        width: 33;
        color: $text-muted;
    }
    CompactForm .compact-row Input, CompactForm .compact-row Select {
        width: 1fr;
    }
    CompactForm .compact-row Input {
        background: $boost;
    }
    CompactForm .compact-row .-invalid {
        border: none;
        background: $error 30%;
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.form_title, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="dialog-note")
            for f in self.fields:
                widget = (Select(list(f.choices), value=f.value or f.choices[0][1], allow_blank=False, compact=True,
                                 id=f"field-{f.name}") if f.choices
                          else Input(value=f.value, placeholder=f.placeholder, compact=True, id=f"field-{f.name}"))
                yield Horizontal(Label(f.label, classes="compact-label"), widget, classes="compact-row")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.submit_label, variant="primary", id="submit", compact=True)
                yield Button("Cancel", id="cancel", compact=True)


# -- rename -------------------------------------------------------------------

def rename(screen: DataScreen, current: str, change: Callable[..., Any],
           after: Callable[[Any], None] | None = None, *, notified: bool = False) -> None:
    """Check the thing may be renamed (a rename to its own name, rolled back), then open a form
    prefilled with its name; ``change(session, clock, new_name)`` is the core's rename. ``notified``:
    the core raises a notification saying so (a routine's), so no second toast."""

    def open_form(_: Any) -> None:
        screen.app.push_screen(FormScreen(
            escape(f"Rename {current}"), [Field("name", "New name", value=current)],
            lambda v: lambda s, c: change(s, c, v["name"]),
            describe=None if notified else lambda s, r: f"Renamed {current} to {r.name}", submit_label="Rename"),
            after)

    screen.astra.precheck(lambda s, c: change(s, c, current), open_form)


# -- a routine's type fields -----------------------------------------------------

def edit_routine(screen: DataScreen, row: RoutineRow) -> None:
    """The routine's edit form: name and type fields as the wizard asks for them, prefilled."""
    from astra_tui.core import routine_changes

    screen.astra.precheck(lambda s, c: routine_changes.edit_values(s, c, row.id),
                          lambda found: _open_editor(screen, row.id, *found))


def _open_editor(screen: DataScreen, routine_id: int, kind: Any, name: str, values: dict[str, str]) -> None:
    from astra_tui.core import routine_changes, routines
    from astra_tui.ui.wizard_choices import kind_fields

    fields = [Field("name", "Name", value=name), *kind_fields(kind, values)]
    typed: dict[str, str] = {}

    def build(now: dict[str, str]) -> Action:
        typed.clear()
        typed.update({k: v for k, v in now.items() if v != values.get(k, "")})
        if not typed:
            return lambda s, c: routines.get_routine(s, routine_id)
        return lambda s, c: routine_changes.update_routine(s, c, routine_id, dict(typed))

    def describe(db: Reader, routine: Any) -> str:
        return "" if typed else "Nothing changed"  # the core's notification says what changed

    screen.app.push_screen(CompactForm(escape(f"Edit {name} · {kind.label}"), fields, build, note=FIXED_NOTE,
                                      describe=describe, submit_label="Save"))


# -- skip the next run, run now ------------------------------------------------------

def confirm_skip(screen: DataScreen, row: RoutineRow, amount: str = "") -> None:
    """Ask, naming the date the core would skip (and its amount, when the caller shows it)."""
    from astra_tui.core import routine_changes

    def ask(due_on: Any) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                screen.astra.change(lambda s, c: routine_changes.skip_next_run(s, c, row.id))  # the core notifies

        what = f"{due_on}, {amount}" if amount else f"{due_on}"
        screen.app.push_screen(ConfirmScreen(escape(
            f"Skip the next run of {row.name} ({what})? It is recorded as skipped by you; the runs after it "
            "stay as they are."), "Skip"), confirmed)

    screen.astra.precheck(lambda s, c: routine_changes.skip_next_run(s, c, row.id), ask,
                          inspect=lambda s, run: run.due_on)


def confirm_run_now(screen: DataScreen, row: RoutineRow) -> None:
    """Ask, saying what the run would do today: the amount it would move, or why it would fail."""
    from astra_tui.core import routine_changes

    def outcome(db: Reader, run: Any) -> str:
        return run_now_outcome(db, run, row.source, row.destination)

    def ask(said: str) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                screen.astra.change(lambda s, c: routine_changes.run_now(s, c, row.id))  # the core notifies

        screen.app.push_screen(ConfirmScreen(escape(
            f"Run {row.name} once now, outside its schedule? {said} Its scheduled runs stay as they are."),
            "Run now"), confirmed)

    screen.astra.precheck(lambda s, c: routine_changes.run_now(s, c, row.id), ask, inspect=outcome)


def run_now_outcome(db: Reader, run: Any, source: str, destination: str) -> str:
    """What a run made now did, in a sentence: the amount moved and why it was less (the processor's
    own reason: the transfer limit, or what is owed on a card), or why it failed."""
    from astra_tui.core.read.transfers import transfer as read_transfer
    from astra_tui.core.run_now import RUN_NOW

    reason = run.reason.removeprefix(RUN_NOW).removeprefix(" — ")
    transfer = read_transfer(db, run.transfer_id) if run.transfer_id else None
    if transfer is not None and transfer.status == TransferStatus.PROCESSED:
        capped = f" ({reason})" if reason else ""
        return f"It would move {format_money(transfer.amount)}{capped} from {source} to {destination}."
    return f"It would fail today{': ' + reason if reason else ''}; the failure would be recorded."


# -- a recorded transaction ------------------------------------------------------

def signed(text: str, debit: bool) -> str:
    """The form asks for the amount as the person thinks of it (a purchase of 12.50); the ledger
    stores a debit as a negative amount."""
    try:
        cents = parse_money(text)
    except ValueError as exc:
        raise AstraError("amount", str(exc)) from None
    return money_json(-cents if debit else cents)


def edit_transaction(screen: DataScreen, txn: TransactionRow, account_name: str) -> None:
    """The edit form of a recorded deposit or purchase; for any other row the core says why not, at once."""
    from astra_tui.core import corrections

    debit = txn.amount < 0
    noun = "purchase" if debit else "deposit"

    def open_form(_: Any) -> None:
        fields = [Field("amount", f"{noun.capitalize()} amount", value=money_json(abs(txn.amount))),
                  Field("date", "Date", value=txn.posted_on.isoformat()),
                  Field("description", "Description", value=txn.description)]
        screen.app.push_screen(CompactForm(
            escape(f"Edit the {noun} of {txn.posted_on} on {account_name}"), fields,
            lambda v: lambda s, c: corrections.edit_transaction(s, c, txn.id, signed(v["amount"], debit),
                                                                v["date"], v["description"]),
            describe=lambda s, t: f"{noun.capitalize()} changed to {format_money(abs(t.amount))} on {t.posted_on}",
            submit_label="Save"))

    # An edit that changes nothing, rolled back: the core's check of whether this row may change.
    screen.astra.precheck(lambda s, c: corrections.edit_transaction(s, c, txn.id, description=txn.description),
                          open_form)


def delete_transaction(screen: DataScreen, txn: TransactionRow, account_name: str) -> None:
    """Ask before deleting, saying what the deletion does to what the transaction set going."""
    from astra_tui.core import corrections
    from astra_tui.core.service import notices_of

    def delete(s: Any, c: Any) -> Any:
        return corrections.delete_transaction(s, c, txn.id)

    def ask(caused: list[str]) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                screen.astra.change(delete, describe=lambda s, t: f"Deleted {what} from {account_name}")

        what = f"{format_money(txn.amount)} of {txn.posted_on}" + (f" ({txn.description})" if txn.description else "")
        then = "".join(f"\n• {line}" for line in caused)
        screen.app.push_screen(ConfirmScreen(escape(
            f"Delete {what} from {account_name}? Its balance changes by {format_money(-txn.amount)}.{then}"),
            "Delete"), confirmed)

    screen.astra.precheck(notices_of(delete), ask)
