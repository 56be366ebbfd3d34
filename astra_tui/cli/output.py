"""What the command line prints: tables of rows, JSON when asked, and the object a change made."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from astra_tui.cli.context import Context
from astra_tui.cli.shapes import account_json, routine_json, transaction_json, user_json


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        print("(none)")
        return
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())


def emit(as_json: bool, data: Any, text: Callable[[], None]) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        text()


def show_user(ctx: Context, user_id: int, as_json: bool) -> None:
    from astra_tui.core.read import people

    data = ctx.read(lambda db: user_json(people.find_user(db, user_id)))
    emit(as_json, data, lambda: print(f"User {data['id']}: {data['name']} (transfer limit "
                                       f"{data['transfer_limit']})"))


def account_rows(rows: list[dict[str, Any]]) -> None:
    print_table(("ID", "USER", "NAME", "KIND", "STATUS", "BALANCE"),
                 [(r["id"], r["user_id"], r["name"], r["kind"], r["status"], r["balance"]) for r in rows])


def show_account(ctx: Context, account_id: int, as_json: bool) -> None:
    from astra_tui.core.read import accounts

    data = ctx.read(lambda db: account_json(accounts.account(db, account_id)))
    emit(as_json, data, lambda: account_rows([data]))


def transaction_rows(rows: list[dict[str, Any]]) -> None:
    print_table(("ID", "DATE", "AMOUNT", "ORIGIN", "DESCRIPTION"),
                 [(r["id"], r["posted_on"], r["amount"], r["origin"], r["description"]) for r in rows])


def show_transaction(ctx: Context, transaction_id: int, as_json: bool) -> None:
    from astra_tui.core.read import activity

    data = ctx.read(lambda db: transaction_json(activity.transaction(db, transaction_id)))
    emit(as_json, data, lambda: transaction_rows([data]))


def routine_rows(rows: list[dict[str, Any]]) -> None:
    print_table(("ID", "USER", "KIND", "NAME", "FROM", "TO", "SUMMARY", "STATUS", "NEXT RUN"),
                 [(r["id"], r["user_id"], r["kind"], r["name"], r["source_id"], r["destination_id"], r["summary"],
                   r["status"], r["next_run_on"] or "-") for r in rows])


def show_routine(ctx: Context, routine_id: int, as_json: bool) -> None:
    from astra_tui.core.read import routines

    data = ctx.read(lambda db: routine_json(routines.routine(db, routine_id)))
    emit(as_json, data, lambda: routine_rows([data]))


def body_text(a: argparse.Namespace) -> str:
    """The JSON text of ``--body`` or of the file ``--file`` names."""
    return json_text(a.body, a.file, "file")


def json_text(given: str | None, path: str | None, field: str) -> str:
    """JSON given on the command line, or the text of the file at ``path`` (an error names ``field``)."""
    from astra_tui.core.errors import AstraError

    if path is None:
        return str(given)
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AstraError(field, f"cannot read {path} ({getattr(exc, 'strerror', None) or exc})") from None


def transfer_rows(rows: list[dict[str, Any]]) -> None:
    print_table(("ID", "DATE", "STATUS", "KIND", "FROM", "TO", "AMOUNT", "REASON"),
                 [(r["id"], r["scheduled_for"], r["status"], r["routine_type"], r["source_id"], r["destination_id"],
                   r["amount"] + (" (capped)" if r["capped"] else ""), r["reason"] or "") for r in rows])
