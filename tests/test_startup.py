"""A crash while the app starts is a failure the shell can see: status 1 and one line, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from astra_tui import cli
from astra_tui.ui.app import AstraApp


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real command-line entry, but the app runs headless and leaves by itself if it does start."""
    async def leave(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.exit()

    def run(self: App[Any], **options: Any) -> Any:
        return App.run(self, headless=True, size=(80, 24), auto_pilot=leave, **options)

    monkeypatch.setattr(AstraApp, "run", run)
    monkeypatch.delenv("ASTRA_TUI_DEBUG", raising=False)


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("astra-tui: internal error: "), lines[0]
    return lines[0]


def test_an_unreadable_stylesheet_exits_1_with_one_line(headless: None, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(AstraApp, "CSS_PATH", "missing.tcss")  # what a wheel without package data did
    assert cli.main(["--db", str(tmp_path / "astra.db"), "--now", "2026-11-22T09:00"]) == 1
    line = _one_error_line(capsys)
    assert "StylesheetError" in line and "missing.tcss" in line


def test_a_crash_after_the_app_started_exits_1_with_one_line(headless: None, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    def broken(self: AstraApp) -> None:
        raise RuntimeError("the mount went wrong\non two lines")

    monkeypatch.setattr(AstraApp, "on_mount", broken)
    assert cli.main(["--db", str(tmp_path / "astra.db"), "--now", "2026-11-22T09:00"]) == 1
    assert _one_error_line(capsys) == "astra-tui: internal error: RuntimeError: the mount went wrong on two lines"


def test_the_app_that_starts_and_quits_exits_0(headless: None, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(tmp_path / "astra.db"), "--now", "2026-11-22T09:00"]) == 0
    assert capsys.readouterr().err == ""
