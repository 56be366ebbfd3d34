"""Helpers for driving the app in tests: a demo or custom database, a frozen clock, settle-until-idle."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input
from textual.worker import WorkerCancelled

from astra_tui.core.clock import FixedClock, at_local
from astra_tui.core.demo import build_demo
from astra_tui.db.engine import open_database
from astra_tui.ui.app import AstraApp

DAY = dt.date(2026, 11, 22)


def steady_cursors() -> Callable[[], None]:
    """Text cursors that do not blink, so a snapshot never catches one half-way (STYLE.md 8). The app
    itself leaves Textual's blinking alone; the tests (conftest) and the screenshots turn it off here.
    Returns the function that puts blinking back."""
    made = Input.__init__

    def steady(self: Input, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self.cursor_blink = False

    Input.__init__ = steady  # type: ignore[method-assign]

    def restore() -> None:
        Input.__init__ = made  # type: ignore[method-assign]

    return restore


_TEMPLATES: dict[bool, Path] = {}  # the demo household and an empty database, built once a test process


def _template(demo: bool) -> Path:
    """A database built once (migrated, and with the demo household at the tests' fixed instant when
    ``demo``), closed, so each test starts from a copy of the same file instead of building it again."""
    if demo not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="astra-tui-template-"))
        path = folder / ("demo.db" if demo else "empty.db")
        engine = open_database(path)
        if demo:
            build_demo(engine, FixedClock(at_local(DAY, 9)))
        engine.dispose()  # the last connection closed: the write-ahead log is folded into the file
        _TEMPLATES[demo] = path
    return _TEMPLATES[demo]


def demo_app(path: Path, *, demo: bool = True) -> AstraApp:
    """The app on a new database at ``path``: the demo household (or no one, ``demo=False``), clock frozen
    at the tests' day."""
    shutil.copyfile(_template(demo), path)
    os.chmod(path, 0o600)
    return AstraApp(open_database(path), FixedClock(at_local(DAY, 9)))


def _pumps(app: Any) -> list[Any]:
    """Everything that handles messages: the app, and every screen on the stack with all its widgets."""
    return [app, *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True))]


def _still(app: Any) -> bool:
    """No worker running, no message waiting anywhere, every table's columns sized (DataTable sizes them
    when idle). Textual's private state, safe to read because Textual is pinned exactly."""
    if any(not worker.is_finished for worker in app.workers):
        return False
    if any(not pump._message_queue.empty() for pump in _pumps(app)):
        return False
    tables = [t for screen in app.screen_stack for t in screen.query(DataTable)]
    return not any(t._require_update_dimensions or t._updated_cells for t in tables)


def _painted(app: Any) -> bool:
    """The top screen has laid out and painted what changed: nothing waits for its update timer (a table
    that grew, say, is placed on the next tick of that timer, not when the rows are added)."""
    screen = app.screen
    return not (screen._layout_required or screen._scroll_required or screen._repaint_required
                or screen._recompose_required or screen._dirty_widgets)


async def _workers_done(app: Any) -> None:
    """Every worker running now has finished; one cancelled because a newer one replaced it (an exclusive
    load) is done too. A worker that failed raises here, so a test sees it."""
    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            pass


async def settle(pilot: Any, limit: float = 10.0) -> None:
    """Wait until the app is still: the launch catch-up done, every worker finished, every message the
    workers and the keys set off handled (and what those set off in turn), every table sized, the top
    screen laid out and painted — on two looks in a row. It waits on the workers, the message queues and
    the screen's own flags, never a fixed pause, so a push or a table's widths that land a moment later
    are waited for, and a quick app is not slowed down.
    Bounded by ``limit`` seconds."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    quiet = 0
    while quiet < 2 and loop.time() < deadline:
        await _workers_done(app)
        await pilot._wait_for_screen()  # every message queued on the app and the screen's widgets, handled
        await asyncio.sleep(0)  # idle handlers run
        if app.ready and _still(app) and _painted(app):
            quiet += 1
        else:
            quiet = 0
            if not app.ready or not _painted(app):  # the catch-up starts after the first paint; a paint is timed
                await asyncio.sleep(0.005)


def _key_event(app: Any, key: str) -> Any:
    """The key event the terminal would send for ``key`` (as Textual's ``Pilot.press`` makes it)."""
    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    return event


async def keys(pilot: Any, *presses: str) -> None:
    """Press each key as a person would, one after another, each once the app is still after the one before.
    (Textual's ``Pilot.press`` also sleeps until the process looks idle, at least 40 ms a key.)"""
    app = pilot.app
    for key in presses:
        app._driver.send_message(_key_event(app, key))
        await settle(pilot)
    await settle(pilot)


def drive(app: AstraApp, flow: Callable[[Any], Awaitable[None]], size: tuple[int, int] = (100, 32)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await flow(pilot)

    asyncio.run(main())
