"""What the values of an Astra body are (SPEC §4): the typed fields every kind's body model is built of.

Each type parses one value the way people and scripts write it (money as text or a number, dates as
ISO text, ids as digits) and fails with one clear line; ``BodyModel`` holds the fields every body has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from astra_tui.core import money, schedule
from astra_tui.core.parsing import clean_name, parse_id


def fail(problem: str) -> PydanticCustomError:
    """A value's problem, said in our words (``bodies`` turns it into an AstraError naming the field)."""
    return PydanticCustomError("astra", problem)


def _guard(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


def money_value(value: Any) -> int:
    cents: int = _guard(money.parse_money, value)
    return cents


def _positive_money(value: Any) -> int:
    cents = money_value(value)
    if cents == 0:
        raise fail("must be more than 0.00")
    return cents


def _percent(value: Any) -> int:
    bps: int = _guard(money.parse_percent, value)
    return bps


def _date(value: Any) -> dt.date:
    day: dt.date = _guard(schedule.parse_date, value)
    return day


def _id(value: Any) -> int:
    number: int = _guard(parse_id, value)
    return number


def _name(value: Any) -> str:
    text: str = _guard(clean_name, value)
    return text


def _frequency(value: Any) -> str:
    if value not in schedule.FREQUENCIES:
        raise fail(f"{value!r} is not a frequency; expected weekly, bi-weekly or monthly")
    return str(value)


Money = Annotated[int, BeforeValidator(money_value)]
PositiveMoney = Annotated[int, BeforeValidator(_positive_money)]
Percent = Annotated[int, BeforeValidator(_percent)]
Day = Annotated[dt.date, BeforeValidator(_date)]
Id = Annotated[int, BeforeValidator(_id)]
Name = Annotated[str, BeforeValidator(_name)]
Frequency = Annotated[str, BeforeValidator(_frequency)]


class BodyModel(BaseModel):
    """The fields of every body; each kind's model adds ``type`` (a Literal: the union's tag) and its own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    source_id: Id
    destination_id: Id
