"""The Astra request bodies (SPEC §4), validated by plain pydantic models.

A discriminated union on ``type`` picks the model; unknown fields, missing
fields and malformed values become one ``AstraError`` naming the field. Rules
that need the database (accounts, dates relative to today) are checked in
``astra_tui.core.routines``.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from astra_tui.core import money, schedule
from astra_tui.core.errors import AstraError

MAX_NAME = 100
FIFTY_TWO_WEEK_MIN, FIFTY_TWO_WEEK_MAX = 100, 500


def _fail(problem: str) -> PydanticCustomError:
    return PydanticCustomError("astra", problem)


def _guard(parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except ValueError as exc:
        raise _fail(str(exc)) from None


def _money(value: Any) -> int:
    return _guard(money.parse_money, value)


def _positive_money(value: Any) -> int:
    cents = _money(value)
    if cents == 0:
        raise _fail("must be more than 0.00")
    return cents


def _challenge_step(value: Any) -> int:
    cents = _money(value)
    if not FIFTY_TWO_WEEK_MIN <= cents <= FIFTY_TWO_WEEK_MAX:
        raise _fail(f"{money.format_money(cents)} is outside the challenge's range of $1.00 to $5.00")
    return cents


def _percent(value: Any) -> int:
    return _guard(money.parse_percent, value)


def _date(value: Any) -> dt.date:
    return _guard(schedule.parse_date, value)


def parse_id(value: Any) -> int:
    """An id: a positive integer, or a string of digits (Astra ids are strings)."""
    if isinstance(value, bool):
        raise ValueError("expected an id, got true/false")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    elif isinstance(value, Decimal) and value == value.to_integral_value() and value.is_finite():
        number = int(value)
    else:
        raise ValueError(f"{value!r} is not an id")
    if number <= 0 or number > 2**63 - 1:
        raise ValueError(f"{number} is not an id")
    return number


def _id(value: Any) -> int:
    return _guard(parse_id, value)


def clean_name(value: Any, *, max_length: int = MAX_NAME) -> str:
    """A display name: trimmed, not empty, at most ``max_length``, no control characters."""
    if not isinstance(value, str):
        raise ValueError("expected text")
    text = value.strip()
    if not text:
        raise ValueError("is empty")
    if len(text) > max_length:
        raise ValueError(f"is {len(text)} characters; at most {max_length} are allowed")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise ValueError("contains a control character")
    return text


def _name(value: Any) -> str:
    return _guard(clean_name, value)


def _frequency(value: Any) -> str:
    if value not in schedule.FREQUENCIES:
        raise _fail(f"{value!r} is not a frequency; expected weekly, bi-weekly or monthly")
    return value


Money = Annotated[int, BeforeValidator(_money)]
PositiveMoney = Annotated[int, BeforeValidator(_positive_money)]
ChallengeStep = Annotated[int, BeforeValidator(_challenge_step)]
Percent = Annotated[int, BeforeValidator(_percent)]
Day = Annotated[dt.date, BeforeValidator(_date)]
Id = Annotated[int, BeforeValidator(_id)]
Name = Annotated[str, BeforeValidator(_name)]
Frequency = Annotated[str, BeforeValidator(_frequency)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    source_id: Id
    destination_id: Id


class OneTimeBody(_Body):
    """Quick (no start_date), one-time (start_date), or P2P (destination_user_id)."""

    type: Literal["one-time"]
    amount: PositiveMoney
    start_date: Day | None = None
    destination_user_id: Id | None = None


class RecurringBody(_Body):
    type: Literal["recurring"]
    amount: PositiveMoney
    start_date: Day
    frequency: Frequency


class SweepBody(_Body):
    type: Literal["sweep"]
    min_balance: Money
    start_date: Day
    frequency: Frequency


class PercentageDepositBody(_Body):
    type: Literal["percentage-based"]
    percent_of_transaction: Percent
    minimum_transaction_threshold: Money
    start_date: Day


class PercentageBalanceBody(_Body):
    type: Literal["percentage-balance"]
    percent_of_balance: Percent
    start_date: Day
    frequency: Frequency


class RefillBody(_Body):
    type: Literal["refill"]
    amount: PositiveMoney
    threshold: PositiveMoney
    start_date: Day


class RoundUpBody(_Body):
    type: Literal["round-up"]
    spending_id: Id
    start_date: Day


class FiftyTwoWeekBody(_Body):
    type: Literal["fifty-two-week"]
    amount_start: ChallengeStep
    amount_increment: ChallengeStep
    start_date: Day


RoutineBody = Annotated[
    (
        OneTimeBody
        | RecurringBody
        | SweepBody
        | PercentageDepositBody
        | PercentageBalanceBody
        | RefillBody
        | RoundUpBody
        | FiftyTwoWeekBody
    ),
    Field(discriminator="type"),
]
ROUTINE_TYPES = (
    "one-time",
    "recurring",
    "sweep",
    "percentage-based",
    "percentage-balance",
    "refill",
    "round-up",
    "fifty-two-week",
)
_ADAPTER: TypeAdapter[Any] = TypeAdapter(RoutineBody)


def _field_of(loc: tuple[Any, ...]) -> str:
    # The first element is the union tag (e.g. "recurring"); the rest is the field path.
    parts = [str(p) for p in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    return ".".join(parts) or "body"


def _error_from(exc: ValidationError, raw: Any) -> AstraError:
    error = exc.errors(include_url=False)[0]
    kind, loc = error["type"], tuple(error["loc"])
    routine_type = raw.get("type") if isinstance(raw, dict) else None
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return AstraError("body", "expected a JSON object")
    if kind == "union_tag_not_found":
        return AstraError("type", "is required; expected one of " + ", ".join(ROUTINE_TYPES))
    if kind == "union_tag_invalid":
        return AstraError("type",
                          f"{routine_type!r} is not a routine type; expected one of " + ", ".join(ROUTINE_TYPES))
    field = _field_of(loc)
    if kind == "missing":
        return AstraError(field, f"is required for a {routine_type} routine")
    if kind == "extra_forbidden":
        return AstraError(field, f"is not a field of a {routine_type} routine")
    if kind == "astra":
        return AstraError(field, error["msg"])
    return AstraError(field, error["msg"].lower())


def parse_body(raw: Any) -> Any:
    """Validate one Astra body (a dict) into its typed model, or raise AstraError."""
    if not isinstance(raw, dict):
        raise AstraError("body", "expected a JSON object")
    if "type" in raw and not isinstance(raw["type"], str):
        raise AstraError("type", "expected text, one of " + ", ".join(ROUTINE_TYPES))
    try:
        return _ADAPTER.validate_python(raw)
    except ValidationError as exc:
        raise _error_from(exc, raw) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def load_json(text: str) -> Any:
    """Parse JSON text with exact decimals, never binary; NaN and Infinity are errors."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as exc:
        raise AstraError("body", f"is not valid JSON ({exc})") from None
    except RecursionError:
        raise AstraError("body", "is nested too deeply") from None


def parse_bodies(raw: Any) -> tuple[list[Any], bool]:
    """A body or a list of bodies → (models, was_a_list). Errors in a list name its index."""
    if isinstance(raw, list):
        if not raw:
            raise AstraError("body", "is an empty list; give at least one routine")
        models = []
        for index, item in enumerate(raw):
            try:
                models.append(parse_body(item))
            except AstraError as exc:
                raise exc.within(f"body[{index}]") from None
        return models, True
    return [parse_body(raw)], False
