"""What the values of an Astra body are (SPEC §4): the typed fields every kind's body is declared with.

A body is declared as plain annotations (``BodyModel`` and a kind's subclass of it), so the kinds — their
labels, summaries and dates — load without pydantic: the read commands and the app's first screens need
nothing more. ``core.bodies`` builds the pydantic model of a body when a body is first validated.

Each type below is a Python type and the plain function that reads one value the way people and scripts
write it (money as text or a number, dates as ISO text, ids as digits), raising ValueError with one clear
line; ``core.bodies`` reports that line against the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from astra_tui.core import money, schedule
from astra_tui.core.parsing import clean_name, parse_id


@dataclass(frozen=True)
class Parsed:
    """The mark of a body field read by ``parse`` before it is checked as its type."""

    parse: Callable[[Any], Any]

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        """Asked by pydantic when it builds a body model (never on a read): ``parse`` runs first, and its
        ValueError is the field's problem in our words (the error type ``astra``)."""
        from pydantic_core import PydanticCustomError, core_schema

        parse = self.parse

        def read(value: Any) -> Any:
            try:
                return parse(value)
            except ValueError as exc:
                raise PydanticCustomError("astra", str(exc)) from None

        return core_schema.no_info_before_validator_function(read, handler(source))


def _positive_money(value: Any) -> int:
    cents = money.parse_money(value)
    if cents == 0:
        raise ValueError("must be more than 0.00")
    return cents


def _frequency(value: Any) -> str:
    if value not in schedule.FREQUENCIES:
        raise ValueError(f"{value!r} is not a frequency; expected weekly, bi-weekly or monthly")
    return str(value)


Money = Annotated[int, Parsed(money.parse_money)]
PositiveMoney = Annotated[int, Parsed(_positive_money)]
Percent = Annotated[int, Parsed(money.parse_percent)]
Day = Annotated[dt.date, Parsed(schedule.parse_date)]
Id = Annotated[int, Parsed(parse_id)]
Name = Annotated[str, Parsed(clean_name)]
Frequency = Annotated[str, Parsed(_frequency)]


class BodyModel:
    """The fields of every body; each kind's body adds ``type`` (a Literal: the union's tag) and its own.

    A declaration only: a validated body is an instance of the pydantic model ``core.bodies`` builds from
    the kind's class (a subclass of it), frozen, with no fields but these."""

    name: Name
    source_id: Id
    destination_id: Id
