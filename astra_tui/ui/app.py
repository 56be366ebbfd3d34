"""The astra-tui app: modes for each main screen, background processing, changes in workers.

Start-up is built to paint as fast as a bare Textual app: this module and the
accounts screen import neither SQLAlchemy nor SQLModel nor pydantic. The
accounts screen reads with plain sqlite3, and only after it has painted does
the launch catch-up start in a worker thread, which imports the rest of the
core there (see the README, "Speed").
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, ScreenError, SystemCommand
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from astra_tui.core.errors import AstraError
from astra_tui.core.read.db import ReadPool
from astra_tui.core.words import plural
from astra_tui.db.engine import database_problem
from astra_tui.ui.base import DataScreen
from astra_tui.ui.forms import in_words
from astra_tui.ui.messages import (
    CatchUpProgressed,
    ChangeRefused,
    DueWorkProcessed,
    InboxRead,
    LedgerChanged,
    Prechecked,
)
from astra_tui.ui.navigation import PLACES, bindings, mode_screens, palette_commands

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from astra_tui.core.clock import Clock
    from astra_tui.core.read.db import Reader
    from astra_tui.core.summary import ProcessSummary


# The main screens built unseen once the launch catch-up is done (``AstraApp.prebuild``): the long lists a person
# opens most. Not the notifications (showing them marks them read) nor the forecast (a walk of the days).
PREBUILT = ("history", "routines")
PREBUILD_GAP_S = 0.25


class AstraApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "astra-tui"
    MODES = mode_screens()
    DEFAULT_MODE = PLACES[0].mode
    # Shown in the NavBar under the header; each screen's own keys are in the footer.
    BINDINGS = bindings()

    # What the title bar says is drawn from these: setting one is all it takes (see ``watch_*``).
    user_id: var[int | None] = var(None)  # the current person; None: no one here yet
    user_name = var("")
    unread = var(0)  # the current person's unread notifications
    ready = var(False)  # False until the launch catch-up is done: no acting on stale balances
    runs_so_far: var[int | None] = var(None)  # while processing: how many runs are done

    def __init__(self, engine: Engine | None, clock: Clock, *, interval: int = 60, db_path: Path | None = None,
                 first_view: Any = None) -> None:
        """Give an open ``engine``, or None and the ``db_path`` of a database already at the newest schema."""
        super().__init__()
        self._engine = engine
        self._engine_lock = threading.Lock()
        self.clock = clock
        self.interval = interval
        if db_path is None:
            assert engine is not None, "give an engine or a database path"
            db_path = Path(str(engine.url.database))
        self.db_path = db_path
        self.reads = ReadPool(db_path)  # every screen reads through these connections (plain sqlite3)
        self.catching_up = False
        self.warned_on: dt.date | None = None  # the day the warnings of coming failures were last looked at
        self.first_view = first_view  # the accounts screen's first data, read before Textual started
        self.notices: list[str] = []  # said once the app is up (e.g. where the pre-upgrade copy is)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use (in a worker thread, after the first paint)."""
        with self._engine_lock:
            if self._engine is None:
                from astra_tui.db.engine import open_database

                self._engine = open_database(self.db_path, create=False)
            return self._engine

    def refresh_css(self, animate: bool = True) -> None:
        """Textual re-parses the whole stylesheet here, in a fresh copy whose parse cache is then dropped, so
        the next widget class to mount makes it parse everything again. At start-up the theme is set to the
        one the stylesheet was made with, and that costs two full parses (25–35 ms each with our stylesheet)
        for rules that come out the same. When the variables have not changed, the rules are kept and only
        applied again; when they have (another theme), Textual's own refresh runs."""
        sheet = self.stylesheet
        if sheet._variables != self.get_css_variables() or sheet._require_parse:
            super().refresh_css(animate)
            return
        sheet.update(self, animate=animate)
        try:
            if self.screen.is_mounted:
                self.screen._refresh_layout(self.size)
                self.screen._css_update_count = self._css_update_count
        except ScreenError:
            pass
        for screen in self.screen_stack:
            if screen != self.screen:
                sheet.update(screen, animate=animate)
                screen._css_update_count = self._css_update_count

    def _print_error_renderables(self) -> None:
        """Textual prints a crash's traceback; launch() re-raises the error and the command line
        says it in one line instead. ASTRA_TUI_DEBUG=1 keeps Textual's full report."""
        if os.environ.get("ASTRA_TUI_DEBUG"):
            super()._print_error_renderables()
        else:
            self._exit_renderables.clear()

    # -- start-up and processing ---------------------------------------------------
    def on_mount(self) -> None:
        self._show_whose()
        self.set_interval(self.interval, self.action_process, name="process-timer")
        self.set_timer(1.0, self.first_painted)  # in case no screen reports its first paint
        for text in self.notices:
            self.notify(text[:1].upper() + text[1:], title="Database upgraded", timeout=30)

    def first_painted(self) -> None:
        """The first screen is on the terminal: now catch up on what fell due while the app was closed."""
        if not self.catching_up and not self.ready:
            self.catching_up = True
            self._process(launch=True)

    def action_process(self) -> None:
        if self.ready:
            self._process()
        elif not self.catching_up:  # the launch catch-up failed (say, the file was locked): try again
            self.first_painted()

    def _progressed(self, summary: ProcessSummary) -> None:
        self.post_message(CatchUpProgressed(summary))

    @work(thread=True, exclusive=True, group="process", exit_on_error=False)
    def _process(self, launch: bool = False) -> None:
        from astra_tui.core.service import tick

        if launch:
            self.engine  # noqa: B018 - open it, importing SQLAlchemy and the core, before the freeze
            # Everything loaded so far lives as long as the app. Moving it out of the garbage
            # collector's view keeps full collections short: during a long catch-up they took
            # 55-68 ms each, and the UI thread stalled for as long (benchmarks, responsiveness).
            gc.freeze()
        today = self.clock.today()
        result = tick(self.engine, self.reads, self.clock, self.user_id, launch=launch,
                      warn=today != self.warned_on, on_progress=self._progressed)
        self.warned_on = today  # a new day moves the warnings' window: looked at again then
        self.post_message(DueWorkProcessed(result.summary, result.unread, result.newest, result.since,
                                           result.user_id, result.user_name))
        if launch:  # import the other screens now, in this thread, so the first visit to each is quick
            for place in PLACES:
                place.load()
            for module in ("activity", "routine_detail"):
                import_module(f"astra_tui.ui.screens.{module}")
            import_module("astra_tui.ui.wizard")
            gc.freeze()

    def on_catch_up_progressed(self, message: CatchUpProgressed) -> None:
        s = message.summary
        self.runs_so_far = s.processed + s.failed + s.skipped

    def on_due_work_processed(self, message: DueWorkProcessed) -> None:
        first = not self.ready
        if self.user_id is None:
            self.user_id, self.user_name = message.user_id, message.user_name
        if first:
            self.unread = message.unread  # the since-last-run summary tells about these, not a toast
        self.ready = True
        self.runs_so_far = None
        self._note_unread(message.unread, message.newest)
        if first or message.summary.anything:
            self.reload_views()
        if first:
            self.call_later(self.prebuild, list(PREBUILT))
        if message.since is not None and message.since.anything:
            from astra_tui.ui.screens.summary import SinceLastRunScreen

            self.push_screen(SinceLastRunScreen(message.since))

    def prebuild(self, modes: list[str]) -> None:
        """Build the screen of the first of ``modes`` now, unseen, then the next one a moment later: its widgets
        composed, styled and mounted, and its first page read, so that its key only has to lay it out and
        draw it, and its first frame has the rows. Each one is built from the event loop in small steps (one
        message a widget). Shown, it reads again as any screen come back to does (the frame after shows
        what changed since, if anything did)."""
        if not modes:
            return
        mode, rest = modes[0], modes[1:]
        make = self._modes.get(mode)
        if callable(make) and mode not in self._screen_stacks and mode != self.current_mode and self.is_running:
            screen, _ = self._get_screen(make())
            self._load_screen_css(screen)
            self._screen_stacks[mode] = [screen]
            if isinstance(screen, DataScreen):
                screen.away = True  # shown, it reads again: another process may have changed the book since
                screen.unseen = True
        if rest:
            self.set_timer(PREBUILD_GAP_S, lambda: self.prebuild(rest))

    def _note_unread(self, unread: int, newest: str | None) -> None:
        if unread > self.unread and self.ready and newest:
            fresh = unread - self.unread
            self.notify(newest, title=f"{plural(fresh, 'new notification')}", timeout=6)
        self.unread = unread

    def heading(self, title: str, after: str = "") -> str:
        """A screen's heading: whose it is, or just the title before the first person is added."""
        if self.user_id is None:
            return title
        return f"{title} of {self.user_name}" + (f", {after}" if after else "")

    def _show_whose(self) -> None:
        """The title bar: whose the app is and their unread count, or how far processing has come."""
        if self.runs_so_far is not None:
            self.sub_title = f"Catching up… {self.runs_so_far:,} runs so far"
        elif not self.ready:
            self.sub_title = "Catching up…"
        elif self.user_id is None:
            self.sub_title = "no one here yet"
        else:
            self.sub_title = f"{self.user_name} · {self.unread} unread"

    watch_user_id = watch_user_name = watch_unread = watch_ready = watch_runs_so_far = _show_whose

    def reload_views(self) -> None:
        unseen = [stack[0] for mode, stack in self._screen_stacks.items()
                  if mode != self.current_mode and stack and isinstance(stack[0], DataScreen) and stack[0].unseen]
        for screen in [*self.screen_stack, *unseen]:  # a screen built unseen shows the change (or person) at once
            if isinstance(screen, DataScreen):
                screen.reload()

    # -- changes a person makes -----------------------------------------------------
    def change(self, action: Callable[..., Any], *, describe: Callable[[Reader, Any], str] | None = None,
               reply_to: Widget | None = None) -> None:
        """Make a change in a worker (check, process, apply, process); the result comes back as a message."""
        if not self.ready:
            self.notify("Still catching up — one moment.", severity="warning")
            return
        self._change(action, describe, reply_to)

    @work(thread=True, group="change", exit_on_error=False)
    def _change(self, action: Callable[..., Any], describe: Callable[[Reader, Any], str] | None,
                reply_to: Widget | None) -> None:
        from astra_tui.core import service
        from astra_tui.core.read import inbox, people

        target = reply_to or self
        try:
            result, _ = service.perform(self.engine, self.clock, action)
        except AstraError as exc:
            target.post_message(ChangeRefused.of(exc))
            return
        except Exception as exc:  # a locked or damaged database: one line, never a traceback
            orig = getattr(exc, "orig", exc)
            if not isinstance(orig, sqlite3.DatabaseError):
                raise
            target.post_message(ChangeRefused.of(database_problem(orig)))
            return
        user_id = self.user_id

        def look(db: Reader) -> tuple[str | None, people.UserRow | None, inbox.Inbox]:
            outcome = describe(db, result) if describe else None
            # The first person was just added: they are the current one from now on.
            first = people.user(db, people.current_user_id(db) or 0) if user_id is None else None
            return outcome, first, inbox.inbox(db, user_id if first is None else first.id)

        outcome, first, box = self.reads.read(look)
        told = user_id if first is None else first.id
        if told is not None:
            service.mark_told(self.engine, self.reads, self.clock, told)
        if reply_to is not None:
            reply_to.post_message(LedgerChanged(result, outcome))
        self.post_message(LedgerChanged(result, outcome))
        self.post_message(InboxRead(box.unread, box.newest, (first.id, first.name) if first else None))

    def on_inbox_read(self, message: InboxRead) -> None:
        if message.first is not None:
            self.set_user(*message.first)
        self._note_unread(message.unread, message.newest)

    def precheck(self, check: Callable[..., Any], then: Callable[[Any], object],
                 inspect: Callable[..., Any] | None = None, reply_to: Widget | None = None) -> None:
        """Checks before confirmations: try ``check`` (a core action, rolled back); if the core refuses,
        say why at once (to ``reply_to``, or as a toast); if not, go on with ``then(found)`` (open the form,
        ask the question), where ``found`` is what ``inspect(db, result)`` read before the rollback, or the
        action's result."""
        if not self.ready:
            self.notify("Still catching up — one moment.", severity="warning")
            return
        self._precheck(check, then, inspect, reply_to)

    @work(thread=True, group="change", exit_on_error=False)
    def _precheck(self, check: Callable[..., Any], then: Callable[[Any], object],
                  inspect: Callable[..., Any] | None, reply_to: Widget | None) -> None:
        from astra_tui.core.service import dry_run

        try:
            found = dry_run(self.engine, self.clock, check, inspect)
        except AstraError as exc:
            (reply_to or self).post_message(ChangeRefused.of(exc))
            return
        self.post_message(Prechecked(then, found))

    def on_prechecked(self, message: Prechecked) -> None:
        message.then(message.found)

    def mark_read(self) -> None:
        """The current person has seen their notifications (the notifications screen is showing them)."""
        if self.user_id is not None:
            self._mark_read(self.user_id)

    @work(thread=True, group="mark-read", exclusive=True, exit_on_error=False)
    def _mark_read(self, user_id: int) -> None:
        from astra_tui.core.seen import mark_read
        from astra_tui.core.service import apply

        apply(self.engine, self.clock, lambda s, c: mark_read(s, user_id))

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        if message.outcome:
            self.notify(message.outcome, timeout=8)
        self.reload_views()

    def on_change_refused(self, message: ChangeRefused) -> None:
        self.notify(in_words(message.field, message.problem), severity="error", timeout=8)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            orig = getattr(error, "orig", error)
            text = database_problem(orig).message if isinstance(orig, sqlite3.DatabaseError) else str(error)
            if event.worker.group == "process":
                self.runs_so_far = None  # the title bar says whose the app is again, or "Catching up…"
                if not self.ready:
                    self.catching_up = False  # the timer tries again
                    text += f" (trying again in {self.interval} s)"
            self.notify(text, severity="error", timeout=10)

    def set_user(self, user_id: int, name: str) -> None:
        self.user_id, self.user_name = user_id, name
        self._remember_user(user_id)
        self._refresh_unread()
        self.reload_views()

    @work(thread=True, group="remember", exclusive=True, exit_on_error=False)
    def _remember_user(self, user_id: int) -> None:
        """The next start opens as this person (read back by ``read.people.remembered_user_id``)."""
        from astra_tui.core.service import apply
        from astra_tui.core.settings import remember_current_user

        apply(self.engine, self.clock, lambda s, c: remember_current_user(s, c, user_id))

    @work(thread=True, group="unread", exclusive=True, exit_on_error=False)
    def _refresh_unread(self) -> None:
        from astra_tui.core.read import inbox

        user_id = self.user_id
        box = self.reads.read(lambda db: inbox.inbox(db, user_id))
        self.post_message(InboxRead(box.unread, None))

    # -- navigation -----------------------------------------------------------------
    def action_help_quit(self) -> None:
        """ctrl+c does not quit (in Textual it copies); say what does, inside a wizard or a form too."""
        where = "escape closes this, then q quits" if self.screen.is_modal else "or press q"
        self.notify(f"ctrl+q quits from anywhere; {where}.", title="Do you want to quit?")

    def action_help(self) -> None:
        from astra_tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_new_routine(self) -> None:
        if self.user_id is None:
            self.notify("Add a person first (5, then a).", severity="warning")
            return
        from astra_tui.ui.wizard import RoutineWizard

        self.push_screen(RoutineWizard(self.user_id))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if screen.is_modal:  # inside the wizard or a form only its own keys act, and the palette agrees
            return
        yield from palette_commands(self)
        for command in getattr(screen, "COMMANDS_HERE", ()):
            title, help_text, action = command
            yield SystemCommand(title, help_text, getattr(screen, f"action_{action}"))
