"""Helpers for driving the app in tests: a demo or custom database, a frozen clock, settle-until-idle."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any, Awaitable, Callable

from astra_tui.core.clock import FixedClock, at_local
from astra_tui.core.demo import build_demo
from astra_tui.db.engine import open_database
from astra_tui.ui.app import AstraApp

DAY = dt.date(2026, 11, 22)


def demo_app(path: Path, *, demo: bool = True) -> AstraApp:
    engine = open_database(path)
    clock = FixedClock(at_local(DAY, 9))
    if demo:
        build_demo(engine, clock)
    return AstraApp(engine, clock, cursor_blink=False)


async def settle(pilot: Any, rounds: int = 3) -> None:
    """Wait until no worker runs and the message queues are drained."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        for screen in app.screen_stack:
            await screen.workers.wait_for_complete()
        await pilot.pause()


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
