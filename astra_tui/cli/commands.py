"""The command line's commands (SPEC §7): users, accounts, transactions, routines, transfers, process,
check and backup. Reads go through the read layer (``core.read``), changes through ``Context.perform``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from astra_tui.cli.bankfiles import BANK_FILES
from astra_tui.cli.context import Context
from astra_tui.cli.output import (
    account_rows,
    body_text,
    emit,
    print_table,
    routine_rows,
    show_account,
    show_routine,
    show_transaction,
    show_user,
    transaction_rows,
    transfer_rows,
)
from astra_tui.cli.planning import PLANNING
from astra_tui.cli.shapes import account_json, routine_json, transaction_json, transfer_json, user_json
from astra_tui.core.errors import LedgerBroken
from astra_tui.core.read.db import Reader


def _users(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import people

    if a.action == "add":
        from astra_tui.core import ledger

        user = ctx.perform(lambda s, c: ledger.add_user(s, c, a.name, a.transfer_limit))
        show_user(ctx, user.id, a.json)
    elif a.action == "limit":
        from astra_tui.core import ledger

        user = ctx.perform(lambda s, c: ledger.set_transfer_limit(s, c, a.user, a.amount))
        show_user(ctx, user.id, a.json)
    else:
        rows = ctx.read(lambda db: [user_json(u) for u in people.users(db, a.limit)])
        emit(a.json, rows, lambda: print_table(
            ("ID", "NAME", "TRANSFER LIMIT", "ACTIVE"),
            [(u["id"], u["name"], u["transfer_limit"], "yes" if u["active"] else "no") for u in rows]))


def _accounts(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import accounts, people

    if a.action == "list":
        def query(db: Reader) -> list[dict[str, Any]]:
            user_id = people.find_user(db, a.user).id if a.user else None
            return [account_json(x) for x in accounts.accounts(db, user_id, limit=a.limit)]

        rows = ctx.read(query)
        emit(a.json, rows, lambda: account_rows(rows))
        return
    from astra_tui.core import ledger

    if a.action == "add":
        account = ctx.perform(lambda s, c: ledger.add_account(s, c, a.user, a.name, a.kind, a.opening_balance))
    else:
        account = ctx.perform(lambda s, c: ledger.change_account_status(s, c, a.id, a.action))
    show_account(ctx, account.id, a.json)


def _transactions(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import accounts, activity

    if a.action == "add":
        from astra_tui.core import ledger

        txn = ctx.perform(lambda s, c: ledger.add_transaction(s, c, a.account, a.amount, a.date, a.description))
        show_transaction(ctx, txn.id, a.json)
        return

    def query(db: Reader) -> list[dict[str, Any]]:
        account = accounts.account(db, a.account)
        return [transaction_json(t) for t in activity.transactions(db, account.id, limit=a.limit)]

    rows = ctx.read(query)
    emit(a.json, rows, lambda: transaction_rows(rows))


def _routines(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import people, routines, runs

    if a.action == "add":
        from astra_tui.core import bodies
        from astra_tui.core import routines as changes

        models, as_list = bodies.parse_bodies(bodies.load_json(body_text(a)))
        created = ctx.perform(lambda s, c: changes.create_routines(s, c, a.user, models, as_list))
        ids = [r.id for r in created]
        made = ctx.read(lambda db: [routine_json(routines.routine(db, i)) for i in ids])
        emit(a.json, made if as_list else made[0], lambda: routine_rows(made))
    elif a.action == "list":
        def query(db: Reader) -> list[dict[str, Any]]:
            user_id = people.find_user(db, a.user).id if a.user else None
            return [routine_json(r) for r in routines.routines(db, user_id, a.all, a.limit)]

        rows = ctx.read(query)
        emit(a.json, rows, lambda: routine_rows(rows))
    elif a.action == "show":
        def show(db: Reader) -> dict[str, Any]:
            row = routines.routine(db, a.id)
            return routine_json(row, runs=runs.runs(db, row.id))

        data = ctx.read(show)

        def text() -> None:
            routine_rows([data])
            print()
            print_table(("DUE", "OUTCOME", "REASON", "TRANSFER"),
                         [(r["due_on"], r["outcome"], r["reason"], r["transfer_id"]) for r in data["runs"]])

        emit(a.json, data, text)
    else:
        from astra_tui.core import routines as changes

        change = {"pause": changes.pause_routine, "activate": changes.activate_routine,
                  "delete": changes.delete_routine}[a.action]
        routine = ctx.perform(lambda s, c: change(s, c, a.id))
        show_routine(ctx, routine.id, a.json)


def _transfers(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.errors import checked
    from astra_tui.core.parsing import parse_id
    from astra_tui.core.read import accounts, people, transfers

    if a.action == "cancel":
        from astra_tui.core import routines as changes

        transfer = ctx.perform(lambda s, c: changes.cancel_transfer(s, c, a.id))
        data = ctx.read(lambda db: transfer_json(transfers.transfer(db, transfer.id)))
        emit(a.json, data, lambda: transfer_rows([data]))
        return
    account_id = checked("account", parse_id, a.account) if a.account else None
    routine_id = checked("routine", parse_id, a.routine) if a.routine else None

    def query(db: Reader) -> list[dict[str, Any]]:
        user_id = people.find_user(db, a.user).id if a.user else None
        if account_id is not None:
            accounts.account(db, account_id)
        if routine_id is not None:
            from astra_tui.core.read import routines  # (and the kinds with it: only when a routine is named)

            routines.routine_state(db, routine_id)
        found = transfers.transfers(db, user_id, transfers.TransferFilter(status=a.status, account_id=account_id,
                                                                          routine_id=routine_id), limit=a.limit)
        return [transfer_json(t) for t in found]

    rows = ctx.read(query)
    emit(a.json, rows, lambda: transfer_rows(rows))


_CHECKED = {"accounts": "account", "transactions": "transaction", "transfers": "transfer", "routine_runs": "run"}


def _check(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import check
    from astra_tui.core.words import plural

    if not ctx.at_newest_schema():
        ctx.existing_engine()  # no file, or one to upgrade or refuse: the same checks as any command
    problems, size = ctx.read(lambda db: (check.violations(db), check.size(db)))
    emit(a.json, {"ok": not problems, "violations": problems, "checked": size},
          lambda: print("\n".join(problems) if problems else
                        "The ledger is sound: " + ", ".join(plural(v, _CHECKED[k]) for k, v in size.items())
                        + " checked."))
    if problems:
        raise LedgerBroken(f"{len(problems)} violation{'s' if len(problems) != 1 else ''} of the ledger's rules")


def _backup(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.db.backup import backup_to

    ctx.existing_engine()  # the same checks as any command: a database, at a schema this app knows
    saved = backup_to(ctx.path, Path(a.path).expanduser())
    emit(a.json, {"backup": str(saved)}, lambda: print(f"Saved a copy of {ctx.path} at {saved}"))


def _process(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import due
    from astra_tui.core.read.settings import predictions_on
    from astra_tui.core.summary import ProcessSummary

    today = ctx.clock.today()

    def idle(db: Reader) -> int | None:
        """The pending count when nothing is due and the warnings were looked at today; else None."""
        if ctx.at_newest_schema() and not due.anything_due(db, today) and predictions_on(db) == today.isoformat():
            return due.pending_count(db)
        return None

    pending = ctx.read(idle) if ctx.path.exists() else None
    if pending is not None:  # nothing to do: said without loading the engine (the common case of a timer)
        summary = ProcessSummary(pending=pending)
    else:
        from astra_tui.core.service import process_and_warn

        summary = process_and_warn(ctx.engine(), ctx.clock)
    emit(a.json, summary.as_dict(), lambda: print(f"Processed: {summary.sentence()}; {summary.pending} pending."))


GROUPS = {"users": _users, "accounts": _accounts, "transactions": _transactions, "routines": _routines,
          "transfers": _transfers, "process": _process, "check": _check, "backup": _backup, **PLANNING, **BANK_FILES}
