"""One command-line invocation's database, clock and options."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from astra_tui.cli.args import PROG, UsageError
from astra_tui.core.errors import DatabaseProblem
from astra_tui.db.engine import ENV_DB

if TYPE_CHECKING:
    from astra_tui.core.read.db import Reader

ENV_NOW = "ASTRA_TUI_NOW"
T = TypeVar("T")


class Context:
    """The database, the clock and the options of one invocation."""

    def __init__(self, args: argparse.Namespace) -> None:
        from astra_tui.core.clock import clock_from
        from astra_tui.db.engine import resolve_db_path

        self.args = args
        now, where = (args.now, "--now") if args.now is not None else (os.environ.get(ENV_NOW), ENV_NOW)
        try:
            self.clock = clock_from(now)
        except ValueError as exc:
            raise UsageError(f"{where}: {exc}") from None
        self.path = resolve_db_path(args.db)
        self.chosen = bool(args.db or os.environ.get(ENV_DB))  # a path a person gave, not the default
        self.existed = self.path.exists()
        self.notices: list[str] = []  # e.g. where the copy made before a schema upgrade is
        self._engine: Any = None

    def forget_new_file(self) -> None:
        """After a failure, remove a database this invocation created: bad input leaves no trace."""
        if self.existed or self._engine is None:
            return
        self._engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def engine(self, *, create: bool = True) -> Any:
        """The open database; None for a read-only command when there is no file yet."""
        from astra_tui.db.engine import open_database

        if self._engine is None:
            if not create and not self.path.exists():
                return None
            self._engine = open_database(self.path, create_folder=not self.chosen, on_upgrade=self.notice)
        return self._engine

    def existing_engine(self) -> Any:
        """For commands about the file itself (check, backup): there must be one."""
        engine = self.engine(create=False)
        if engine is None:
            raise DatabaseProblem(f"no database at {self.path}")
        return engine

    def close(self) -> None:
        """Close the pooled connections (the app's engine, when the app opened one, is its own)."""
        if self._engine is not None:
            self._engine.dispose()

    def notice(self, text: str) -> None:
        self.notices.append(text)
        print(f"{PROG}: {text}", file=sys.stderr)

    def at_newest_schema(self) -> bool:
        """Whether the file is an astra-tui database at the newest schema, read without SQLAlchemy (a
        damaged or foreign file is not: opening it the full way says what is wrong)."""
        from astra_tui.db.engine import HEAD_REVISION, current_revision

        if self._engine is not None or not self.path.is_file():
            return False
        try:
            return current_revision(self.path) == HEAD_REVISION
        except (sqlite3.DatabaseError, DatabaseProblem):
            return False

    def engine_for_app(self) -> Any:
        """None when the file is already an astra-tui database at the newest schema: then the app
        paints first and opens the engine in the background. Otherwise open (create, migrate) now,
        so a damaged or foreign file is reported here as one line."""
        return None if self.at_newest_schema() else self.engine()

    def perform(self, action: Callable[..., Any]) -> Any:
        from astra_tui.core.service import perform

        result, _ = perform(self.engine(), self.clock, action)
        return result

    def read(self, query: Callable[[Reader], T]) -> T:
        """Run a read of the read layer on the database. A file at an older schema is upgraded first, as
        by any command; with no database yet, the read runs on a throwaway empty one, so the answers (and
        the "does not exist" errors) are the same and no file appears at the path."""
        import tempfile

        from astra_tui.core.read.db import read_file

        if self._engine is not None or self.at_newest_schema():
            return read_file(self.path, query)
        if self.engine(create=False) is not None:
            return read_file(self.path, query)
        from astra_tui.db.engine import open_database

        with tempfile.TemporaryDirectory() as folder:
            empty = open_database(Path(folder) / "empty.db")
            try:
                return read_file(Path(folder) / "empty.db", query)
            finally:
                empty.dispose()
