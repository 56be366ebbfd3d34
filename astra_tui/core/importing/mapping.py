"""How a bank's CSV layout is read: the mapping (its fields as JSON, checked field by field), the common
layouts recognised by their header, a first guess for an unknown one, and how headers and date patterns are
said to a person. ``csvfile`` reads a file through a mapping."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from astra_tui.core.errors import AstraError

DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%m/%d/%y", "%d-%m-%Y",
                "%Y%m%d")
AUTO = "auto"

Column = str | int  # a header's name, or a column's number counted from 1


@dataclass(frozen=True)
class Mapping:
    """How to read one bank's CSV layout. Columns are named by their header (or numbered from 1 when the
    file has no header)."""

    date: Column = "Date"
    description: tuple[Column, ...] = ("Description",)
    amount: Column | None = "Amount"  # one signed column; or None, and debit and credit
    debit: Column | None = None
    credit: Column | None = None
    date_format: str = AUTO  # a strftime pattern, or "auto": the one format every row's date fits
    flip_sign: bool = False  # the bank writes money spent as positive
    decimal: str = "."  # or ","; the other marks (and spaces, apostrophes) are thousands separators
    delimiter: str = AUTO  # ",", ";", a tab, "|", or found from the file
    encoding: str = "utf-8"  # a byte-order mark is skipped
    skip_rows: int | None = None  # lines before the header; None: found (the first line that fits)
    header: bool = True

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["description"] = list(self.description)
        return data

    def columns(self) -> list[Column]:
        used = [self.date, *self.description, self.amount, self.debit, self.credit]
        return [c for c in used if c is not None]


_FIELDS = {f for f in Mapping.__dataclass_fields__}


def mapping_from(data: Any, base: Mapping | None = None) -> Mapping:
    """A mapping from its JSON (the fields given, over ``base`` or the defaults), checked; AstraError naming
    the field (``mapping.date_format``) otherwise."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            raise AstraError("mapping", "is not valid JSON") from None
    if not isinstance(data, dict):
        raise AstraError("mapping", "must be a JSON object of the mapping's fields")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise AstraError(f"mapping.{unknown[0]}", f"is not a field of a mapping (fields: {', '.join(sorted(_FIELDS))})")
    values: dict[str, Any] = {}
    for name, value in data.items():
        values[name] = _field(name, value)
    if "debit" in values or "credit" in values:
        values.setdefault("amount", None)
    mapping = replace(base or Mapping(), **values)
    if mapping.amount is None and (mapping.debit is None or mapping.credit is None):
        raise AstraError("mapping.amount", "give one signed amount column, or both debit and credit")
    if mapping.amount is not None and (mapping.debit is not None or mapping.credit is not None):
        raise AstraError("mapping.amount", "give one signed amount column or debit and credit, not both")
    if not mapping.description:
        raise AstraError("mapping.description", "name at least one column")
    return mapping


def _column(name: str, value: Any) -> Column:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise AstraError(f"mapping.{name}", "must be a column's header or its number (from 1)")
    if isinstance(value, int):
        if not 1 <= value <= 1000:
            raise AstraError(f"mapping.{name}", f"{value} is not a column number (1 to 1000)")
        return value
    text = value.strip()
    if not text or len(text) > 200:
        raise AstraError(f"mapping.{name}", "must be a column's header (1 to 200 characters)")
    return text


def _field(name: str, value: Any) -> Any:
    if name in ("date", "amount", "debit", "credit"):
        return None if value is None and name != "date" else _column(name, value)
    if name == "description":
        parts = value if isinstance(value, list) else [value]
        if not 1 <= len(parts) <= 10:
            raise AstraError("mapping.description", "name one to ten columns")
        return tuple(_column(name, part) for part in parts)
    if name in ("flip_sign", "header"):
        if not isinstance(value, bool):
            raise AstraError(f"mapping.{name}", "must be true or false")
        return value
    if name == "decimal":
        if value not in (".", ","):
            raise AstraError("mapping.decimal", 'must be "." or ","')
        return value
    if name == "delimiter":
        if value not in (AUTO, ",", ";", "\t", "|"):
            raise AstraError("mapping.delimiter", 'must be ",", ";", "\\t", "|" or "auto"')
        return value
    if name == "encoding":
        if not isinstance(value, str):
            raise AstraError("mapping.encoding", "must be the name of an encoding, such as utf-8 or cp1252")
        try:
            found = codecs.lookup(value)
        except LookupError:
            raise AstraError("mapping.encoding", f"{value!r} is not an encoding Python knows") from None
        if not getattr(found, "_is_text_encoding", True):  # base64, zlib, rot13…: not a way of writing text
            raise AstraError("mapping.encoding", f"{value!r} is not a text encoding (such as utf-8 or cp1252)")
        return found.name
    if name == "date_format":
        if not isinstance(value, str) or not value.strip():
            raise AstraError("mapping.date_format", 'must be a date pattern such as "%m/%d/%Y", or "auto"')
        if value != AUTO:
            _check_pattern(value)
        return value
    # skip_rows
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        raise AstraError("mapping.skip_rows", "must be a whole number of lines from 0 to 1000")
    return value


