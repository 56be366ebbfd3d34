"""Every file the database makes is readable only by its owner (0600), whatever the umask and
wherever the file lives: the database, its write-ahead log (-wal) and its shared memory (-shm)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.app import App

from astra_tui import cli
from astra_tui.core.read import db as read_db
from astra_tui.db.engine import open_database
from astra_tui.ui.app import AstraApp

SCRIPT = shutil.which("astra-tui", path=str(Path(sys.executable).parent)) or "astra-tui"
NOW = "2026-11-22T09:00:00-08:00"


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    """The common default: new files readable by everyone."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def modes(db: Path) -> dict[str, str]:
    """The permission bits of the database's files that exist now."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        try:
            found[suffix or "db"] = oct(os.stat(f"{db}{suffix}").st_mode & 0o777)
        except FileNotFoundError:
            pass
    return found


def test_a_new_database_and_its_log_are_private_while_open(tmp_path: Path) -> None:
    db = tmp_path / "astra.db"
    engine = open_database(db)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO users (name, transfer_limit, active, created_at) "
                              "VALUES ('Alex', 500000, 1, '2026-11-22 17:00:00.000000')"))
        assert modes(db) == {"db": "0o600", "-wal": "0o600", "-shm": "0o600"}
    finally:
        engine.dispose()


def test_a_writing_command_leaves_only_private_files(tmp_path: Path) -> None:
    db = tmp_path / "astra.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASTRA_TUI")}
    done = subprocess.run([SCRIPT, "--db", str(db), "--now", NOW, "users", "add", "Alex"], capture_output=True,
                          text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert set(modes(db).values()) == {"0o600"}


def test_the_open_app_keeps_its_files_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app on a new database (as the demo and a first start do), through the real command line."""
    seen: dict[str, str] = {}

    async def look(pilot: Any) -> None:
        for _ in range(50):  # until the start-up catch-up has written
            await pilot.pause(0.05)
            if isinstance(pilot.app, AstraApp) and pilot.app.ready:
                break
        seen.update(modes(tmp_path / "demo.db"))
        pilot.app.exit()

    monkeypatch.setattr(AstraApp, "run", lambda self, **o: App.run(self, headless=True, auto_pilot=look, **o))
    assert cli.main(["--db", str(tmp_path / "demo.db"), "--demo", "--now", NOW]) == 0
    assert seen == {"db": "0o600", "-wal": "0o600", "-shm": "0o600"}


def test_a_database_someone_made_readable_gets_private_logs(tmp_path: Path) -> None:
    """A database copied in with loose permissions: what astra-tui makes beside it is still private."""
    db = tmp_path / "astra.db"
    open_database(db).dispose()
    os.chmod(db, 0o644)
    engine = open_database(db)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM users"))
        assert modes(db) == {"db": "0o644", "-wal": "0o600", "-shm": "0o600"}
    finally:
        engine.dispose()
    conn = read_db.connect(db)  # every read of the app and the command line, with plain sqlite3
    try:
        assert modes(db) == {"db": "0o644", "-wal": "0o600", "-shm": "0o600"}
    finally:
        conn.close()
