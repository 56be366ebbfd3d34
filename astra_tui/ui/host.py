"""What a screen may ask of the app it runs in.

Screens, forms and the wizard are written against this protocol rather than the app class, so nothing
under the app imports ``ui/app.py`` back (the app imports its screens; they never import it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.dom import DOMNode
from textual.widget import Widget

if TYPE_CHECKING:
    from astra_tui.core.clock import Clock
    from astra_tui.core.read.db import Reader, ReadPool


class Host(Protocol):
    clock: Clock
    db_path: Path
    first_view: Any  # the accounts screen's first data, read before Textual started
    ready: bool  # the launch catch-up is done: balances are current
    user_id: int | None  # the current person (None: no one here yet)
    unread: int
    reads: ReadPool  # the read layer's connections: every screen reads through these

    def heading(self, title: str, after: str = "") -> str: ...

    def first_painted(self) -> None: ...

    def set_user(self, user_id: int, name: str) -> None: ...

    def change(self, action: Callable[..., Any], *, describe: Callable[[Reader, Any], str] | None = None,
               reply_to: Widget | None = None) -> None: ...

    def mark_read(self) -> None: ...

    def precheck(self, check: Callable[..., Any], then: Callable[[Any], object],
                 inspect: Callable[..., Any] | None = None, reply_to: Widget | None = None) -> None: ...


def host_of(node: DOMNode) -> Host:
    """The app ``node`` runs in, as its screens know it."""
    return cast(Host, node.app)
