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
from astra_tui.core.errors import LedgerBroken

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
    from astra_tui.core import ledger, queries

    if a.action == "add":
        user = ctx.perform(lambda s, c: ledger.add_user(s, c, a.name, a.transfer_limit))
        _show_user(ctx, user.id, a.json)
    elif a.action == "limit":
        user = ctx.perform(lambda s, c: ledger.set_transfer_limit(s, c, a.user, a.amount))
        _show_user(ctx, user.id, a.json)
    else:
        rows = ctx.read(lambda s: [queries.user_json(u) for u in queries.list_users(s, a.limit)])
        _emit(a.json, rows, lambda: _print_table(
            ("ID", "NAME", "TRANSFER LIMIT", "ACTIVE"),
            [(u["id"], u["name"], u["transfer_limit"], "yes" if u["active"] else "no") for u in rows]))


def _show_user(ctx: Context, user_id: int, as_json: bool) -> None:
    from astra_tui.core import queries
    from astra_tui.db.models import User

    data = ctx.read(lambda s: queries.user_json(s.get(User, user_id)))
    _emit(as_json, data, lambda: print(f"User {data['id']}: {data['name']} (transfer limit "
                                       f"{data['transfer_limit']})"))


def _account_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "USER", "NAME", "KIND", "STATUS", "BALANCE"),
                 [(r["id"], r["user_id"], r["name"], r["kind"], r["status"], r["balance"]) for r in rows])


def _accounts(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import ledger, queries
    from astra_tui.db.models import Account

    if a.action == "list":
        def query(s: Any) -> list[dict[str, Any]]:
            user_id = ledger.find_user(s, a.user).id if a.user else None
            return [queries.account_json(x) for x in queries.list_accounts(s, user_id, a.limit)]

        rows = ctx.read(query)
        _emit(a.json, rows, lambda: _account_rows(rows))
        return
    if a.action == "add":
        account = ctx.perform(lambda s, c: ledger.add_account(s, c, a.user, a.name, a.kind, a.opening_balance))
    else:
        account = ctx.perform(lambda s, c: ledger.change_account_status(s, c, a.id, a.action))
    data = ctx.read(lambda s: queries.account_json(s.get(Account, account.id)))
    _emit(a.json, data, lambda: _account_rows([data]))


def _transaction_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "DATE", "AMOUNT", "ORIGIN", "DESCRIPTION"),
                 [(r["id"], r["posted_on"], r["amount"], r["origin"], r["description"]) for r in rows])


def _transactions(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import ledger, queries
    from astra_tui.db.models import Transaction

    if a.action == "add":
        txn = ctx.perform(lambda s, c: ledger.add_transaction(s, c, a.account, a.amount, a.date, a.description))
        data = ctx.read(lambda s: queries.transaction_json(s.get(Transaction, txn.id)))
        _emit(a.json, data, lambda: _transaction_rows([data]))
        return

    def query(s: Any) -> list[dict[str, Any]]:
        account = ledger.get_account(s, a.account)
        return [queries.transaction_json(t) for t in queries.list_transactions(s, account.id, a.limit)]

    rows = ctx.read(query)
    _emit(a.json, rows, lambda: _transaction_rows(rows))


def _routine_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "USER", "KIND", "NAME", "FROM", "TO", "SUMMARY", "STATUS", "NEXT RUN"),
                 [(r["id"], r["user_id"], r["kind"], r["name"], r["source_id"], r["destination_id"], r["summary"],
                   r["status"], r["next_run_on"] or "-") for r in rows])