def _check_pattern(pattern: str) -> None:
    if not all(code in pattern for code in ("%d", "%m")) or not ("%Y" in pattern or "%y" in pattern):
        raise AstraError("mapping.date_format", f"{pattern!r} needs a day (%d), a month (%m) and a year (%Y or %y)")
    try:
        dt.date(2026, 11, 2).strftime(pattern)
    except ValueError:
        raise AstraError("mapping.date_format", f"{pattern!r} is not a date pattern") from None


# -- common layouts, recognised by their header ------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    name: str
    needs: tuple[str, ...]  # header names that must all be there (case and spacing aside)
    mapping: Mapping


LAYOUTS = (
    Layout("astra-tui export", ("id", "date", "account_id", "account", "amount", "description", "origin"),
           Mapping(date="date", description=("description",), amount="amount", date_format="%Y-%m-%d")),
    Layout("Chase checking", ("Details", "Posting Date", "Description", "Amount", "Type", "Balance"),
           Mapping(date="Posting Date", date_format="%m/%d/%Y")),
    Layout("Chase card", ("Transaction Date", "Post Date", "Description", "Category", "Type", "Amount"),
           Mapping(date="Transaction Date", date_format="%m/%d/%Y")),
    Layout("Bank of America card", ("Posted Date", "Reference Number", "Payee", "Address", "Amount"),
           Mapping(date="Posted Date", description=("Payee",), date_format="%m/%d/%Y")),
    Layout("Capital One card", ("Transaction Date", "Posted Date", "Card No.", "Description", "Debit", "Credit"),
           Mapping(date="Transaction Date", amount=None, debit="Debit", credit="Credit")),
    Layout("German giro (Betrag)", ("Buchungstag", "Verwendungszweck", "Betrag"),
           Mapping(date="Buchungstag", description=("Beguenstigter/Zahlungspflichtiger", "Verwendungszweck"),
                   amount="Betrag", decimal=",", delimiter=";", encoding="cp1252", date_format="%d.%m.%y")),
    Layout("Date, description, memo, amount", ("Date", "Description", "Memo", "Amount"),
           Mapping(description=("Description", "Memo"))),
    Layout("Date, description, debit, credit", ("Date", "Description", "Debit", "Credit"),
           Mapping(amount=None, debit="Debit", credit="Credit")),
    Layout("Date, description, amount", ("Date", "Description", "Amount"), Mapping()),
)


def normalised(name: str) -> str:
    return " ".join(name.casefold().split())


def shown(header: list[str]) -> str:
    """A header as a message names it: on one line, each column as written (spacing made single), at most
    the first twelve."""
    names = [" ".join("".join(ch if ch.isprintable() else " " for ch in h).split()) or "(blank)" for h in header]
    return ", ".join(names[:12]) + (", …" if len(names) > 12 else "")


def said_pattern(pattern: str) -> str:
    """A date pattern as a person reads it: ``%m/%d/%Y`` is ``MM/DD/YYYY``."""
    return pattern.replace("%Y", "YYYY").replace("%y", "YY").replace("%m", "MM").replace("%d", "DD")


_GUESSES = (("date", ("date", "datum", "buchungstag", "posted", "when", "day")),
            ("amount", ("amount", "betrag", "value", "sum", "total", "montant")),
            ("description", ("description", "payee", "details", "memo", "name", "verwendungszweck", "narrative")))


def guessed(header: list[str]) -> Mapping | None:
    """A first try at reading an unknown layout: the columns whose names say date, amount and description
    (the person corrects it in the app); None when no date and amount column can be told."""
    found: dict[str, str] = {}
    for field_name, words in _GUESSES:
        for name in header:
            if any(word in normalised(name) for word in words) and name not in found.values():
                found[field_name] = name
                break
    if "date" not in found or "amount" not in found:
        return None
    return Mapping(date=found["date"], amount=found["amount"],
                   description=(found["description"],) if "description" in found else (found["amount"],))


def layout_for(header: list[str]) -> Layout | None:
    have = {normalised(h) for h in header}
    for layout in LAYOUTS:
        if all(normalised(n) in have for n in layout.needs):
            # a description column the layout names but this bank leaves out is simply not read
            return replace(layout, mapping=replace(layout.mapping, description=tuple(
                d for d in layout.mapping.description if not isinstance(d, str) or normalised(d) in have)))
    return None


def header_key(header: list[str]) -> str:
    """A header as a saved mapping remembers it (case and spacing aside)."""
    return "\t".join(normalised(h) for h in header)
