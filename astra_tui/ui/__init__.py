"""The Textual app. Only this package imports Textual."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def launch(engine: Any, clock: Any, *, interval: int, db_path: Path, **run_options: Any) -> int:
    from astra_tui.ui.app import AstraApp

    AstraApp(engine, clock, interval=interval, db_path=db_path).run(**run_options)
    return 0
