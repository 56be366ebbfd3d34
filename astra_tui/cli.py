"""The ``astra-tui`` command line (SPEC §7).

Bad input of any kind exits with status 2 and one line on stderr; nothing is
written. Every command that changes data processes due work afterwards;
read-only commands never write (on a missing database they show nothing and
create no file).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from astra_tui.cli_args import PROG, UsageError, build_parser
from astra_tui.cli_context import Context
from astra_tui.cli_json import account_json, routine_json, transaction_json, transfer_json, user_json
from astra_tui.core.errors import LedgerBroken
from astra_tui.core.read.db import Reader

# -- output -------------------------------------------------------------------

def _print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        print("(none)")
        return
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())


def _emit(as_json: bool, data: Any, text: Callable[[], None]) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        text()


# -- commands -----------------------------------------------------------------

def _users(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import people

    if a.action == "add":
        from astra_tui.core import ledger

        user = ctx.perform(lambda s, c: ledger.add_user(s, c, a.name, a.transfer_limit))
        _show_user(ctx, user.id, a.json)
    elif a.action == "limit":
        from astra_tui.core import ledger

        user = ctx.perform(lambda s, c: ledger.set_transfer_limit(s, c, a.user, a.amount))
        _show_user(ctx, user.id, a.json)
    else:
        rows = ctx.read(lambda db: [user_json(u) for u in people.users(db, a.limit)])
        _emit(a.json, rows, lambda: _print_table(
            ("ID", "NAME", "TRANSFER LIMIT", "ACTIVE"),
            [(u["id"], u["name"], u["transfer_limit"], "yes" if u["active"] else "no") for u in rows]))


def _show_user(ctx: Context, user_id: int, as_json: bool) -> None:
    from astra_tui.core.read import people

    data = ctx.read(lambda db: user_json(people.find_user(db, user_id)))
    _emit(as_json, data, lambda: print(f"User {data['id']}: {data['name']} (transfer limit "
                                       f"{data['transfer_limit']})"))


def _account_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "USER", "NAME", "KIND", "STATUS", "BALANCE"),
                 [(r["id"], r["user_id"], r["name"], r["kind"], r["status"], r["balance"]) for r in rows])


def _show_account(ctx: Context, account_id: int, as_json: bool) -> None:
    from astra_tui.core.read import accounts

    data = ctx.read(lambda db: account_json(accounts.account(db, account_id)))
    _emit(as_json, data, lambda: _account_rows([data]))


def _accounts(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import accounts, people

    if a.action == "list":
        def query(db: Reader) -> list[dict[str, Any]]:
            user_id = people.find_user(db, a.user).id if a.user else None
            return [account_json(x) for x in accounts.accounts(db, user_id, limit=a.limit)]

        rows = ctx.read(query)
        _emit(a.json, rows, lambda: _account_rows(rows))
        return
    from astra_tui.core import ledger

    if a.action == "add":
        account = ctx.perform(lambda s, c: ledger.add_account(s, c, a.user, a.name, a.kind, a.opening_balance))
    else:
        account = ctx.perform(lambda s, c: ledger.change_account_status(s, c, a.id, a.action))
    _show_account(ctx, account.id, a.json)


def _transaction_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "DATE", "AMOUNT", "ORIGIN", "DESCRIPTION"),
                 [(r["id"], r["posted_on"], r["amount"], r["origin"], r["description"]) for r in rows])


def _show_transaction(ctx: Context, transaction_id: int, as_json: bool) -> None:
    from astra_tui.core.read import activity

    data = ctx.read(lambda db: transaction_json(activity.transaction(db, transaction_id)))
    _emit(as_json, data, lambda: _transaction_rows([data]))


def _transactions(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import accounts, activity

    if a.action == "add":
        from astra_tui.core import ledger

        txn = ctx.perform(lambda s, c: ledger.add_transaction(s, c, a.account, a.amount, a.date, a.description))
        _show_transaction(ctx, txn.id, a.json)
        return

    def query(db: Reader) -> list[dict[str, Any]]:
        account = accounts.account(db, a.account)
        return [transaction_json(t) for t in activity.transactions(db, account.id, limit=a.limit)]

    rows = ctx.read(query)
    _emit(a.json, rows, lambda: _transaction_rows(rows))


def _routine_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "USER", "KIND", "NAME", "FROM", "TO", "SUMMARY", "STATUS", "NEXT RUN"),
                 [(r["id"], r["user_id"], r["kind"], r["name"], r["source_id"], r["destination_id"], r["summary"],
                   r["status"], r["next_run_on"] or "-") for r in rows])


def _show_routine(ctx: Context, routine_id: int, as_json: bool) -> None:
    from astra_tui.core.read import routines

    data = ctx.read(lambda db: routine_json(routines.routine(db, routine_id)))
    _emit(as_json, data, lambda: _routine_rows([data]))


def body_text(a: argparse.Namespace) -> str:
    """The JSON text of ``--body`` or of the file ``--file`` names."""
    from astra_tui.core.errors import AstraError

    if a.file is None:
        return str(a.body)
    try:
        return Path(a.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AstraError("file", f"cannot read {a.file} ({getattr(exc, 'strerror', None) or exc})") from None


def _routines(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import people, routines, runs

    if a.action == "add":
        from astra_tui.core import bodies
        from astra_tui.core import routines as changes

        models, as_list = bodies.parse_bodies(bodies.load_json(body_text(a)))
        created = ctx.perform(lambda s, c: changes.create_routines(s, c, a.user, models, as_list))
        ids = [r.id for r in created]
        made = ctx.read(lambda db: [routine_json(routines.routine(db, i)) for i in ids])
        _emit(a.json, made if as_list else made[0], lambda: _routine_rows(made))
    elif a.action == "list":
        def query(db: Reader) -> list[dict[str, Any]]:
            user_id = people.find_user(db, a.user).id if a.user else None
            return [routine_json(r) for r in routines.routines(db, user_id, a.all, a.limit)]

        rows = ctx.read(query)
        _emit(a.json, rows, lambda: _routine_rows(rows))
    elif a.action == "show":
        def show(db: Reader) -> dict[str, Any]:
            row = routines.routine(db, a.id)
            return routine_json(row, runs=runs.runs(db, row.id))

        data = ctx.read(show)

        def text() -> None:
            _routine_rows([data])
            print()
            _print_table(("DUE", "OUTCOME", "REASON", "TRANSFER"),
                         [(r["due_on"], r["outcome"], r["reason"], r["transfer_id"]) for r in data["runs"]])

        _emit(a.json, data, text)
    else:
        from astra_tui.core import routines as changes

        change = {"pause": changes.pause_routine, "activate": changes.activate_routine,
                  "delete": changes.delete_routine}[a.action]
        routine = ctx.perform(lambda s, c: change(s, c, a.id))
        _show_routine(ctx, routine.id, a.json)


def _transfer_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "DATE", "STATUS", "KIND", "FROM", "TO", "AMOUNT", "REASON"),
                 [(r["id"], r["scheduled_for"], r["status"], r["routine_type"], r["source_id"], r["destination_id"],
                   r["amount"] + (" (capped)" if r["capped"] else ""), r["reason"] or "") for r in rows])


def _transfers(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.errors import checked
    from astra_tui.core.parsing import parse_id
    from astra_tui.core.read import accounts, people, routines, transfers

    if a.action == "cancel":
        from astra_tui.core import routines as changes

        transfer = ctx.perform(lambda s, c: changes.cancel_transfer(s, c, a.id))
        data = ctx.read(lambda db: transfer_json(transfers.transfer(db, transfer.id)))
        _emit(a.json, data, lambda: _transfer_rows([data]))
        return
    account_id = checked("account", parse_id, a.account) if a.account else None
    routine_id = checked("routine", parse_id, a.routine) if a.routine else None

    def query(db: Reader) -> list[dict[str, Any]]:
        user_id = people.find_user(db, a.user).id if a.user else None
        if account_id is not None:
            accounts.account(db, account_id)
        if routine_id is not None:
            routines.routine_state(db, routine_id)
        found = transfers.transfers(db, user_id, transfers.TransferFilter(status=a.status, account_id=account_id,
                                                                          routine_id=routine_id), limit=a.limit)
        return [transfer_json(t) for t in found]

    rows = ctx.read(query)
    _emit(a.json, rows, lambda: _transfer_rows(rows))


_CHECKED = {"accounts": "account", "transactions": "transaction", "transfers": "transfer", "routine_runs": "run"}


def _check(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.check import ledger_size, ledger_violations
    from astra_tui.core.words import plural

    engine = ctx.existing_engine()
    problems = ledger_violations(engine)
    size = ledger_size(engine)
    _emit(a.json, {"ok": not problems, "violations": problems, "checked": size},
          lambda: print("\n".join(problems) if problems else
                        "The ledger is sound: " + ", ".join(plural(v, _CHECKED[k]) for k, v in size.items())
                        + " checked."))
    if problems:
        raise LedgerBroken(f"{len(problems)} violation{'s' if len(problems) != 1 else ''} of the ledger's rules")


def _backup(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.db.backup import backup_to

    ctx.existing_engine()  # the same checks as any command: a database, at a schema this app knows
    saved = backup_to(ctx.path, Path(a.path).expanduser())
    _emit(a.json, {"backup": str(saved)}, lambda: print(f"Saved a copy of {ctx.path} at {saved}"))


def _process(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.processor import process_due

    summary = process_due(ctx.engine(), ctx.clock)
    _emit(a.json, summary.as_dict(), lambda: print(f"Processed: {summary.sentence()}; {summary.pending} pending."))


_GROUPS = {"users": _users, "accounts": _accounts, "transactions": _transactions, "routines": _routines,
           "transfers": _transfers, "process": _process, "check": _check, "backup": _backup}


def _demo_path(ctx: Context, args: argparse.Namespace) -> None:
    """``--demo`` without ``--db``: a fresh temporary database holding the demo household."""
    import tempfile

    from astra_tui.core.demo import build_demo

    if args.db is None:
        folder = Path(tempfile.mkdtemp(prefix="astra-tui-demo-"))
        ctx.path = folder / "demo.db"
    engine = ctx.engine()
    build_demo(engine, ctx.clock)


def _invocation(argv: Sequence[str] | None) -> tuple[argparse.Namespace, Context]:
    argv = list(sys.argv[1:] if argv is None else argv)
    _require_text(argv)
    args = build_parser().parse_args(argv)
    return args, Context(args)


def _app(ctx: Context, args: argparse.Namespace) -> Any:
    from astra_tui.ui import make_app  # the app is the only place Textual is imported

    return make_app(ctx.engine_for_app(), ctx.clock, db_path=ctx.path, interval=args.interval, notices=ctx.notices)


def app_for(argv: Sequence[str]) -> Any:
    """The app an invocation without a command opens (``--db``, ``--now``, ``--demo``), built but not
    started: what the benchmarks run headless."""
    args, ctx = _invocation(argv)
    if args.demo:
        _demo_path(ctx, args)
    return _app(ctx, args)


def run(argv: Sequence[str] | None = None) -> int:
    """Run one invocation: a command, or the app when no command is given."""
    args, ctx = _invocation(argv)
    try:
        if args.demo:
            _demo_path(ctx, args)
        if args.group is None:
            from astra_tui.ui import launch

            return launch(_app(ctx, args))
        from astra_tui.cli_corrections import CORRECTIONS

        handler = CORRECTIONS.get((args.group, getattr(args, "action", None)))
        (handler or _GROUPS[args.group])(ctx, args)
    except BaseException as exc:
        if not isinstance(exc, BrokenPipeError):  # output fails only after the work is done: keep it
            ctx.forget_new_file()
        orig = getattr(exc, "orig", exc)
        if isinstance(orig, sqlite3.DatabaseError):  # name the file in the one line that is shown
            from astra_tui.db.engine import database_problem

            raise database_problem(orig, ctx.path) from None
        raise
    finally:
        ctx.close()
    return 0


def _require_text(argv: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; no name or number contains them."""
    for index, value in enumerate(argv):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            before = argv[index - 1] if index else ""
            where = before if before.startswith("--") and "=" not in before else f"argument {index + 1}"
            raise UsageError(f"{where}: is not valid UTF-8 text") from None


def main(argv: Sequence[str] | None = None) -> int:
    from astra_tui.core.errors import AstraError

    try:
        status = run(argv)
        sys.stdout.flush()  # here, so that a reader gone away is noticed below, not at exit
        return status
    except BrokenPipeError:
        _stdout_gone()
        return 0
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
    except LedgerBroken as exc:
        print(f"{PROG}: {exc.message}", file=sys.stderr)
        return 1
    except AstraError as exc:
        print(f"{PROG}: error: {exc.message}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line, never a traceback
        problem = _database_problem(exc)
        if problem is None:
            if os.environ.get("ASTRA_TUI_DEBUG"):
                raise
            print(f"{PROG}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())}", file=sys.stderr)
            return 1
        print(f"{PROG}: error: {problem}", file=sys.stderr)
    return 2


def _stdout_gone() -> None:
    """The reader closed the pipe early (``astra-tui transfers list | head -2``): normal use, so
    nothing is said; the rest of the output goes nowhere, including Python's flush at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture): nothing to flush at exit
        pass
    finally:
        os.close(devnull)


def _database_problem(exc: BaseException) -> str | None:
    from astra_tui.db.engine import database_problem

    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.DatabaseError):
        return database_problem(orig).message
    return None
