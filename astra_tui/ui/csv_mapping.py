"""The form that says how a CSV is read (issue 12 §4): which column holds the date and how dates are written,
the amount (one signed column, or money out and money in), the description, a flipped sign, a decimal comma,
the encoding, and a name to save it under. It is filled from the mapping a file was read with, and gives
back the mapping's JSON as ``import --map`` takes it; the core checks it."""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select

from astra_tui.core.importing.csvfile import DATE_FORMATS, Mapping, said_pattern


class MappingForm(Vertical):
    """The mapping's fields, one line each. Its changes bubble up as the widgets' own messages."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label("Date column", classes="field-label")
            yield Select([], id="m-date", allow_blank=True, prompt="—", compact=True)
            yield Select([("dates: as found", "auto")], value="auto", allow_blank=False, id="m-format",
                         compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Amount", classes="field-label")
            yield Select([], id="m-amount", allow_blank=True, prompt="(signed amount)", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("or Out / In", classes="field-label")
            yield Select([], id="m-debit", allow_blank=True, prompt="(money out)", compact=True)
            yield Select([], id="m-credit", allow_blank=True, prompt="(money in)", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Description", classes="field-label")
            yield Input(id="m-description", placeholder="columns, separated by commas", compact=True)
        with Horizontal(classes="form-row"):
            yield Checkbox("Money out is positive", id="m-flip")
            yield Checkbox("Decimal comma", id="m-comma")
        with Horizontal(classes="form-row"):
            yield Label("Encoding", classes="field-label")
            yield Input(value="utf-8", id="m-encoding", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Save mapping as", classes="field-label")
            yield Input(id="m-save", placeholder="a name, to reuse it (optional)", compact=True)

    def fill(self, mapping: Mapping, header: list[str]) -> None:
        """The columns of ``header`` to choose from, and ``mapping``'s choices."""
        columns = [(name or f"(column {i})", name or i) for i, name in enumerate(header, 1)]
        for select_id, chosen in (("#m-date", mapping.date), ("#m-amount", mapping.amount),
                                  ("#m-debit", mapping.debit), ("#m-credit", mapping.credit)):
            select = self.query_one(select_id, Select)
            select.set_options(columns)
            match = next((value for _, value in columns if chosen is not None and _same(chosen, value)), None)
            if match is not None:
                select.value = match
        formats = self.query_one("#m-format", Select)
        formats.set_options([("dates: as found", "auto"), *((f"dates: {said_pattern(p)}", p) for p in DATE_FORMATS)])
        formats.value = mapping.date_format if mapping.date_format in DATE_FORMATS else "auto"
        self.query_one("#m-description", Input).value = ", ".join(str(d) for d in mapping.description)
        self.query_one("#m-flip", Checkbox).value = mapping.flip_sign
        self.query_one("#m-comma", Checkbox).value = mapping.decimal == ","
        self.query_one("#m-encoding", Input).value = mapping.encoding

    def to_json(self) -> str:
        """The mapping as chosen, as ``import --map`` takes it (a column not chosen falls back to its usual
        header, which the core then names if the file has no such column)."""
        def chosen(select_id: str) -> Any:
            value = self.query_one(select_id, Select).value
            return None if value is Select.NULL or value in (None, "") else value

        amount, debit, credit = chosen("#m-amount"), chosen("#m-debit"), chosen("#m-credit")
        spec: dict[str, Any] = {
            "date": chosen("#m-date") or "Date",
            "description": [part.strip() for part in self.query_one("#m-description", Input).value.split(",")
                            if part.strip()] or ["Description"],
            "date_format": self.query_one("#m-format", Select).value,
            "flip_sign": self.query_one("#m-flip", Checkbox).value,
            "decimal": "," if self.query_one("#m-comma", Checkbox).value else ".",
            "encoding": self.query_one("#m-encoding", Input).value.strip() or "utf-8",
        }
        if debit is not None or credit is not None:
            spec.update(amount=None, debit=debit, credit=credit)
        else:
            spec.update(amount=amount or "Amount", debit=None, credit=None)
        return json.dumps(spec)

    def save_as(self) -> str | None:
        return self.query_one("#m-save", Input).value.strip() or None


def _same(chosen: Any, value: Any) -> bool:
    """A mapping's column and a header's: the same column (numbers equal; names alike, case and spacing aside)."""
    if isinstance(chosen, int) or isinstance(value, int):
        return bool(chosen == value)
    return " ".join(str(chosen).casefold().split()) == " ".join(str(value).casefold().split())
