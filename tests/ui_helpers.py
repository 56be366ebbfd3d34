"""Helpers for driving the app in tests: a demo or custom database, a frozen clock, settle-until-idle."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

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


def demo_app(path: Path, *, demo: bool = True) -> AstraApp:
    engine = open_database(path)
    clock = FixedClock(at_local(DAY, 9))
    if demo:
        build_demo(engine, clock)
    return AstraApp(engine, clock)


async def settle(pilot: Any, rounds: int = 3, limit: float = 5.0) -> None:
    """Wait until the app is still: the launch catch-up done, no worker running, the same screens and rows on two
    looks in a row, and every table's columns sized. A screen push started by a key (a message) or a table's
    column widths (DataTable sizes them on its own Idle event) can land a frame later on a loaded
    machine, after a plain pause; snapshots must not catch that frame. Bounded by ``limit`` seconds.
    The table flags are DataTable's private state, safe to read because Textual is pinned exactly."""
    app = pilot.app
    waited = 0.0
    while not app.ready and waited < limit:  # the launch catch-up starts after the first paint
        await pilot.pause(0.02)
        waited += 0.02
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    previous, waited = None, 0.0
    while waited < limit:
        await app.workers.wait_for_complete()
        tables = [t for screen in app.screen_stack for t in screen.query(DataTable)]
        sized = not any(t._require_update_dimensions or t._updated_cells for t in tables)
        look = (tuple(id(screen) for screen in app.screen_stack), tuple(t.row_count for t in tables))
        if sized and look == previous:
            return
        previous = look
        await pilot.pause(0.05)
        waited += 0.05


async def keys(pilot: Any, *presses: str) -> None:
    for key in presses:
        await pilot.press(key)
        await settle(pilot, rounds=1)
    await settle(pilot)


def drive(app: AstraApp, flow: Callable[[Any], Awaitable[None]], size: tuple[int, int] = (100, 32)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await flow(pilot)

    asyncio.run(main())
