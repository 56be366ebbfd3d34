"""CSV files from a bank, read through a mapping: which column holds the date (and how it is written), the
amount (one signed column, or debit and credit columns), the description (one or more columns joined), how
numbers are written (a decimal comma, thousands separators, ``(12.34)`` for a debit), whether to flip the
sign, the header rows to skip, the separator and the encoding.

Mappings are saved by name and reused; a file whose header matches a saved mapping, or one of the common
bank layouts below, is recognised without one. A row's key is a fingerprint of its date, amount and
description and of which of the file's identical rows it is (``rows.fingerprint``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from astra_tui.core.errors import AstraError
from astra_tui.core.importing.rows import BankRow, FileProblem, bank_amount, fingerprint, tidy_description

DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%m/%d/%y", "%d-%m-%Y",
                "%Y%m%d")
AUTO = "auto"
_SCAN = 30  # lines looked at for the header (a bank's preamble comes before it)

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


def _norm(name: str) -> str:
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
            if any(word in _norm(name) for word in words) and name not in found.values():
                found[field_name] = name
                break
    if "date" not in found or "amount" not in found:
        return None
    return Mapping(date=found["date"], amount=found["amount"],
                   description=(found["description"],) if "description" in found else (found["amount"],))


def layout_for(header: list[str]) -> Layout | None:
    have = {_norm(h) for h in header}
    for layout in LAYOUTS:
        if all(_norm(n) in have for n in layout.needs):
            # a description column the layout names but this bank leaves out is simply not read
            return replace(layout, mapping=replace(layout.mapping, description=tuple(
                d for d in layout.mapping.description if not isinstance(d, str) or _norm(d) in have)))
    return None


def header_key(header: list[str]) -> str:
    """A header as a saved mapping remembers it (case and spacing aside)."""
    return "\t".join(_norm(h) for h in header)


# -- reading ----------------------------------------------------------------------------------------------

@dataclass
class CsvRead:
    """What a CSV file holds, read through a mapping: the header (if any), the rows, and how it was read."""

    header: list[str]
    rows: list[BankRow]
    mapping: Mapping
    date_format: str  # the pattern the dates were read with (the one found, for "auto")
    delimiter: str
    skipped: int  # lines before the header
    sample: list[list[str]] = field(default_factory=list)  # the first rows' cells, as read


def decode(data: bytes, encoding: str) -> str:
    """The file's text; FileProblem naming the line where it is not ``encoding``."""
    if encoding in ("utf-8", "utf_8") and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeError) as exc:
        if not isinstance(exc, UnicodeDecodeError):
            raise FileProblem("", f"cannot be read as {encoding}: {exc}") from None
        line = data[:exc.start].count(b"\n") + 1
        raise FileProblem(f"line {line}", f"is not {encoding} text (byte {data[exc.start]:#04x}); give the "
                          "file's encoding in the mapping, such as cp1252 or latin-1") from None


