"""Read connections: plain sqlite3, read-only, one snapshot per read.

A read runs inside one read transaction (``snapshot``), so a page and the names beside it agree even
while another process writes. The app keeps its read connections in a small pool (``ReadPool``);
the command line opens one. Inside a write, the write's own connection is read from
(``astra_tui.db.engine.session_driver``), so a check sees the change it is checking.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

Reader = sqlite3.Connection  # what every read function takes
T = TypeVar("T")


def connect(path: Path | str) -> sqlite3.Connection:
    """A read-only connection with the same busy timeout as the app's engine."""
    from astra_tui.db.engine import BUSY_TIMEOUT_MS, keep_private

    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA schema_version")  # reads the file, so SQLite makes its -wal and -shm now
    keep_private(path)
    return conn


@contextmanager
def snapshot(db: Reader) -> Iterator[Reader]:
    """One read transaction around the reads inside; a write's connection already has its own."""
    if db.in_transaction:
        yield db
        return
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.execute("ROLLBACK")  # nothing was written: ending the read is all it does


def read_file(path: Path | str, read: Callable[[Reader], T]) -> T:
    """``read`` on a connection of its own, closed afterwards."""
    db = connect(path)
    try:
        with snapshot(db):
            return read(db)
    finally:
        db.close()


class ReadPool:
    """Read connections kept for reuse (opening one and parsing the schema costs about a millisecond).
    Each is used by one thread at a time; any thread may take one."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = connect(self.path)
        healthy = True
        try:
            with snapshot(db):
                yield db
        except sqlite3.Error:
            healthy = False  # a connection that failed is not handed out again
            raise
        finally:
            if healthy:
                with self._lock:
                    self._idle.append(db)
            else:
                db.close()

    def read(self, read: Callable[[Reader], T]) -> T:
        with self.reading() as db:
            return read(db)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()


def read_in_thread(read: Callable[[], Any]) -> Future[Any]:
    """Run ``read`` in a new thread; its result or error arrives in the returned future."""
    future: Future[Any] = Future()

    def run() -> None:
        # Running now, the future can no longer be cancelled (a screen closed before its first read came
        # back cancels the future it awaited): its result always has somewhere to go.
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(read())
        except BaseException as exc:  # handed to whoever takes the result
            future.set_exception(exc)

    threading.Thread(target=run, name="early-read", daemon=True).start()
    return future


def one(db: Reader, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """The single value of a query that returns one row of one column."""
    row = db.execute(sql, params).fetchone()
    return None if row is None else row[0]


def limited(sql: str, params: tuple[Any, ...], limit: int | None) -> tuple[str, tuple[Any, ...]]:
    """``sql`` with ``LIMIT`` when a limit is given (none: every row)."""
    return (f"{sql} LIMIT ?", (*params, limit)) if limit else (sql, params)