def body_text(a: argparse.Namespace) -> str:
    """The JSON text of ``--body`` or of the file ``--file`` names."""
    from astra_tui.core.errors import AstraError

    if a.file is None:
        return a.body
    try:
        return Path(a.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AstraError("file", f"cannot read {a.file} ({getattr(exc, 'strerror', None) or exc})") from None


def _routines(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import bodies, ledger, queries, routines
    from astra_tui.db.models import Routine

    if a.action == "add":
        models, as_list = bodies.parse_bodies(bodies.load_json(body_text(a)))
        created = ctx.perform(lambda s, c: routines.create_routines(s, c, a.user, models, as_list))
        ids = [r.id for r in created]
        data = ctx.read(lambda s: [queries.routine_json(s, s.get(Routine, i)) for i in ids])
        _emit(a.json, data if as_list else data[0], lambda: _routine_rows(data))
    elif a.action == "list":
        def query(s: Any) -> list[dict[str, Any]]:
            user_id = ledger.find_user(s, a.user).id if a.user else None
            return [queries.routine_json(s, r) for r in queries.list_routines(s, user_id, a.all, a.limit)]

        rows = ctx.read(query)
        _emit(a.json, rows, lambda: _routine_rows(rows))
    elif a.action == "show":
        def show(s: Any) -> dict[str, Any]:
            return queries.routine_json(s, routines.get_routine(s, a.id), with_runs=True)

        data = ctx.read(show)

        def text() -> None:
            _routine_rows([data])
            print()
            _print_table(("DUE", "OUTCOME", "REASON", "TRANSFER"),
                         [(r["due_on"], r["outcome"], r["reason"], r["transfer_id"]) for r in data["runs"]])

        _emit(a.json, data, text)
    else:
        change = {"pause": routines.pause_routine, "activate": routines.activate_routine,
                  "delete": routines.delete_routine}[a.action]
        routine = ctx.perform(lambda s, c: change(s, c, a.id))
        data = ctx.read(lambda s: queries.routine_json(s, s.get(Routine, routine.id)))
        _emit(a.json, data, lambda: _routine_rows([data]))


def _transfer_rows(rows: list[dict[str, Any]]) -> None:
    _print_table(("ID", "DATE", "STATUS", "KIND", "FROM", "TO", "AMOUNT", "REASON"),
                 [(r["id"], r["scheduled_for"], r["status"], r["routine_type"], r["source_id"], r["destination_id"],
                   r["amount"] + (" (capped)" if r["capped"] else ""), r["reason"] or "") for r in rows])


def _transfers(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import ledger, queries, routines
    from astra_tui.core.bodies import parse_id
    from astra_tui.core.ledger import checked

    if a.action == "cancel":
        transfer = ctx.perform(lambda s, c: routines.cancel_transfer(s, c, a.id))
        data = ctx.read(lambda s: queries.transfer_json(*queries.transfer_with_type(s, transfer.id)))
        _emit(a.json, data, lambda: _transfer_rows([data]))
        return
    account_id = checked("account", parse_id, a.account) if a.account else None
    routine_id = checked("routine", parse_id, a.routine) if a.routine else None

    def query(s: Any) -> list[dict[str, Any]]:
        user_id = ledger.find_user(s, a.user).id if a.user else None
        if account_id is not None:
            ledger.get_account(s, account_id)
        if routine_id is not None:
            routines.get_routine(s, routine_id)
        found = queries.list_transfers(s, user_id=user_id, account_id=account_id, routine_id=routine_id,
                                       status=a.status, limit=a.limit)
        return [queries.transfer_json(t, k) for t, k in found]

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


def run(argv: Sequence[str] | None = None, run_options: dict[str, Any] | None = None) -> int:
    """Run one invocation. ``run_options`` go to Textual's ``App.run`` (the benchmarks run headless)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _require_text(argv)
    args = build_parser().parse_args(argv)
    ctx = Context(args)
    try:
        if args.demo:
            _demo_path(ctx, args)
        if args.group is None:
            from astra_tui.ui import launch  # the app is the only place Textual is imported

            engine = ctx.engine_for_app()
            return launch(engine, ctx.clock, interval=args.interval, db_path=ctx.path, notices=ctx.notices,
                          **(run_options or {}))
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
