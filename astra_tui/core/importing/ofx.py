"""OFX and QFX statements: OFX 1.x (SGML, tags left open) and 2.x (XML), and Quicken's QFX (OFX with
Intuit's tags), parsed by ofxtools from the local file (nothing is fetched from a bank).

ofxtools checks the header and builds the element tree; the statement's transactions are then read from
the tree's text rather than through ofxtools' strict models, so one odd field of a bank's file refuses that
row (with why) instead of the whole file. A row's key is its FITID, the bank's own id for it: the same or an
overlapping download adds nothing. Dates are the date written in the file (``20261102...``), not that
instant moved to another time zone.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass, field
from typing import Any

from astra_tui.core.importing.rows import BankRow, FileProblem, bank_amount, tidy_description

_STATEMENTS = ("STMTRS", "CCSTMTRS")


@dataclass(frozen=True)
class Statement:
    """One account's transactions in a file: ``file_account`` identifies the account at its bank
    (remembered to know which account of the book it goes to), ``label`` says it to a person."""

    file_account: str
    label: str
    rows: list[BankRow] = field(default_factory=list)
    currency: str = ""  # CURDEF: the file's currency ("USD")

    @property
    def card(self) -> bool:
        return self.file_account.startswith("card:")


def looks_like_ofx(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return head.startswith(b"OFXHEADER") or head.startswith(b"<?XML") and b"OFXHEADER" in head


def read_ofx(data: bytes) -> list[Statement]:
    """Every statement of an OFX or QFX file, or FileProblem saying why the file cannot be read."""
    from ofxtools.Parser import OFXTree  # imported when a file is read: the app starts without it

    if not data.strip():
        raise FileProblem("", "the file is empty")
    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(data))
    except Exception as exc:  # ofxtools raises its own errors, ValueError and ElementTree's alike
        raise FileProblem("", f"is not an OFX file ofxtools can read: {_first_line(exc)}") from None
    if not data.rstrip(b"\x00 \t\r\n").upper().endswith(b"</OFX>"):
        raise FileProblem("", "is cut short: it does not end with </OFX> (download it again)")
    root = tree.getroot()
    if root is None:
        raise FileProblem("", "holds no OFX document")
    statements = [_statement(element) for element in root.iter() if element.tag in _STATEMENTS]
    if not statements:
        raise FileProblem("", "holds no bank or credit card statement")
    return statements


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


def _text(element: Any, tag: str) -> str:
    found = element.find(f".//{tag}")
    return html.unescape(found.text or "").strip() if found is not None and found.text else ""


def _statement(element: Any) -> Statement:
    bank, account, kind = _text(element, "BANKID"), _text(element, "ACCTID"), _text(element, "ACCTTYPE")
    if element.tag == "CCSTMTRS":
        file_account, label = f"card:{account}", f"credit card …{account[-4:]}"
    else:
        file_account = f"bank:{bank}:{account}"
        label = f"{(kind or 'bank').lower()} account …{account[-4:]}" + (f" at bank {bank}" if bank else "")
    rows = [_row(number, txn) for number, txn in enumerate(element.iter("STMTTRN"), 1)]
    return Statement(file_account, label, rows, _text(element, "CURDEF").upper())


def _row(number: int, txn: Any) -> BankRow:
    """A transaction of the statement; one the file repeats (the same FITID) has the same key, and the
    preview calls it a duplicate of the first."""
    fitid = _text(txn, "FITID")
    description = tidy_description(_text(txn, "NAME") or _text(txn, "PAYEE") or _text(txn, "TRNTYPE"),
                                   _text(txn, "MEMO"))
    key = f"ofx:{fitid}"

    def refused(column: str, problem: str) -> BankRow:
        return BankRow(number, None, None, description, key, column, problem)

    if not fitid:
        return refused("FITID", "has no transaction id (FITID), so a second import could not tell it apart")
    posted = _text(txn, "DTPOSTED")
    try:
        day = dt.date(int(posted[0:4]), int(posted[4:6]), int(posted[6:8]))
    except ValueError:
        return refused("DTPOSTED", f"{posted!r} is not a date" if posted else "is missing")
    amount_text = _text(txn, "TRNAMT")
    try:
        amount = bank_amount(amount_text, "," if "," in amount_text and "." not in amount_text else ".")
    except ValueError as exc:
        return refused("TRNAMT", str(exc) if amount_text else "is missing")
    return BankRow(number, day, amount, description, key)
