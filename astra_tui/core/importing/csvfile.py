"""CSV files from a bank, read through a mapping: which column holds the date (and how it is written), the
amount (one signed column, or debit and credit columns), the description (one or more columns joined), how
numbers are written (a decimal comma, thousands separators, ``(12.34)`` for a debit), whether to flip the
sign, the header rows to skip, the separator and the encoding.

Mappings are saved by name and reused; a file whose header matches a saved mapping, or one of the common
bank layouts (``mapping``), is recognised without one. A row's key is a fingerprint of its date, amount and
description and of which of the file's identical rows it is (``rows.fingerprint``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from astra_tui.core.importing.mapping import (
    AUTO,
    DATE_FORMATS,
    LAYOUTS,
    Column,
    Layout,
    Mapping,
    guessed,
    header_key,
    layout_for,
    mapping_from,
    normalised,
    said_pattern,
    shown,
)
from astra_tui.core.importing.rows import BankRow, FileProblem, bank_amount, fingerprint, tidy_description

__all__ = ["AUTO", "DATE_FORMATS", "LAYOUTS", "Column", "CsvRead", "Layout", "Mapping", "decode", "guessed",
           "header_key", "layout_for", "mapping_from", "read_csv", "said_pattern", "shown", "sniff"]

_SCAN = 30  # lines looked at for the header (a bank's preamble comes before it)

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
    named = [normalised(c) for c in mapping.columns() if isinstance(c, str)]
    for i, cells in enumerate(lines[:_SCAN]):
        have = {normalised(c) for c in cells}
        if all(n in have for n in named):
            return i
    raise FileProblem("line 1", f"no line of the first {_SCAN} holds the columns the mapping reads "
                      f"({', '.join(str(c) for c in mapping.columns())})")


def _index(column: Column, header: list[str]) -> int:
    if isinstance(column, int):
        return column - 1
    wanted = normalised(column)
    for i, name in enumerate(header):
        if normalised(name) == wanted:
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
