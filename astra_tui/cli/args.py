"""The arguments of the ``astra-tui`` command line (SPEC §7)."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from astra_tui import __version__
from astra_tui.vocab import AccountKind, TransferStatus

PROG = "astra-tui"


class UsageError(Exception):
    """Bad command-line usage: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")


MAX_LIMIT = 1_000_000_000  # rows; far more than any book holds
MAX_INTERVAL = 86_400  # seconds: a day


def _limit_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=_positive_int(MAX_LIMIT), metavar="N", help="show at most N rows")


def _group(commands: Any, name: str, help_text: str) -> Any:
    """A command group such as ``accounts``, whose action (``add``, ``list``, ...) is required."""
    return commands.add_parser(name, help=help_text).add_subparsers(dest="action", required=True,
                                                                     parser_class=_Parser)


def _id_actions(group: Any, actions: tuple[str, ...], noun: str) -> None:
    """Actions that take one ID, such as ``accounts freeze ID``."""
    for action in actions:
        p = group.add_parser(action, help=f"{action} {noun}")
        p.add_argument("id", metavar="ID")
        _json_flag(p)


def _positive_int(largest: int) -> Any:
    """A whole number from 1 to ``largest``; argparse names the option in its message."""
    def parse(text: str) -> int:
        if not text.isascii() or not text.isdigit() or int(text) <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
        if int(text) > largest:
            raise argparse.ArgumentTypeError(f"{text} is more than {largest:,}, the most it can be")
        return int(text)

    return parse


GLOBAL_VALUES = ("--db", "--now", "--interval")  # the options before a command that take a value
GLOBAL_FLAGS = ("--demo",)


def opens_the_app(argv: list[str]) -> bool:
    """Whether ``argv`` is only global options, so it opens the app: then the parser need not know the
    53 commands (building them is a quarter of what the command line does before the app starts).
    Anything else (a command, ``--help``, ``--version``, a mistake) gets the whole parser."""
    rest = iter(argv)
    for word in rest:
        if word in GLOBAL_FLAGS or any(word.startswith(f"{option}=") for option in GLOBAL_VALUES):
            continue
        if word in GLOBAL_VALUES and next(rest, None) is not None:
            continue
        return False
    return True


