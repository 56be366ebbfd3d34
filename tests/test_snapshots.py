"""Every screen, at a fixed size, fixed clock and the demo data (pytest-textual-snapshot).

Update after looking at the report: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest

from astra_tui.core.kinds import ALL_KINDS
from astra_tui.ui.screens.summary import SinceLastRunScreen
from tests.ui_helpers import demo_app, keys, settle

SMALL = (80, 24)
LARGE = (160, 50)


def steps(*presses: str, keep_summary: bool = False):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if not keep_summary and isinstance(pilot.app.screen, SinceLastRunScreen):
            await keys(pilot, "enter")
        await keys(pilot, *presses)

    return run_before


@pytest.fixture
def app(tmp_path: Path):
    return demo_app(tmp_path / "demo.db")


@pytest.mark.parametrize("name, presses, size", [
    ("accounts", (), SMALL),
    ("accounts_large", (), LARGE),
    ("activity", ("enter",), SMALL),
    ("routines", ("2",), SMALL),
    ("routines_large", ("2",), LARGE),
    ("routine_detail", ("2", "down", "down", "enter"), SMALL),
    ("history", ("3",), SMALL),
    ("history_large", ("3",), LARGE),
    ("history_filtered", ("3", "slash", "enter", "down", "down", "enter"), SMALL),  # processed only
    ("history_cursor", ("3", "down", "down"), SMALL),  # the third transfer highlighted
    ("notifications", ("4",), SMALL),
    ("users", ("5",), SMALL),
    ("forecast", ("6",), SMALL),
    ("forecast_large", ("6",), LARGE),
    ("planned", ("7",), SMALL),
    ("help", ("question_mark",), SMALL),
    ("open_account_form", ("o",), SMALL),
    ("wizard_kind_step", ("n",), SMALL),
], ids=lambda value: value if isinstance(value, str) else "")
def test_screen(snap_compare, app, name, presses, size):  # noqa: ARG001 - name is the snapshot's id
    assert snap_compare(app, terminal_size=size, run_before=steps(*presses))


def test_since_last_run_summary(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL, run_before=steps(keep_summary=True))


def test_empty_database_first_screen(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "empty.db", demo=False), terminal_size=SMALL, run_before=steps())


@pytest.mark.parametrize("index", range(len(ALL_KINDS)), ids=[k.key for k in ALL_KINDS])
def test_wizard_field_step_of_each_kind(snap_compare, app, index):
    assert snap_compare(app, terminal_size=SMALL, run_before=steps("n", *(["down"] * index), "enter", "ctrl+n"))


def test_wizard_validation_error(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL,
                        run_before=steps("n", "down", "down", "enter", "ctrl+n", "tab", *"12.345", "ctrl+n"))


def test_wizard_review_step(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL,
                        run_before=steps("n", "down", "down", "enter", "ctrl+n", "tab", *"12.50", "ctrl+n"))


def test_form_error_inline(snap_compare, app):
    assert snap_compare(app, terminal_size=SMALL, run_before=steps("d", *"12.345", "enter"))


def _import_steps(path: str):
    async def run_before(pilot) -> None:
        from textual.widgets import Input

        await steps("enter", "i")(pilot)
        pilot.app.screen.query_one("#field-file", Input).value = path  # relative: the same on every machine
        await keys(pilot, "enter")

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_import_dialog_with_a_csv_read(snap_compare, app, monkeypatch, size):
    monkeypatch.chdir(Path(__file__).parent.parent)
    monkeypatch.setenv("HOME", "/home/alex")  # the dialogs offer the home folder: the same on every machine
    assert snap_compare(app, terminal_size=size, run_before=_import_steps("tests/data/preamble.csv"))


def test_statement_dialog(snap_compare, app, monkeypatch):
    monkeypatch.setenv("HOME", "/home/alex")
    assert snap_compare(app, terminal_size=SMALL, run_before=steps("enter", "s"))
