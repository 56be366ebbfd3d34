"""The Textual app. Only this package imports Textual."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from astra_tui.ui.app import AstraApp


def make_app(engine: Any, clock: Any, *, db_path: Path, interval: int = 60,
             notices: list[str] | None = None) -> AstraApp:
    """The app on the database at ``db_path``, built but not started (the command line runs it; tests and
    benchmarks run it headless). Give an open ``engine``, or None for a database already at the newest
    schema: the engine is then made in the background after the first paint."""
    # The home screen's data is read in a thread while Textual is being imported (a quarter of a
    # second), so it is there when the first screen mounts.
    from astra_tui.core.read.accounts import accounts_view
    from astra_tui.core.read.db import read_file, read_in_thread

    today = clock.today()
    early = read_in_thread(lambda: read_file(db_path, lambda db: accounts_view(db, None, today)))
    from astra_tui.ui.app import AstraApp

    app = AstraApp(engine, clock, interval=interval, db_path=db_path, first_view=early)
    app.notices = list(notices or [])
    return app


def launch(app: AstraApp) -> int:
    """Run the app in the terminal until the person quits."""
    app.run()
    error = app._exception  # Textual caught an exception (an unreadable stylesheet, say) and stopped the app
    if error is not None:
        raise error  # the command line reports it in one line
    if app.return_code:
        raise RuntimeError(f"the app stopped with status {app.return_code}")
    return 0