def build_parser(commands_too: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Household money on autopilot, offline. With no command, opens the app.")
    parser.add_argument("--db", metavar="PATH", help="the database file (default: $ASTRA_TUI_DB or the user data dir)")
    parser.add_argument("--now", metavar="ISO8601", help="act as if it were this instant ($ASTRA_TUI_NOW): due "
                        "work up to it is processed for real and stays processed; not a preview")
    parser.add_argument("--demo", action="store_true", help="use a demo household (a fresh temporary database "
                        "unless --db is given)")
    parser.add_argument("--interval", type=_positive_int(MAX_INTERVAL), default=60, metavar="SECONDS",
                        help="how often the open app processes due work (default 60)")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    if not commands_too:
        parser.set_defaults(group=None)
        return parser
    commands = parser.add_subparsers(dest="group", metavar="COMMAND", parser_class=_Parser)

    users = _group(commands, "users", "household members")
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

    accounts = _group(commands, "accounts", "accounts and balances")
    p = accounts.add_parser("add", help="open an account")
    p.add_argument("--user", required=True, metavar="USER")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", default=AccountKind.CHECKING.value, choices=[k.value for k in AccountKind])
    p.add_argument("--opening-balance", default="0", metavar="AMOUNT")
    _json_flag(p)
    p = accounts.add_parser("list", help="list accounts")
    p.add_argument("--user", metavar="USER")
    _json_flag(p)
    _limit_flag(p)
    _id_actions(accounts, ("freeze", "unfreeze", "close"), "an account")

    txns = _group(commands, "transactions", "deposits and purchases")
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

    routines = _group(commands, "routines", "standing instructions")
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
    _id_actions(routines, ("pause", "activate", "delete"), "a routine")
    _correction_commands(users, accounts, txns, routines)

    transfers = _group(commands, "transfers", "transfer history")
    p = transfers.add_parser("list", help="transfers, newest first")
    p.add_argument("--user", metavar="USER")
    p.add_argument("--account", metavar="ID")
    p.add_argument("--routine", metavar="ID")
    p.add_argument("--status", choices=[s.value for s in TransferStatus])
    _json_flag(p)
    _limit_flag(p)
    _id_actions(transfers, ("cancel",), "a pending transfer")

    _planning_commands(commands)
    _bank_file_commands(commands)

    p = commands.add_parser("process", help="process everything due now")
    _json_flag(p)
    p = commands.add_parser("check", help="verify the ledger's invariants (exit 1 naming any violation)")
    _json_flag(p)
    p = commands.add_parser("backup", help="write a consistent copy of the database")
    p.add_argument("path", metavar="PATH", help="a new file, or a folder to put the copy in")
    _json_flag(p)
    return parser


MAX_FORECAST_DAYS = 1096  # three years


def _planned_fields(p: argparse.ArgumentParser, *, new: bool) -> None:
    p.add_argument("--description", required=new, metavar="TEXT")
    p.add_argument("--amount", required=new, metavar="SIGNED_AMOUNT", help="income positive, a bill negative")
    p.add_argument("--date", required=new, metavar="YYYY-MM-DD", help="its (first) date, today or later")
    p.add_argument("--every", choices=["once", "weekly", "bi-weekly", "monthly"],
                   help="how often (default: once)" if new else "a new schedule (once: a single date)")
    p.add_argument("--until", metavar="YYYY-MM-DD" if new else "YYYY-MM-DD|none",
                   help="the last date it may fall on" + ("" if new else " (none: no end)"))


def _planning_commands(commands: Any) -> None:
    """Planned income and bills, the forecast, and the settings it uses (issue 11)."""
    planned = _group(commands, "planned", "planned income and bills (never posted by themselves)")
    p = planned.add_parser("add", help="plan income (positive) or a bill (negative), once or on a schedule")
    p.add_argument("--user", required=True, metavar="USER")
    p.add_argument("--account", required=True, metavar="ID")
    _planned_fields(p, new=True)
    _json_flag(p)
    p = planned.add_parser("list", help="planned items, with their next date and the dates expected now")
    p.add_argument("--user", metavar="USER")
    p.add_argument("--account", metavar="ID")
    p.add_argument("--all", action="store_true", help="include deleted items")
    _json_flag(p)
    _limit_flag(p)
    p = planned.add_parser("update", help="change a planned item (only what is given)")
    p.add_argument("id", metavar="ID")
    _planned_fields(p, new=False)
    _json_flag(p)
    _id_actions(planned, ("delete",), "a planned item")
    for action, text in (("record", "the money came: record a date that has come as a transaction"),
                         ("dismiss", "the money did not come: a date that has come is no longer expected")):
        p = planned.add_parser(action, help=text)
        p.add_argument("id", metavar="ID")
        p.add_argument("--date", metavar="YYYY-MM-DD", help="which date (default: the oldest expected)")
        if action == "record":
            p.add_argument("--amount", metavar="SIGNED_AMOUNT", help="what came, if not the planned amount")
        _json_flag(p)

    p = commands.add_parser("forecast", help="every balance, day by day, from what is scheduled and planned")
    p.add_argument("--user", metavar="USER", help="whose accounts (default: the app's current person)")
    p.add_argument("--account", metavar="ID", help="one account only")
    p.add_argument("--days", type=_positive_int(MAX_FORECAST_DAYS), default=90, metavar="N",
                   help="how far ahead (default 90, at most 1096: three years)")
    what_if = p.add_mutually_exclusive_group()
    what_if.add_argument("--with-body", metavar="JSON", help="as if these routines (Astra bodies) were made now; "
                         "nothing is written")
    what_if.add_argument("--with-file", metavar="PATH", help="the same, from a file")
    _json_flag(p)

    p = commands.add_parser("settings", help="show or change settings")
    p.add_argument("--warning-days", type=_positive_int(MAX_WARNING_DAYS), metavar="N",
                   help="warn about a routine run the forecast says would fail within N days (default 7)")
    _json_flag(p)


MAX_WARNING_DAYS = 90


def _bank_file_commands(commands: Any) -> None:
    """Bank files in (import, its CSV mappings) and out (export, statements) — issue 12."""
    p = commands.add_parser("import", help="import an OFX, QFX or CSV file from a bank (a preview with --dry-run)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--account", metavar="ID", help="the account it goes into (remembered for an OFX file's account)")
    p.add_argument("--into", action="append", default=[], metavar="DIGITS=ID",
                   help="for a file holding several accounts: the account whose number ends in DIGITS goes into ID")
    p.add_argument("--format", choices=("ofx", "qfx", "csv"), help="the file's format (default: from its name)")
    p.add_argument("--mapping", metavar="NAME", help="read a CSV with this saved mapping")
    p.add_argument("--map", metavar="JSON", help="read a CSV with this mapping (its fields as JSON, over the "
                   "saved or recognised one)")
    p.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under NAME")
    p.add_argument("--dry-run", action="store_true", help="show what it would do; write nothing")
    p.add_argument("--skip-refused", action="store_true", help="import the other rows when some are refused")
    _json_flag(p)
    mappings = _group(commands, "mappings", "saved ways of reading a bank's CSV files")
    p = mappings.add_parser("list", help="the saved mappings")
    _json_flag(p)
    for action, text in (("show", "a saved mapping's fields"), ("delete", "forget a saved mapping")):
        p = mappings.add_parser(action, help=text)
        p.add_argument("name", metavar="NAME")
        _json_flag(p)
    export = _group(commands, "export", "transactions or transfers as CSV or JSON, or the book as a journal")
    for what in ("transactions", "transfers"):
        p = export.add_parser(what, help=f"{what}, oldest first, as CSV or JSON")
        p.add_argument("--account", metavar="ID")
        p.add_argument("--from", dest="first", metavar="YYYY-MM-DD")
        p.add_argument("--to", dest="last", metavar="YYYY-MM-DD")
        p.add_argument("--format", choices=("csv", "json"), required=True)
        _output_flag(p)
    p = export.add_parser("journal", help="the whole book as an hledger/ledger journal")
    _output_flag(p)
    p = commands.add_parser("statements", help="an account's monthly statement: opening, every transaction, closing")
    p.add_argument("account", metavar="ACCOUNT", help="the account's id")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--format", choices=("text", "csv", "html"), default="text")
    _output_flag(p)


def _output_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output", metavar="PATH", help="write to this new file (default: print it)")


def _correction_commands(users: Any, accounts: Any, txns: Any, routines: Any) -> None:
    """Correcting what was created: renames, routine updates, skip and run now, transaction edits."""
    for group, target, metavar in ((users, "user", "USER"), (accounts, "account", "ID"), (routines, "routine", "ID")):
        p = group.add_parser("rename", help=f"give a {target} a new name")
        p.add_argument("id", metavar=metavar)
        p.add_argument("name", metavar="NAME")
        _json_flag(p)
    p = routines.add_parser("update", help="change a routine's fields: a JSON object of the Astra fields that change")
    p.add_argument("id", metavar="ID")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--body", metavar="JSON")
    source.add_argument("--file", metavar="PATH")
    _json_flag(p)
    for action, text in (("skip", "skip a routine's next scheduled run"),
                         ("run", "run a routine once now, outside its schedule")):
        p = routines.add_parser(action, help=text)
        p.add_argument("id", metavar="ID")
        _json_flag(p)
    p = txns.add_parser("edit", help="correct a recorded transaction's amount, date or description")
    p.add_argument("id", metavar="ID")
    p.add_argument("--amount", metavar="SIGNED_AMOUNT")
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--description", metavar="TEXT")
    _json_flag(p)
    p = txns.add_parser("delete", help="delete a recorded transaction")
    p.add_argument("id", metavar="ID")
    _json_flag(p)
