"""Correcting what a person made: rename, edit a routine, skip or run a routine now, edit or delete a
recorded transaction.

Every rule is the core's (``core.ledger``, ``core.routines``): this module asks, shows the core's
answer inline, and never decides itself what may change. Reads happen in thread workers; the forms
hand the app an action to perform in its change worker like every other change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from astra_tui.core.errors import AstraError
from astra_tui.core.money import format_money, money_json, parse_money
from astra_tui.ui.forms import ConfirmScreen, Field, FormScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from astra_tui.core.clock import Clock
    from astra_tui.core.views import RoutineRow, TransactionRow
    from astra_tui.ui.base import DataScreen

FIXED_NOTE = "The type, the accounts and the person stay as they are; to change those, make a new routine."


def check_first(screen: DataScreen, action: Callable[[Session, Clock], Any], then: Callable[[], None]) -> None:
    """Try ``action`` in a worker and roll it back; if the core refuses it, say so at once, before any
    question is asked (a check comes before a confirmation); otherwise call ``then`` on the UI thread."""

    def tryout() -> None:
        from astra_tui.core.service import dry_run

        try:
            dry_run(screen.astra.engine, screen.astra.clock, action)
        except AstraError as exc:
            screen.app.call_from_thread(screen.notify, exc.message, severity="warning", timeout=8)
            return
        screen.app.call_from_thread(then)

    screen.run_worker(tryout, thread=True, group="check-first", exit_on_error=False)


# -- rename -------------------------------------------------------------------

def rename_form(current: str, rename: Callable[[Session, Clock, str], Any], what: str = "") -> FormScreen:
    """A one-field form prefilled with the current name; ``rename(session, clock, new_name)`` is the core's."""
    return FormScreen(f"Rename {what}{current}".strip(), [Field("name", "New name", value=current)],
                      lambda v: lambda s, c: rename(s, c, v["name"]),
                      describe=lambda s, r: f"Renamed {current} to {r.name}", submit_label="Rename")


# -- a routine's type fields -----------------------------------------------------

def edit_routine(screen: DataScreen, routine_id: int) -> None:
    """Read the routine in a worker, then open its edit form, prefilled with its current values."""

    def read() -> None:
        from sqlmodel import Session

        from astra_tui.core import routines
        from astra_tui.core.kinds import kind_of, type_fields_json

        try:
            with Session(screen.astra.engine) as session:
                routine = routines.get_routine(session, routine_id)
                values = {k: "" if v is None else str(v) for k, v in type_fields_json(routine).items()}
                found = (kind_of(routine), routine.name, values)
        except AstraError as exc:
            screen.app.call_from_thread(screen.notify, exc.message, severity="error")
            return
        screen.app.call_from_thread(_open_editor, screen, routine_id, *found)

    screen.run_worker(read, thread=True, group="edit-routine", exit_on_error=False)


def _open_editor(screen: DataScreen, routine_id: int, kind: Any, name: str, values: dict[str, str]) -> None:
    from astra_tui.core import routines
    from astra_tui.ui.wizard import kind_fields

    fields = [Field("name", "Name", value=name), *kind_fields(kind, values)]

    def build(typed: dict[str, str]) -> Callable[..., Any]:
        changes = {k: v for k, v in typed.items() if v != (name if k == "name" else values.get(k, ""))}
        return lambda s, c: routines.update_routine(s, c, routine_id, changes)

    screen.app.push_screen(FormScreen(
        f"Edit {name} · {kind.label}", fields, build, note=FIXED_NOTE,
        describe=lambda s, r: f"Updated {r.name}", submit_label="Save"))


# -- skip the next run, run now ------------------------------------------------------

def confirm_skip(screen: DataScreen, row: RoutineRow, next_run: str = "") -> None:
    """``next_run`` says which run (date and amount) when the caller knows it; else the list's date."""
    from astra_tui.core import routines

    which = next_run or row.next_run

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.astra.change(lambda s, c: routines.skip_next(s, c, row.id),
                                describe=lambda s, r: f"{row.name}: skipped the run of {which}")

    screen.app.push_screen(ConfirmScreen(
        f"Skip the next run of {row.name} ({which})? It is recorded as skipped by you; the runs after it "
        "stay as they are.", "Skip"), confirmed)


