"""Messages that carry results from worker threads back to the UI (past-tense events)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from astra_tui.core.errors import AstraError

if TYPE_CHECKING:
    from astra_tui.core.read.inbox import SinceLastRun
    from astra_tui.core.summary import ProcessSummary


class CatchUpProgressed(Message):
    def __init__(self, summary: ProcessSummary) -> None:
        super().__init__()
        self.summary = summary


class DueWorkProcessed(Message):
    """Processing finished; ``since`` is set after the launch catch-up."""

    def __init__(self, summary: ProcessSummary, unread: int, newest: str | None,
                 since: SinceLastRun | None = None, user_id: int | None = None, user_name: str = "") -> None:
        super().__init__()
        self.user_id = user_id
        self.user_name = user_name
        self.summary = summary
        self.unread = unread
        self.newest = newest
        self.since = since


class LedgerChanged(Message):
    """A change a person made went through; views should reload."""

    def __init__(self, result: Any = None, outcome: str | None = None) -> None:
        super().__init__()
        self.result = result
        self.outcome = outcome


class Prechecked(Message):
    """The core would make a change (tried and rolled back): go on with ``then(found)`` on the UI thread."""

    def __init__(self, then: Any, found: Any) -> None:
        super().__init__()
        self.then = then
        self.found = found


class InboxRead(Message):
    """The current person's unread count and newest notification, read after a change; ``first`` is the
    first person, just added: (id, name)."""

    def __init__(self, unread: int, newest: str | None, first: tuple[int, str] | None = None) -> None:
        super().__init__()
        self.unread = unread
        self.newest = newest
        self.first = first


class ChangeRefused(Message):
    """A change was refused: what is wrong, and the field it is about (for a form to point at)."""

    def __init__(self, field: str | None, problem: str) -> None:
        super().__init__()
        self.field = field  # the core's field name; the form says it in its own words
        self.problem = problem

    @classmethod
    def of(cls, error: AstraError) -> ChangeRefused:
        return cls(error.field, error.problem)
