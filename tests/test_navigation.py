"""The app's structure: one table of places and global keys, and no action that replaces one of Textual's."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.dom import DOMNode

import astra_tui.ui
from astra_tui.ui.app import AstraApp
from astra_tui.ui.navigation import EVERYWHERE, PLACES, help_rows, nav_bar_markup, palette_commands, place_of
from astra_tui.ui.screens.help import KEYS

# Textual actions the app replaces on purpose: ctrl+c says how to quit instead of Textual's words.
MEANT_TO_REPLACE = {("AstraApp", "action_help_quit")}


def test_every_place_is_a_mode_a_key_a_nav_entry_a_palette_entry_and_in_the_help(tmp_path):
    keys = {binding.key: binding.action for binding in AstraApp.BINDINGS}  # type: ignore[union-attr]
    app = AstraApp(None, clock=None, db_path=tmp_path / "never-opened.db")  # type: ignore[arg-type]
    palette = {command.title for command in palette_commands(app)}
    nav = nav_bar_markup("accounts")
    everywhere = dict(help_rows())
    for place in PLACES:
        assert place.mode in AstraApp.MODES
        assert keys[place.key] == f"switch_mode('{place.mode}')"
        assert f"app.switch_mode('{place.mode}')" in nav and place.label in nav
        assert f"Go to {place.title}" in palette
        assert place.label in everywhere[f"{PLACES[0].key} – {PLACES[-1].key}"]
        assert place_of(place.load()) is place
    for key in EVERYWHERE:
        assert everywhere[key.shown] == key.does
        if key.action:
            assert keys[key.key] == key.action and hasattr(AstraApp, f"action_{key.action}")
        if key.title:
            assert key.title in palette
    assert KEYS[0] == ("Everywhere", help_rows())


def test_the_help_lists_each_screens_keys_from_its_bindings():
    sections = dict(KEYS)
    assert ("enter, s", "switch to") in sections["Users"]  # two keys with the same words share a row
    assert ("space", "pause / activate") in sections["Routines"]
    assert ("/", "filters") in sections["Transfer history"]
    assert all(key != "n" for key, _ in sections["Accounts"])  # n is said once, under Everywhere


def test_no_action_of_the_ui_replaces_one_of_textuals_unnoticed():
    replaced = set()
    for info in pkgutil.walk_packages(astra_tui.ui.__path__, "astra_tui.ui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and issubclass(cls, DOMNode) and cls.__module__ == module.__name__):
                continue
            for name in cls.__dict__:
                if name.startswith("action_") and any(
                        base.__module__.startswith("textual.") and name in base.__dict__ for base in cls.__mro__[1:]):
                    replaced.add((cls.__name__, name))
    assert replaced == MEANT_TO_REPLACE


def test_a_place_shown_for_the_first_time_does_not_parse_the_stylesheet_again(tmp_path, monkeypatch):
    """Its widgets are styled as they mount (issue 13 §2): Textual 8.2.8 re-parsed the whole stylesheet twice
    on a mode's first showing. A theme changed before a place is first shown still styles it."""
    from textual.css.stylesheet import Stylesheet

    from tests.ui_helpers import demo_app, drive, keys

    parses: list[int] = []
    parse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        parses.append(1)
        parse(self)

    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, object] = {}

    async def flow(pilot) -> None:
        from tests.test_app import close_summary

        await close_summary(pilot)
        monkeypatch.setattr(Stylesheet, "reparse", counted)
        for place in PLACES[1:5]:
            await keys(pilot, place.key)
        seen["parses"] = len(parses)
        seen["dark"] = pilot.app.screen.query_one(".heading").styles.background
        pilot.app.theme = "textual-light"
        await keys(pilot, "6")  # never shown before the theme changed
        heading = pilot.app.screen.query_one("#heading")
        seen["forecast"] = heading.styles.background
        await keys(pilot, "1")
        seen["accounts"] = pilot.app.screen.query_one(".heading").styles.background

    drive(app, flow)
    assert seen["parses"] == 0
    assert seen["forecast"] == seen["accounts"] != seen["dark"]  # the new theme's colours, on the place first
    # shown after it as on one shown before