def confirm_run_now(screen: DataScreen, row: RoutineRow, amount: str = "") -> None:
    from astra_tui.core import routines

    moves = f" It would move {amount} from {row.source} to {row.destination}" if amount else (
        f" It moves money from {row.source} to {row.destination}")

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.astra.change(lambda s, c: routines.run_now(s, c, row.id), describe=_run_outcome(row.name))

    screen.app.push_screen(ConfirmScreen(
        f"Run {row.name} once now, today, outside its schedule?{moves}, under your transfer limit and never "
        "overdrawing. Its scheduled runs stay as they are.", "Run now"), confirmed)


def _run_outcome(name: str) -> Callable[[Session, Any], str]:
    def describe(session: Session, run: Any) -> str:
        reason = getattr(run, "reason", "")
        outcome = getattr(run, "outcome", "ran")
        return f"{name}: {outcome}" + (f" — {reason}" if reason else "")
    return describe


# -- a recorded transaction ------------------------------------------------------

def _signed(text: str, debit: bool) -> str:
    """The form asks for the amount as the person thinks of it (a purchase of 12.50); the ledger
    stores a debit negative."""
    try:
        cents = parse_money(text)
    except ValueError as exc:
        raise AstraError("amount", str(exc)) from None
    return money_json(-cents if debit else cents)


def edit_transaction(screen: DataScreen, txn: TransactionRow, account_name: str) -> None:
    """Open the edit form for a manual or imported transaction; otherwise the core says why not."""
    from astra_tui.core import ledger

    debit = txn.amount < 0

    def open_form() -> None:
        fields = [Field("amount", "Purchase amount" if debit else "Deposit amount", value=money_json(abs(txn.amount))),
                  Field("date", "Date", value=txn.posted_on.isoformat()),
                  Field("description", "Description", value=txn.description)]
        screen.app.push_screen(FormScreen(
            f"Edit the {'purchase' if debit else 'deposit'} of {txn.posted_on} on {account_name}", fields,
            lambda v: lambda s, c: ledger.edit_transaction(s, c, txn.id, _signed(v["amount"], debit), v["date"],
                                                           v["description"]),
            describe=lambda s, t: _changed_text("Changed", t), submit_label="Save"))

    _when_editable(screen, txn, lambda effects: open_form())


def delete_transaction(screen: DataScreen, txn: TransactionRow, account_name: str) -> None:
    from astra_tui.core import ledger

    def ask(effects: str) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                screen.astra.change(lambda s, c: ledger.delete_transaction(s, c, txn.id),
                                    describe=lambda s, t: f"Deleted {format_money(txn.amount)} of {txn.posted_on} "
                                                          f"from {account_name}")

        what = f"{format_money(txn.amount)} of {txn.posted_on}" + (f" ({txn.description})" if txn.description else "")
        screen.app.push_screen(ConfirmScreen(
            f"Delete {what} from {account_name}? The balance changes by {format_money(-txn.amount)}. {effects}".strip(),
            "Delete"), confirmed)

    _when_editable(screen, txn, ask)


def _changed_text(verb: str, txn: Any) -> str:
    return f"{verb} to {format_money(txn.amount)} on {txn.posted_on}"


def _when_editable(screen: DataScreen, txn: TransactionRow, then: Callable[[str], None]) -> None:
    """Ask the core first, in a worker, whether this transaction may change and what deleting it
    would do to what it caused; a refusal is said at once, before any form or question."""

    def check() -> None:
        from sqlmodel import Session

        from astra_tui.core import ledger

        try:
            with Session(screen.astra.engine) as session:
                effects = ledger.transaction_effects(session, txn.id)
        except AstraError as exc:
            screen.app.call_from_thread(screen.notify, exc.message, severity="warning", timeout=8)
            return
        screen.app.call_from_thread(then, effects)

    screen.run_worker(check, thread=True, group="transaction-check", exit_on_error=False)
