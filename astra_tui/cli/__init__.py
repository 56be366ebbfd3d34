"""The ``astra-tui`` command line (SPEC §7).

Bad input of any kind exits with status 2 and one line on stderr; nothing is
written. Every command that changes data processes due work afterwards;
read-only commands never write (on a missing database they show nothing and
create no file).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from astra_tui.cli.args import PROG, UsageError, build_parser, opens_the_app
from astra_tui.cli.context import Context
from astra_tui.core.errors import LedgerBroken


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
    args = build_parser(commands_too=not opens_the_app(argv)).parse_args(argv)
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
        from astra_tui.cli.commands import GROUPS
        from astra_tui.cli.corrections import CORRECTIONS

        handler = CORRECTIONS.get((args.group, getattr(args, "action", None)))
        (handler or GROUPS[args.group])(ctx, args)
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
