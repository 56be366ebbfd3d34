"""Child processes of the benchmark runner: each runs an app headless and prints one JSON line.

    python -m benchmarks.probe startup bare
    python -m benchmarks.probe startup astra DB
    python -m benchmarks.probe history DB
    python -m benchmarks.probe stall DB

Times are taken inside the child with ``time.time()`` (wall clock, comparable
with the parent's clock for "from exec" figures) or ``perf_counter``.
"""

from __future__ import annotations

import time

EXEC_WALL = time.time()  # as early as this module can run: the parent also records its own start

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

NOW = "2026-11-22T09:00:00-08:00"
# PROBE_PROFILE=out.txt profiles the child with pyinstrument (pip install pyinstrument) and writes its report.
# PROBE_PROFILE_FROM=history starts it only when the history figures begin.
_PROFILE = os.environ.get("PROBE_PROFILE")
if _PROFILE:
    from pyinstrument import Profiler

    _profiler = Profiler(interval=0.0005)
    if not os.environ.get("PROBE_PROFILE_FROM"):
        _profiler.start()


def _report(data: dict[str, Any]) -> None:
    data["max_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if _PROFILE:
        _profiler.stop()
        with open(_PROFILE, "w") as out:
            out.write(_profiler.output_text(show_all=True, timeline=True))
    print(json.dumps(data), flush=True)
    os._exit(0)  # skip teardown: the figure is taken, nothing else is measured


async def _painted(app: Any) -> None:
    """Wait for the screen refresh that follows the current state."""
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def _until(check: Any, limit: float = 60.0) -> None:
    deadline = time.perf_counter() + limit
    while not check():
        if time.perf_counter() > deadline:
            raise SystemExit("probe: gave up waiting")
        await asyncio.sleep(0.0005)


def _table(app: Any, selector: str) -> Any:
    try:
        return app.screen.query_one(selector)  # a DataTable or a RowList: both count their rows
    except Exception:
        return None


def _has_rows(app: Any, selector: str) -> bool:
    table = _table(app, selector)
    return table is not None and table.row_count > 0 and not table.loading


def report_first_frame(selector: str) -> None:
    """Exit with the time of the first frame the screen renders with rows in ``selector``.

    Wraps Textual's ``Screen._compositor_refresh`` (the step that writes a frame
    to the driver; textual is pinned), the same way for both apps.
    """
    from textual.screen import Screen

    refresh = Screen._compositor_refresh

    def watched(screen: Any) -> None:
        rows_before = _has_rows(screen.app, selector)
        refresh(screen)
        if rows_before:
            _report({"painted_wall": time.time()})

    Screen._compositor_refresh = watched  # type: ignore[method-assign]


def run_bare() -> None:
    from benchmarks.bare_app import BareApp

    report_first_frame("DataTable")
    BareApp().run(headless=True, size=(100, 30))


class Loads:
    """The screens' loads as they arrive: every ``DataScreen.Loaded`` message, counted as it is dispatched
    (Textual's message hook, which ``App.run_test`` takes too, set before the app runs). The probe turns
    one screen's pages at a time, so the count is that screen's."""

    def __init__(self) -> None:
        self.count = 0

    def hook(self, message: Any) -> None:
        from astra_tui.ui.base import DataScreen

        if isinstance(message, DataScreen.Loaded):
            self.count += 1

    def of(self, screen: Any) -> int:
        return self.count


LOADS = Loads()


def run_astra(db: str, probe: Any) -> None:
    """The app a person opens on ``db`` (``astra-tui --db DB``), built by the command line and run headless."""
    from textual._context import message_hook

    from astra_tui.cli import app_for

    message_hook.set(LOADS.hook)  # the app's tasks copy this context, so the hook sees every message
    app_for(["--db", db, "--now", NOW]).run(headless=True, size=(100, 30), auto_pilot=probe)


async def history(pilot: Any) -> None:
    """Open the transfer history, page through it, filter by an account; time each until painted."""
    app = pilot.app
    await _until(lambda: app.ready and _has_rows(app, "#accounts"))
    await _until(lambda: all(worker.is_finished for worker in app.workers))  # the launch work is done
    figures: dict[str, Any] = {"rss_ready_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    if _PROFILE and os.environ.get("PROBE_PROFILE_FROM") == "history":
        _profiler.start()
    # Actions are run as their key bindings run them: Pilot.press would add its own waits for idle.
    started = time.perf_counter()
    await app.run_action("switch_mode('history')")
    await _until(lambda: _has_rows(app, "#history"))
    await _painted(app)
    figures["first_page_ms"] = (time.perf_counter() - started) * 1000
    figures["rss_first_page_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    screen = app.screen
    pages = []
    while len(pages) < 20 and len(screen.rows) == screen.PAGE_SIZE:  # a full page: there is a next one
        shown = LOADS.of(screen)
        started = time.perf_counter()
        screen.action_next_page()
        await _until(lambda shown=shown: LOADS.of(screen) > shown)
        await _painted(app)
        pages.append((time.perf_counter() - started) * 1000)
    figures["next_page_ms"] = sorted(pages)[len(pages) // 2] if pages else 0.0
    figures["pages"] = len(pages) + 1
    await screen.action_filter()  # the filter controls are built when first asked for
    await _until(lambda: bool(screen.query("#f-account")) and len(screen.query_one("#f-account")._options) > 1)
    account = next(value for _label, value in screen.query_one("#f-account")._options if value)
    shown = LOADS.of(screen)
    started = time.perf_counter()
    screen.query_one("#f-account").value = account
    await _until(lambda: LOADS.of(screen) > shown)
    await _painted(app)
    figures["filter_ms"] = (time.perf_counter() - started) * 1000
    await app.run_action("switch_mode('accounts')")
    await _until(lambda: all(worker.is_finished for worker in app.workers))
    shown = LOADS.of(screen)
    started = time.perf_counter()
    await app.run_action("switch_mode('history')")  # built already: this is the query and the drawing
    await _until(lambda: LOADS.of(screen) > shown)
    await _painted(app)
    figures["reopen_ms"] = (time.perf_counter() - started) * 1000
    for _ in range(20):  # scroll the filtered history too, for the memory figure
        if len(screen.rows) < screen.PAGE_SIZE:
            break
        shown = LOADS.of(screen)
        screen.action_next_page()
        await _until(lambda shown=shown: LOADS.of(screen) > shown)
        figures["pages"] += 1
    _report(figures)


async def forecast(pilot: Any) -> None:
    """Open the forecast on a warm app (90 days), then choose a year; time each until drawn, and the longest
    stall of a 5 ms UI timer while the year is computed (in a worker)."""
    app = pilot.app
    await _until(lambda: app.ready and _has_rows(app, "#accounts"))
    await _until(lambda: all(worker.is_finished for worker in app.workers))  # the launch work is done
    figures: dict[str, Any] = {}
    if _PROFILE and os.environ.get("PROBE_PROFILE_FROM") == "forecast":
        _profiler.start()
    started = time.perf_counter()
    await app.run_action("switch_mode('forecast')")
    await _until(lambda: _has_rows(app, "#projected"))
    await _painted(app)
    figures["open_ms"] = (time.perf_counter() - started) * 1000
    screen = app.screen
    gaps = {"last": time.perf_counter(), "worst": 0.0}

    def tick() -> None:
        moment = time.perf_counter()
        gaps["worst"] = max(gaps["worst"], moment - gaps["last"] - 0.005)
        gaps["last"] = moment

    timer = app.set_interval(0.005, tick)
    shown = LOADS.of(screen)
    gaps["last"] = started = time.perf_counter()
    screen.query_one("#f-days").value = 365
    await _until(lambda: LOADS.of(screen) > shown)
    await _painted(app)
    figures["year_ms"] = (time.perf_counter() - started) * 1000
    timer.stop()
    figures["stall_ms"] = gaps["worst"] * 1000
    figures["runs"] = len(screen.query_one("#runs").rows)
    screen.query_one("#f-days").value = 90
    await _until(lambda: all(worker.is_finished for worker in app.workers))
    await app.run_action("switch_mode('accounts')")
    await _until(lambda: all(worker.is_finished for worker in app.workers))
    shown = LOADS.of(screen)
    started = time.perf_counter()
    await app.run_action("switch_mode('forecast')")  # built already: the forecast and the drawing
    await _until(lambda: LOADS.of(screen) > shown)
    await _painted(app)
    figures["reopen_ms"] = (time.perf_counter() - started) * 1000
    _report(figures)


async def floor(pilot: Any) -> None:
    """The same history figures for a plain Textual screen that pages rows from memory."""
    app = pilot.app
    await _until(lambda: _has_rows(app, "DataTable"))
    started = time.perf_counter()
    await app.run_action("switch_mode('page')")
    await _until(lambda: _has_rows(app, "#page"))
    await _painted(app)
    figures: dict[str, Any] = {"first_page_ms": (time.perf_counter() - started) * 1000}
    pages = []
    for _ in range(20):
        started = time.perf_counter()
        app.screen.fill()
        await _painted(app)
        pages.append((time.perf_counter() - started) * 1000)
    figures["next_page_ms"] = sorted(pages)[len(pages) // 2]
    _report(figures)


def stall(db: str) -> None:
    """Longest gap in a 5 ms UI timer between the first paint and the end of the launch catch-up."""
    state: dict[str, Any] = {"last": None, "worst": 0.0, "ticks": 0, "gaps": []}

    def tick() -> None:
        moment = time.perf_counter()
        if state["last"] is not None:
            gap = moment - state["last"] - 0.005
            state["worst"] = max(state["worst"], gap)
            if gap > 0.03:
                state["gaps"].append((round(moment - state["start"], 3), round(gap * 1000)))
        state["last"] = moment
        state["ticks"] += 1

    async def probe(pilot: Any) -> None:
        app = pilot.app
        await _until(lambda: _has_rows(app, "#accounts"))
        await _painted(app)
        started = state["start"] = time.perf_counter()
        app.set_interval(0.005, tick)
        await _until(lambda: app.ready, limit=3600)
        _report({"stall_ms": state["worst"] * 1000, "ticks": state["ticks"], "long_gaps": state["gaps"][:20],
                 "catch_up_s": time.perf_counter() - started})

    run_astra(db, probe)


def main(argv: list[str]) -> None:
    what, *rest = argv
    if what == "startup" and rest == ["bare"]:
        run_bare()
    elif what == "startup":
        report_first_frame("#accounts")
        run_astra(rest[1], None)
    elif what == "history":
        run_astra(rest[0], history)
    elif what == "forecast":
        run_astra(rest[0], forecast)
    elif what == "floor":
        from benchmarks.bare_app import BareApp

        BareApp().run(headless=True, size=(100, 30), auto_pilot=floor)
    elif what == "stall":
        stall(rest[0])
    else:
        raise SystemExit(f"probe: unknown figure {what!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