def _lines(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise FileProblem("", f"is not a CSV file that can be read: {exc}") from None


def _delimiter(text: str) -> str:
    head = "\n".join(text.splitlines()[:_SCAN])
    counts = {d: head.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def sniff(data: bytes, mapping: Mapping | None = None) -> tuple[list[str], int, str]:
    """The file's header, the lines before it and its separator, without a mapping: the first line with as
    many cells as the most common width among the first lines (a bank's preamble has fewer)."""
    encoding = mapping.encoding if mapping else "utf-8"
    if encoding in ("utf-8", "utf_8") and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    text = data.decode(encoding, errors="replace")  # enough to find the header
    delimiter = mapping.delimiter if mapping and mapping.delimiter != AUTO else _delimiter(text)
    lines = _lines("\n".join(text.splitlines()[:_SCAN]), delimiter)
    widths = Counter(len(cells) for cells in lines if len(cells) > 1)
    if not widths:
        raise FileProblem("", "is empty" if not text.strip() else "holds no columns: is it a CSV file?")
    width = max(widths, key=lambda w: (widths[w], w))
    skip = next(i for i, cells in enumerate(lines) if len(cells) == width)
    return [c.strip() for c in lines[skip]], skip, delimiter


def read_csv(data: bytes, mapping: Mapping) -> CsvRead:
    """Every row of ``data`` read through ``mapping``. A row that cannot be read is a BankRow with its
    problem; a file that cannot be read at all is FileProblem."""
    text = decode(data, mapping.encoding)
    delimiter = mapping.delimiter if mapping.delimiter != AUTO else _delimiter(text)
    lines = _lines(text, delimiter)
    if mapping.skip_rows is None:
        if mapping.header:
            skip = _header_line(lines, mapping)
        else:
            skip = 0
    else:
        skip = mapping.skip_rows
    header = [c.strip() for c in lines[skip]] if mapping.header and skip < len(lines) else []
    first = skip + (1 if mapping.header else 0)
    index = {column: _index(column, header) for column in mapping.columns()}
    cells_of = [(n, cells) for n, cells in enumerate(lines[first:], first + 1) if "".join(cells).strip()]
    del lines
    date_format = mapping.date_format
    if date_format == AUTO:
        date_format = _date_format([_cell(cells, index[mapping.date]) for _, cells in cells_of])
    rows: list[BankRow] = []
    occurrences: Counter[tuple[dt.date, int, str]] = Counter()
    seen = _Seen(date_format)
    for number, cells in cells_of:
        rows.append(_row(number, cells, mapping, index, seen, occurrences))
    sample = [cells for _, cells in cells_of[:5]]
    return CsvRead(header, rows, mapping, date_format, delimiter, skip, sample)


class _Seen:
    """What a file repeats, worked out once: its dates (a year of rows has a few hundred) and descriptions."""

    def __init__(self, date_format: str) -> None:
        self.date_format = date_format
        self.dates: dict[str, dt.date | None] = {}
        self.descriptions: dict[tuple[str, ...], str] = {}

    def date(self, text: str) -> dt.date | None:
        if text not in self.dates:
            try:
                self.dates[text] = dt.datetime.strptime(text, self.date_format).date()
            except ValueError:
                self.dates[text] = None
        return self.dates[text]

    def description(self, parts: tuple[str, ...]) -> str:
        if parts not in self.descriptions:
            self.descriptions[parts] = tidy_description(*parts)
        return self.descriptions[parts]


def _header_line(lines: list[list[str]], mapping: Mapping) -> int:
    """The line holding every named column the mapping reads (the lines before it are a preamble)."""
    named = [_norm(c) for c in mapping.columns() if isinstance(c, str)]
    for i, cells in enumerate(lines[:_SCAN]):
        have = {_norm(c) for c in cells}
        if all(n in have for n in named):
            return i
    raise FileProblem("line 1", f"no line of the first {_SCAN} holds the columns the mapping reads "
                      f"({', '.join(str(c) for c in mapping.columns())})")


def _index(column: Column, header: list[str]) -> int:
    if isinstance(column, int):
        return column - 1
    wanted = _norm(column)
    for i, name in enumerate(header):
        if _norm(name) == wanted:
            return i
    raise FileProblem("header", f"has no column {column!r} ({shown(header) if header else 'the file has no header'})")


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _date_format(values: list[str]) -> str:
    """The first pattern every date of the file fits (US month-first before day-first, as most banks write)."""
    dates = {v for v in values if v}  # each written date once
    for pattern in DATE_FORMATS:
        try:
            for value in dates:
                dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return pattern
    return DATE_FORMATS[0]  # none fits all: each row that does not fit is refused, saying so


def _row(number: int, cells: list[str], mapping: Mapping, index: dict[Column, int], seen: _Seen,
         occurrences: Counter[tuple[dt.date, int, str]]) -> BankRow:
    description = seen.description(tuple([_cell(cells, index[c]) for c in mapping.description]))

    def refused(column: Column, problem: str) -> BankRow:
        return BankRow(number, None, None, description, "", str(column), problem)

    date_text = _cell(cells, index[mapping.date])
    day = seen.date(date_text)
    if day is None:
        return refused(mapping.date, f"{date_text!r} is not a date written {seen.date_format}" if date_text
                       else "is empty")
    try:
        if mapping.amount is not None:
            amount = bank_amount(_cell(cells, index[mapping.amount]), mapping.decimal)
        else:
            assert mapping.debit is not None and mapping.credit is not None
            amount = _debit_credit(cells, mapping, index)
    except _Refused as exc:
        return refused(exc.column, exc.problem)
    except ValueError as exc:
        return refused(mapping.amount or "", str(exc))
    if mapping.flip_sign:
        amount = -amount
    occurrences[(day, amount, description.casefold())] += 1
    return BankRow(number, day, amount, description,
                   fingerprint(day, amount, description, occurrences[(day, amount, description.casefold())]))


class _Refused(Exception):
    def __init__(self, column: Column, problem: str) -> None:
        super().__init__(problem)
        self.column, self.problem = column, problem


def _debit_credit(cells: list[str], mapping: Mapping, index: dict[Column, int]) -> int:
    assert mapping.debit is not None and mapping.credit is not None
    total = 0
    given = False
    for column, sign in ((mapping.debit, -1), (mapping.credit, 1)):
        text = _cell(cells, index[column])
        if not text:
            continue
        try:
            total += sign * abs(bank_amount(text, mapping.decimal))
        except ValueError as exc:
            raise _Refused(column, str(exc)) from None
        given = True
    if not given:
        raise _Refused(mapping.debit, f"{mapping.debit} and {mapping.credit} are both empty")
    return total
