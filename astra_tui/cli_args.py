"""The arguments of the ``astra-tui`` command line (SPEC §7)."""

from __future__ import annotations

import argparse
from typing import NoReturn

from astra_tui import __version__

PROG = "astra-tui"
TRANSFER_STATUSES = ("pending", "processed", "failed", "cancelled")


class UsageError(Exception):
    """Bad command-line usage: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _limit_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=_positive_int, metavar="N", help="show at most N rows")


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Household money on autopilot, offline. With no command, opens the app.")
    parser.add_argument("--db", metavar="PATH", help="the database file (default: $ASTRA_TUI_DB or the user data dir)")
    parser.add_argument("--now", metavar="ISO8601", help="freeze the clock at this instant ($ASTRA_TUI_NOW)")
    parser.add_argument("--demo", action="store_true", help="use a demo household (a fresh temporary database "
                        "unless --db is given)")
    parser.add_argument("--interval", type=_positive_int, default=60, metavar="SECONDS",
                        help="how often the open app processes due work (default 60)")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="group", metavar="COMMAND", parser_class=_Parser)

    users = commands.add_parser("users", help="household members").add_subparsers(dest="action", required=True,
                                                                                    parser_class=_Parser)
    p = users.add_parser("add", help="add a user")
    p.add_argument("name")
    p.add_argument("--transfer-limit", metavar="AMOUNT")
    _json_flag(p)
    p = users.add_parser("list", help="list users")
    _json_flag(p)
    _limit_flag(p)
    p = users.add_parser("limit", help="set a user's per-transfer limit")
    p.add_argument("user", metavar="USER")
    p.add_argument("amount", metavar="AMOUNT")
    _json_flag(p)

    accounts = commands.add_parser("accounts", help="accounts and balances").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    p = accounts.add_parser("add", help="open an account")
    p.add_argument("--user", required=True, metavar="USER")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", default="checking", choices=("checking", "savings", "credit-card"))
    p.add_argument("--opening-balance", default="0", metavar="AMOUNT")
    _json_flag(p)
    p = accounts.add_parser("list", help="list accounts")
    p.add_argument("--user", metavar="USER")
    _json_flag(p)
    _limit_flag(p)
    for action in ("freeze", "unfreeze", "close"):
        p = accounts.add_parser(action, help=f"{action} an account")
        p.add_argument("id", metavar="ID")
        _json_flag(p)

    txns = commands.add_parser("transactions", help="deposits and purchases").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    p = txns.add_parser("add", help="record a deposit (positive) or a purchase (negative)")
    p.add_argument("--account", required=True, metavar="ID")
    p.add_argument("--amount", required=True, metavar="SIGNED_AMOUNT")
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--description", default="", metavar="TEXT")
    _json_flag(p)
    p = txns.add_parser("list", help="an account's activity, newest first")
    p.add_argument("--account", required=True, metavar="ID")
    _json_flag(p)
    _limit_flag(p)

    routines = commands.add_parser("routines", help="standing instructions").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    p = routines.add_parser("add", help="create routines from an Astra JSON body (object or list)")
    p.add_argument("--user", required=True, metavar="USER")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--body", metavar="JSON")
    source.add_argument("--file", metavar="PATH")
    _json_flag(p)
    p = routines.add_parser("list", help="list routines (deleted ones only with --all)")
    p.add_argument("--user", metavar="USER")
    p.add_argument("--all", action="store_true", help="include deleted routines")
    _json_flag(p)
    _limit_flag(p)
    p = routines.add_parser("show", help="a routine and its run history")
    p.add_argument("id", metavar="ID")
    _json_flag(p)
    for action in ("pause", "activate", "delete"):
        p = routines.add_parser(action, help=f"{action} a routine")
        p.add_argument("id", metavar="ID")
        _json_flag(p)

    transfers = commands.add_parser("transfers", help="transfer history").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    p = transfers.add_parser("list", help="transfers, newest first")
    p.add_argument("--user", metavar="USER")
    p.add_argument("--account", metavar="ID")
    p.add_argument("--routine", metavar="ID")
    p.add_argument("--status", choices=TRANSFER_STATUSES)
    _json_flag(p)
    _limit_flag(p)
    p = transfers.add_parser("cancel", help="cancel a pending transfer")
    p.add_argument("id", metavar="ID")
    _json_flag(p)

    p = commands.add_parser("process", help="process everything due now")
    _json_flag(p)
    return parser
