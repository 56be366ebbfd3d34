"""The one error type a person sees: a field name and what is wrong with it.

``AstraError`` and ``DatabaseProblem`` are defined in ``astra_tui.db.errors`` (the data layer raises them and
never imports the core) and re-exported here, so the rest of the code keeps importing them from this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from astra_tui.db.errors import AstraError, DatabaseProblem

__all__ = ["AstraError", "DatabaseProblem", "LedgerBroken", "NotFound", "checked"]

T = TypeVar("T")


def checked(field: str, parse: Callable[[Any], T], value: Any) -> T:
    """Run a parser; its ValueError becomes an AstraError naming ``field``."""
    try:
        return parse(value)
    except ValueError as exc:
        raise AstraError(field, str(exc)) from None


class NotFound(AstraError):
    """An id or name that names nothing."""


class LedgerBroken(AstraError):
    """``check`` found violations of the ledger's invariants (exit status 1, not 2: not bad input)."""

    def __init__(self, problem: str) -> None:
        super().__init__(None, problem)
