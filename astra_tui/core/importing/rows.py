"""A bank row as read from a file, and the cleaning every format shares.

Amounts become integer cents through the same parser as every amount typed (``money.parse_money``) once
a bank's way of writing them (a decimal comma, thousands separators, ``(12.34)`` for a debit, a currency
sign) is normalised, digit by digit. Descriptions are tidied rather than refused: a bank's memo
may be long or hold a tab, and a person should not lose a whole file to that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from astra_tui.core import money

MAX_DESCRIPTION = 200  # as a transaction's (ledger.MAX_DESCRIPTION)


class FileProblem(Exception):
    """A file that cannot be read at all: damaged, foreign, the wrong encoding. ``where`` says where
    (``line 12``), ``problem`` what."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where, self.problem = where, problem


@dataclass(frozen=True, slots=True)
class BankRow:
    """One transaction of a bank file. ``number`` is where a person finds it (a CSV's line, an OFX
    statement's n-th transaction); ``key`` what makes it the same row when the file is imported again.
    A row that cannot be read has ``problem`` (and ``column``, the column or field it is about)."""

    number: int
    posted_on: dt.date | None
    amount: int | None
    description: str
    key: str
    column: str = ""
    problem: str = ""

    @property
    def readable(self) -> bool:
        return not self.problem


_SIGNS = re.compile(r"[$€£¥]|\b(?:USD|EUR|GBP|CAD)\b", re.IGNORECASE)
# The whole part of an amount with thousands marks, in groups of three: 1,234,567 (or 1.234.567, 1 234 567,
# 1'234'567 when the decimal mark is a comma). A mark anywhere else is not a thousands mark.
_GROUPED = {".": re.compile(r"\d{1,3}(?:([,' \u00a0\u202f])\d{3})(?:\1\d{3})*"),
            ",": re.compile(r"\d{1,3}(?:([.' \u00a0\u202f])\d{3})(?:\1\d{3})*")}
_COMMON = re.compile(r"(-?)(\d{1,9})\.(\d\d)")  # below 1,000,000,000.00: within the largest amount


def bank_amount(text: str, decimal: str = ".") -> int:
    """Cents from a bank's way of writing an amount: ``-1,234.56``, ``1.234,56`` (``decimal=","``),
    ``(12.34)`` or ``12.34-`` for a debit, ``+5``, ``$ 3.00``, ``1 234,56``. Raises ValueError saying why."""
    raw = text.strip()
    plain = _COMMON.fullmatch(raw) if decimal == "." else None
    if plain is not None:  # most banks' way, read at once: -1234.56
        sign, whole, cents = plain.groups()
        amount = int(whole) * 100 + int(cents)
        return -amount if sign else amount
    value = _SIGNS.sub("", raw).strip()
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1].strip()
    if value.endswith("-"):
        negative, value = not negative, value[:-1].strip()
    if value and value[0] in "+-":
        negative, value = (not negative if value[0] == "-" else negative), value[1:].strip()
    value = _SIGNS.sub("", value).strip()
    if not value:
        raise ValueError(f"{raw!r} is not an amount" if raw else "is empty")
    whole, mark, part = value.rpartition(decimal) if decimal in value else (value, "", "")
    other = "," if decimal == "." else "."
    grouped = _GROUPED[decimal].fullmatch(whole)
    if not whole.isdigit() and grouped is None:
        if other in whole and not mark and _GROUPED[other].fullmatch(whole) is None:
            raise ValueError(f"{raw!r} is not an amount written with {decimal!r} as the decimal mark (a decimal "
                             f"{'comma' if decimal == '.' else 'point'}? say so in the mapping)")
        raise ValueError(f"{raw!r} is not an amount")
    if mark and not part.isdigit():
        raise ValueError(f"{raw!r} is not an amount")
    if len(part) > 2:
        raise ValueError(f"{raw!r} has more than two decimals")
    digits = "".join(ch for ch in whole if ch.isdigit())
    cents = money.parse_money(f"{digits}.{part}" if part else digits)
    return -cents if negative else cents


def tidy_description(*parts: str) -> str:
    """The parts that say something, joined by " — " (a repeated part once), control characters and runs of
    spaces made single spaces, cut to the longest description there may be (with "…")."""
    seen: list[str] = []
    for part in parts:
        text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") else ch for ch in part or "")
        text = " ".join(text.split())
        if text and text.casefold() not in (s.casefold() for s in seen):
            seen.append(text)
    joined = " — ".join(seen)
    return joined if len(joined) <= MAX_DESCRIPTION else joined[:MAX_DESCRIPTION - 1].rstrip() + "…"


def fingerprint(posted_on: dt.date, amount: int, description: str, occurrence: int) -> str:
    """A CSV row's key: its date, amount and description (case and spacing aside) and which of the file's
    identical rows it is (two $4.50 coffees on one day are two rows; the same file again adds neither)."""
    said = " ".join(description.casefold().split())
    digest = hashlib.blake2b(f"{posted_on.isoformat()}|{amount}|{said}|{occurrence}".encode(), digest_size=16)
    return f"csv:{digest.hexdigest()}"
