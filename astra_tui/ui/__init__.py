"""The Textual app. Only this package imports Textual."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def launch(engine: Any, clock: Any, *, interval: int, db_path: Path, notices: list[str] | None = None,
           **run_options: Any) -> int:
    # The home screen's data is read in a thread while Textual is being imported (a quarter of a
    # second), so it is there when the first screen mounts.
    from astra_tui.core.home import read_accounts, read_in_thread

    early = read_in_thread(lambda: read_accounts(db_path, None))  # the first person's accounts
    from astra_tui.ui.app import AstraApp

    app = AstraApp(engine, clock, interval=interval, db_path=db_path, first_view=early)
    app.notices = list(notices or [])
    app.run(**run_options)
    error = app._exception  # Textual caught an exception (an unreadable stylesheet, say) and stopped the app
    if error is not None:
        raise error  # the command line reports it in one line
    if app.return_code:
        raise RuntimeError(f"the app stopped with status {app.return_code}")
    return 0
