"""The one error type a person sees, and the database's own case of it.

They live in the lowest layer so that storage (engine, backup) can raise them without importing the core;
``astra_tui.core.errors`` re-exports both, and everything above the data layer imports them from there.
"""

from __future__ import annotations


class AstraError(Exception):
    """Bad input or a broken rule. Rendered as one line: ``field: problem``."""

    def __init__(self, field: str | None, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.field}: {self.problem}" if self.field else self.problem

    def within(self, prefix: str) -> AstraError:
        """The same error with its field nested under ``prefix`` (e.g. ``routines[2]``)."""
        field = f"{prefix}.{self.field}" if self.field and self.field != "body" else prefix
        return AstraError(field, self.problem)


class DatabaseProblem(AstraError):
    """The database file cannot be used: locked, unreadable, foreign, too new."""

    def __init__(self, problem: str) -> None:
        super().__init__(None, problem)
