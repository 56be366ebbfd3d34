"""The Astra request bodies (SPEC §4), validated by plain pydantic models.

Each kind declares its body as plain annotations (``core.kinds.values``); here, on the first
validation, each declaration becomes a frozen pydantic model that forbids unknown fields (a
subclass of the declaration, so a validated body is an instance of the kind's own class). A
discriminated union on ``type`` of those models picks the model; unknown fields, missing
fields and malformed values become one ``AstraError`` naming the field. Rules
that need the database (accounts, dates relative to today) are checked in
``astra_tui.core.routines``.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from astra_tui.core.errors import AstraError
from astra_tui.core.kinds import body_models, routine_types
from astra_tui.core.kinds.values import BodyModel
from astra_tui.core.parsing import MAX_NAME, clean_name, parse_id

__all__ = ["MAX_NAME", "clean_name", "load_json", "parse_bodies", "parse_body", "parse_id"]


class _Validated(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_MODELS: dict[type[BodyModel], type[BaseModel]] = {}


def _model(body: type[BodyModel]) -> type[BaseModel]:
    """The pydantic model of a kind's body, made once: its fields (the annotations, read in the kind's
    module), frozen, no others allowed."""
    if body not in _MODELS:
        _MODELS[body] = type(body.__name__, (body, _Validated),
                             {"__module__": body.__module__, "__qualname__": body.__qualname__})
    return _MODELS[body]


@functools.cache
def _adapter(bodies: tuple[type[BodyModel], ...]) -> TypeAdapter[Any]:
    """The discriminated union on ``type`` of the registered kinds' body models."""
    models = tuple(_model(b) for b in bodies)
    union: Any = Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007  (built at run time)
    return TypeAdapter(union)


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
        return AstraError("type", "is required; expected one of " + ", ".join(routine_types()))
    if kind == "union_tag_invalid":
        return AstraError("type",
                          f"{routine_type!r} is not a routine type; expected one of " + ", ".join(routine_types()))
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
        raise AstraError("type", "expected text, one of " + ", ".join(routine_types()))
    try:
        return _adapter(body_models()).validate_python(raw)
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
