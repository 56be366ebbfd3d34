"""Every kind, found by key or by a stored routine's Astra type.

A kind module registers its kinds with ``@register``; the package imports every module beside this
one (``discover``), so a new kind is a new module and nothing else. ``ALL_KINDS`` is in the wizard's
order; the body union (``core.bodies``) and the wizard's list of kinds are built from it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from typing import Any, TypeVar

from astra_tui.core.kinds.base import Kind, Trigger
from astra_tui.core.kinds.values import BodyModel

K = TypeVar("K", bound=type[Kind])

ALL_KINDS: list[Kind] = []  # kept in the wizard's order
BY_KEY: dict[str, Kind] = {}
_NOT_KINDS = {"base", "registry", "values"}


def register(cls: K) -> K:
    """Class decorator: an instance of ``cls`` joins the registry, in its ``order``."""
    kind = cls()
    if kind.key in BY_KEY:
        raise ValueError(f"two kinds are called {kind.key!r}")
    BY_KEY[kind.key] = kind
    ALL_KINDS.append(kind)
    ALL_KINDS.sort(key=lambda k: k.order)
    return cls


def discover(package: str, path: list[str]) -> None:
    """Import every kind module of the package, so each registers its kinds."""
    for module in pkgutil.iter_modules(path):
        if module.name not in _NOT_KINDS:
            importlib.import_module(f"{package}.{module.name}")


def routine_types() -> list[str]:
    """The Astra types, each once, in the wizard's order."""
    return list(dict.fromkeys(k.type for k in ALL_KINDS))


def body_models() -> tuple[type[BodyModel], ...]:
    """The body models, each once: the members of the discriminated union on ``type``."""
    return tuple(dict.fromkeys(k.body for k in ALL_KINDS))


def kinds_triggered_by(trigger: Trigger) -> list[Kind]:
    return [k for k in ALL_KINDS if k.trigger is trigger]


def kind_for(routine_type: str, start_date: dt.date | None, destination_user_id: int | None) -> Kind:
    """The kind of a stored routine from its Astra type (and, for one-time bodies, its date and receiver)."""
    for kind in ALL_KINDS:
        if kind.type == routine_type and kind.claims(start_date, destination_user_id):
            return kind
    raise KeyError(routine_type)


def kind_of(r: Any) -> Kind:
    """The kind of a routine row, or of a validated body."""
    return kind_for(r.type, r.start_date, getattr(r, "destination_user_id", None))


def columns_from_body(body: Any) -> dict[str, Any]:
    """The type-specific column values of a validated body."""
    return {f.column: getattr(body, f.name) for f in kind_of(body).fields}


def card_payers() -> str:
    """The kinds that may pay a credit card, as a person names them."""
    names = [k.label.lower() for k in ALL_KINDS if k.pays_card]
    return ", ".join(names[:-1]) + " or " + names[-1]
