"""The command line's corrections (issue 9 §4): rename, routines update|skip|run, transactions edit|delete.

Each prints the changed object in its usual JSON shape with ``--json``; ``routines skip`` and
``routines run`` print the run they recorded, ``transactions delete`` the transaction deleted.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from astra_tui.cli.context import Context
from astra_tui.cli.output import body_text, emit, show_account, show_routine, show_transaction, show_user
from astra_tui.cli.shapes import run_json, transaction_json


def _rename_user(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.corrections import rename_user

    user = ctx.perform(lambda s, c: rename_user(s, c, a.id, a.name))
    show_user(ctx, user.id, a.json)


def _rename_account(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.corrections import rename_account

    account = ctx.perform(lambda s, c: rename_account(s, c, a.id, a.name))
    show_account(ctx, account.id, a.json)


def _rename_routine(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.corrections import rename_routine

    routine = ctx.perform(lambda s, c: rename_routine(s, c, a.id, a.name))
    show_routine(ctx, routine.id, a.json)


def _update_routine(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.bodies import load_json
    from astra_tui.core.routine_changes import update_routine

    changes = load_json(body_text(a))
    routine = ctx.perform(lambda s, c: update_routine(s, c, a.id, changes))
    show_routine(ctx, routine.id, a.json)


def _run_action(name: str) -> Callable[[Context, argparse.Namespace], None]:
    """``routines skip`` (skip_next_run) or ``routines run`` (run_now): prints the run recorded."""

    def act(ctx: Context, a: argparse.Namespace) -> None:
        from astra_tui.core import routine_changes
        from astra_tui.core.read import routines

        change = getattr(routine_changes, name)
        run = ctx.perform(lambda s, c: change(s, c, a.id))
        data = {"routine_id": run.routine_id, **run_json(run)}
        upcoming = ctx.read(lambda db: routines.routine(db, run.routine_id).next_run_on)

        def text() -> None:
            why = f" — {data['reason']}" if data["reason"] else ""
            moved = f" (transfer {data['transfer_id']})" if data["transfer_id"] else ""
            after = f"; next run {upcoming}" if upcoming else ""
            print(f"Routine {data['routine_id']}: {data['due_on']} {data['outcome']}{why}{moved}{after}")

        emit(a.json, data, text)

    return act


def _edit_transaction(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.corrections import edit_transaction

    txn = ctx.perform(lambda s, c: edit_transaction(s, c, a.id, a.amount, a.date, a.description))
    show_transaction(ctx, txn.id, a.json)


def _delete_transaction(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.corrections import delete_transaction

    data = ctx.perform(lambda s, c: transaction_json(delete_transaction(s, c, a.id)))
    emit(a.json, data, lambda: print(f"Deleted transaction {data['id']}: {data['posted_on']} {data['amount']} "
                                      f"{data['description']}".rstrip()))


CORRECTIONS: dict[tuple[str, str | None], Callable[[Context, argparse.Namespace], None]] = {
    ("users", "rename"): _rename_user,
    ("accounts", "rename"): _rename_account,
    ("routines", "rename"): _rename_routine,
    ("routines", "update"): _update_routine,
    ("routines", "skip"): _run_action("skip_next_run"),
    ("routines", "run"): _run_action("run_now"),
    ("transactions", "edit"): _edit_transaction,
    ("transactions", "delete"): _delete_transaction,
}
