"""Where a person can go and what they can do from anywhere: the one list the app is built from.

The app's modes and global keys, the nav bar under the header, the command palette's entries and the
help screen's "Everywhere" section are all made from ``PLACES`` and ``EVERYWHERE``; adding a main screen
is one line here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from textual._context import active_app
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

SCREENS = "astra_tui.ui.screens"  # the package of the main screens' modules


@dataclass(frozen=True)
class Place:
    """A main screen: one of the app's modes, reached from anywhere by its number key."""

    mode: str  # also the name of its module under astra_tui.ui.screens, imported the first time it is shown
    key: str
    label: str  # in the nav bar, where space is short
    title: str  # in the command palette: "Go to Transfer history"
    screen_class: str

    def load(self) -> type[Screen[Any]]:
        return getattr(import_module(f"{SCREENS}.{self.mode}"), self.screen_class)  # type: ignore[no-any-return]

    def make(self) -> Screen[Any]:
        """The place's screen, new. Its widgets are styled as they mount; in Textual 8.2.8 a mode shown for the
        first time would also re-parse the whole stylesheet twice, because a new screen's CSS count is behind
        the app's (-1). Given the app's count, it is not re-parsed for nothing (issue 13 §2). A theme changed
        later still reaches it: the app's count moves on, and the screen is refreshed when next shown."""
        screen = self.load()()
        app = active_app.get()
        if app._screen_stacks.get(app._current_mode):  # the first screen of all is styled with the app itself
            screen._css_update_count = app._css_update_count
        return screen

    @property
    def binding(self) -> Binding:
        return Binding(self.key, f"switch_mode('{self.mode}')", self.label, show=False)


PLACES = (
    Place("accounts", "1", "Accounts", "Accounts", "AccountsScreen"),
    Place("routines", "2", "Routines", "Routines", "RoutinesScreen"),
    Place("history", "3", "History", "Transfer history", "HistoryScreen"),
    Place("notifications", "4", "Alerts", "Notifications", "NotificationsScreen"),
    Place("users", "5", "Users", "Users", "UsersScreen"),
    Place("forecast", "6", "Forecast", "Forecast", "ForecastScreen"),
    Place("planned", "7", "Plans", "Planned income and bills", "PlannedScreen"),
)


@dataclass(frozen=True)
class Everywhere:
    """A key that does the same on every main screen (or, without an app ``action``, that help explains)."""

    key: str  # Textual's name for it
    shown: str  # as a person reads it
    does: str  # in the help screen
    action: str = ""  # the app's action; none for keys Textual or each screen handles
    label: str = ""  # the binding's description, and the nav bar's word
    title: str = ""  # in the command palette (none: not there)
    about: str = ""  # the palette's line under the title
    in_nav_bar: bool = True

    @property
    def binding(self) -> Binding:
        return Binding(self.key, self.action, self.label, show=False)


EVERYWHERE = (
    Everywhere("n", "n", "new routine (wizard)", action="new_routine", label="New routine", title="New routine",
               about="Create a routine with the wizard", in_nav_bar=False),  # the screens' footers have it
    Everywhere("f5", "f5", "run due work now", action="process", label="Run due", title="Run due work now",
               about="Process everything due as of now"),
    Everywhere(App.COMMAND_PALETTE_BINDING, App.COMMAND_PALETTE_BINDING, "command palette"),
    Everywhere("question_mark", "?", "this help", action="help", label="Help", title="Help", about="List every key"),
    Everywhere("escape", "escape", "back / cancel"),
    Everywhere("q", "q", "quit", action="quit", label="Quit"),  # the palette has Textual's own "Quit"
)


def mode_screens() -> dict[str, str | Callable[[], Screen[Any]]]:
    """The app's MODES: each screen is imported the first time its mode is shown."""
    return {place.mode: place.make for place in PLACES}


def bindings() -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """The app's own keys: a place's number, then the keys that act everywhere."""
    keys: list[Binding | tuple[str, str] | tuple[str, str, str]] = [place.binding for place in PLACES]
    return keys + [key.binding for key in EVERYWHERE if key.action]


def palette_commands(app: App[Any]) -> Iterator[SystemCommand]:
    """The command palette's entries for going places and for the keys that act everywhere."""
    for place in PLACES:
        yield SystemCommand(f"Go to {place.title}", f"Show the {place.title.lower()} screen",
                            lambda mode=place.mode: app.switch_mode(mode))
    for key in EVERYWHERE:
        if key.title:
            yield SystemCommand(key.title, key.about, getattr(app, f"action_{key.action}"))


def place_of(screen_class: type[Screen[Any]]) -> Place | None:
    """The place a screen of ``screen_class`` is (None: a screen opened from one, like an account's activity)."""
    shown = (screen_class.__module__, screen_class.__name__)
    return next((place for place in PLACES if shown == (f"{SCREENS}.{place.mode}", place.screen_class)), None)


def nav_bar_markup(current: str, compact: bool = False) -> str:
    """The nav bar's line: every place, the current one highlighted, then the global keys (``compact``: the
    keys alone, where the words do not fit); all clickable."""
    places = []
    for place in PLACES:
        entry = f"[@click=app.switch_mode('{place.mode}')][b $accent]{place.key}[/] {place.label}[/]"
        places.append(f"[reverse]{entry}[/reverse]" if place.mode == current else entry)
    keys = [f"[@click=app.{key.action}][b $accent]{key.shown}[/]" + ("" if compact else f" {key.label}") + "[/]"
            for key in EVERYWHERE if key.action and key.in_nav_bar]
    return " ".join(places) + " │ " + " ".join(keys)


def nav_bar_width(compact: bool = False) -> int:
    """How many columns the nav bar's line takes (its words, without the markup)."""
    places = [f"{place.key} {place.label}" for place in PLACES]
    keys = [key.shown + ("" if compact else f" {key.label}") for key in EVERYWHERE if key.action and key.in_nav_bar]
    return len(" ".join(places) + " │ " + " ".join(keys))


def help_rows() -> tuple[tuple[str, str], ...]:
    """The help screen's "Everywhere" section: (key, what it does)."""
    numbers = (f"{PLACES[0].key} – {PLACES[-1].key}", ", ".join(place.label for place in PLACES))
    return (numbers, *((key.shown, key.does) for key in EVERYWHERE))
