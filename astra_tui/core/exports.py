"""Exports that other tools read (issue 12 §6): transactions and transfers as CSV or JSON, and the whole book
as an hledger / ledger journal.

CSV and JSON carry money as strings with two decimals, as the command line's JSON does, and dates as
``YYYY-MM-DD``. A transactions CSV is read back by ``import`` (its header is a layout astra-tui knows), so an
export imported into a fresh book reproduces every balance.

The journal names each account ``assets:PERSON:ACCOUNT`` (a credit card: ``liabilities:…``). A transfer is
one transaction of two postings (the money left one account and came into the other); an opening balance
is balanced by ``equity:opening balances``; a deposit or purchase by ``income:PERSON`` or
``expenses:PERSON``. hledger's balances of the accounts equal astra-tui's to the cent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

from astra_tui.core.money import format_money, money_json
from astra_tui.core.read import exports as read_exports
from astra_tui.core.read.db import Reader
from astra_tui.vocab import AccountKind, Origin

TRANSACTION_COLUMNS = ("id", "date", "account_id", "account", "person", "amount", "description", "origin",
                       "transfer_id")
TRANSFER_COLUMNS = ("id", "date", "status", "routine_id", "routine", "person", "source_id", "source",
                    "destination_id", "destination", "amount", "reason")


def _transaction_values(t: read_exports.TransactionLine) -> list[Any]:
    return [t.id, t.posted_on, t.account_id, t.account, t.person, money_json(t.amount), t.description, t.origin,
            t.transfer_id]


def _transfer_values(t: read_exports.TransferLine) -> list[Any]:
    return [t.id, t.scheduled_for, t.status, t.routine_id, t.routine, t.person, t.source_id, t.source,
            t.destination_id, t.destination, money_json(t.amount), t.reason]


def export(db: Reader, what: str, fmt: str, account_id: int | None = None, first: dt.date | None = None,
           last: dt.date | None = None, **transfer_filters: Any) -> str:
    """``transactions`` or ``transfers`` (of one account, between two dates; transfers also by person,
    status and routine, as the history filters them) as ``csv`` or ``json`` text."""
    columns: tuple[str, ...]
    if what == "transactions":
        columns, rows = TRANSACTION_COLUMNS, [_transaction_values(t) for t in
                                              read_exports.transactions(db, account_id, first, last)]
    else:
        columns, rows = TRANSFER_COLUMNS, [_transfer_values(t) for t in
                                           read_exports.transfers(db, account_id, first, last, **transfer_filters)]
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


# -- the journal -------------------------------------------------------------------------------------------

def _name(text: str) -> str:
    """A part of an hledger account name: no colon (it separates the parts), single spaces only."""
    return " ".join(text.replace(":", "-").replace(";", ",").split()) or "unnamed"


def _unique(names: dict[int, str]) -> dict[int, str]:
    """Names made from different things that came out the same ("Pot:1" and "Pot-1") get their ids, so
    hledger never adds two accounts together."""
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return {key: f"{name} #{key}" if counts[name.casefold()] > 1 else name for key, name in names.items()}


def journal_names(db: Reader) -> tuple[dict[int, str], dict[int, str]]:
    """The journal's account for each account (``assets:PERSON:ACCOUNT``), and each person's part of a name."""
    people = _unique({uid: _name(name) for uid, name in db.execute("SELECT id, name FROM users")})
    accounts = _unique({
        aid: f"{'liabilities' if kind == AccountKind.CREDIT_CARD else 'assets'}:{people[uid]}:{_name(name)}"
        for aid, uid, name, kind in db.execute("SELECT id, user_id, name, kind FROM accounts")})
    return accounts, people


def _amount(cents: int) -> str:
    return format_money(cents)  # $1,234.56 or -$1,234.56: the commodity directive says how to read it


def _entry(day: str, description: str, comment: str, postings: Iterable[tuple[str, int | None]]) -> str:
    lines = [f"{day} {description}".rstrip() + f"  ; {comment}"]
    for account, cents in postings:
        lines.append(f"    {account}" + (f"  {_amount(cents)}" if cents is not None else ""))
    return "\n".join(lines)


def journal(db: Reader, today: dt.date) -> str:
    """The whole book as an hledger journal, oldest first."""
    lines = list(read_exports.transactions(db))
    names, people = journal_names(db)
    owner = dict(db.execute("SELECT id, user_id FROM accounts").fetchall())
    legs: dict[int, list[read_exports.TransactionLine]] = {}
    for t in lines:
        if t.transfer_id is not None:
            legs.setdefault(t.transfer_id, []).append(t)
    entries = [f"; astra-tui journal, written {today.isoformat()}", "commodity $1,000.00", ""]
    for t in lines:
        description = " ".join(t.description.split())
        if t.transfer_id is not None:
            pair = legs.get(t.transfer_id, [])
            if not pair or pair[0] is not t:
                continue  # a transfer is written once, at its first leg
            postings: list[tuple[str, int | None]] = [(names[leg.account_id], leg.amount) for leg in pair]
            if sum(leg.amount for leg in pair) != 0 or len(pair) != 2:
                postings.append(("equity:unbalanced transfers", None))  # never in a sound book (check says so)
            entries.append(_entry(t.posted_on, description or "Transfer", f"astra-tui transfer {t.transfer_id}",
                                  postings) + "\n")
            continue
        if t.origin == Origin.OPENING:
            other = "equity:opening balances"
            description = description or "Opening balance"
        else:
            other = f"{'income' if t.amount > 0 else 'expenses'}:{people[owner[t.account_id]]}"
            description = description or ("Deposit" if t.amount > 0 else "Purchase")
        entries.append(_entry(t.posted_on, description, f"astra-tui transaction {t.id} ({t.origin})",
                              [(names[t.account_id], t.amount), (other, None)]) + "\n")
    return "\n".join(entries)
