"""Messages that carry results from worker threads back to the UI (past-tense events)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from astra_tui.core.processor import ProcessSummary
    from astra_tui.core.views import SinceLastRun


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


class ChangeRefused(Message):
    """A change was refused with a message that names the field."""

    def __init__(self, message: str, field: str | None = None, problem: str | None = None) -> None:
        super().__init__()
        self.message = message  # the core's line, as the command line prints it
        self.field = field  # the core's field name, for the form to point at and say in its own words
        self.problem = message if problem is None else problem
