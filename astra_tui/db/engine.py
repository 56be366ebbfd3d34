"""Opening the database: where it lives, connection pragmas, schema migrations.

Every connection turns on foreign keys, WAL and a busy timeout. Writers take
SQLite's write lock up front (``BEGIN IMMEDIATE``) so that two processes never
compute from the same stale state; readers use plain deferred transactions.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from astra_tui.db.errors import DatabaseProblem

if TYPE_CHECKING:  # SQLAlchemy is imported when an engine is made, not before the first paint
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

APP_NAME = "astra-tui"
DB_FILENAME = "astra.db"
ENV_DB = "ASTRA_TUI_DB"
BUSY_TIMEOUT_MS = 5_000
# The newest migration this version of the app knows. tests/test_db.py checks it
# equals the head of the shipped migration scripts.
HEAD_REVISION = "0006"
_WRITE = "astra_write"
PRIVATE = 0o600  # the database and every file beside it that it makes


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def resolve_db_path(cli_value: str | None, environ: dict[str, str] | None = None) -> Path:
    """``--db`` wins, then ``ASTRA_TUI_DB``, then the platform's user data dir."""
    env = os.environ if environ is None else environ
    raw = cli_value or env.get(ENV_DB) or None
    return Path(raw).expanduser() if raw else default_db_path()


def create_private(path: Path) -> None:
    """Create an empty database file readable only by its owner, before SQLite opens it.

    SQLite creates a database with the umask's permissions (often 0644), and gives the -wal and
    -shm files it makes beside it the database's permissions at the moment it makes them; an empty
    file is an empty database to SQLite, so making the file ourselves makes all three private.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    os.close(descriptor)
    os.chmod(path, PRIVATE)  # whatever the umask took away from 0600


def keep_private(path: Path | str) -> None:
    """Make the database's -wal and -shm files 0600 when they are not (a database someone made
    readable: SQLite copies its permissions). Files of another owner are left alone."""
    for suffix in ("-wal", "-shm"):
        side = f"{path}{suffix}"
        try:
            if os.stat(side).st_mode & 0o077:
                os.chmod(side, PRIVATE)
        except OSError:  # gone already, or not ours to change
            pass


# The most page cache a connection may fill, in KiB (SQLite's default is 2,000). A batch of processing
# dirties every page it writes before its commit: the rows' own pages, and in each index keyed by routine
# (runs, transfers by routine, transfers by trigger) the leaf page where each routine's entries end. 1,000
# weekly routines four years behind dirty ~5,000 pages (20 MiB) a batch. In 2 MiB each insert there read a
# page back and spilled another to the WAL mid-transaction (1.7 of each a run four years behind, 0.3 one
# year behind), so the cost of a run grew with the span (issue 13 §4); in 64 MiB none. Pages are taken only
# as they are read: small writes use little of it.
CACHE_KIB = 65_536

# Every engine connection's settings (the catch-up benchmark's plain sqlite3 baseline opens its connection
# with these too). journal_mode reads the file: the -wal and -shm files exist from there on.
CONNECTION_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    f"PRAGMA cache_size = -{CACHE_KIB}",
)


def _on_connect(path: Path, dbapi_connection: sqlite3.Connection) -> None:
    # Let SQLAlchemy's "begin" event decide how transactions start (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in CONNECTION_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
    keep_private(path)


def _on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    engine = create_engine(
        f"sqlite:///{path}",
        # Connections are kept and reused: opening one costs about a millisecond (the pragmas and
        # the schema), which is most of an idle processing tick. SQLite connections may move
        # between threads (check_same_thread off); the pool hands each to one thread at a time.
        poolclass=QueuePool,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", lambda dbapi_connection, _record: _on_connect(path, dbapi_connection))
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions start with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{_WRITE: True})


@contextmanager
def write_transaction(engine: Engine) -> Iterator[sqlite3.Connection]:
    """One atomic write on the standard library's connection: the write lock is held from the first
    statement to commit (the processing store writes with plain ``executemany``)."""
    with writer(engine).begin() as conn:
        yield driver(conn)


def driver(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy one, inside the same transaction: the core's stores and
    its read layer speak plain SQL to it."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def session_driver(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection of a session's transaction, with the session's pending changes flushed
    into it first, so plain SQL sees what the session has done."""
    session.flush()
    return driver(session.connection())


def current_revision(path: Path) -> str | None:
    """The schema revision stored in the file, or None for an empty database."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise DatabaseProblem(f"{path} is an SQLite database, but not an astra-tui one")
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision with the migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with writer(engine).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def known_revisions() -> list[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    return [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]


def open_database(path: Path, *, create: bool = True, create_folder: bool = True,
                  on_upgrade: Callable[[str], None] | None = None) -> Engine:
    """Open (and if needed create and migrate) the database at ``path``.

    ``create_folder`` is for the default location; a path a person typed whose folder does not
    exist is more likely a typo than a wish for new folders. Before migrating an existing database
    a copy of it is saved beside it, and ``on_upgrade`` is told where.
    Raises DatabaseProblem with one clear line when the file cannot be used.
    """
    path = Path(path)
    exists = path.exists()
    if not exists and not create:
        raise DatabaseProblem(f"no database at {path}")
    if exists and path.is_dir():
        raise DatabaseProblem(f"{path} is a directory, not a database file")
    if not exists:
        parent = path.parent
        if not parent.exists():
            if not create_folder:
                raise DatabaseProblem(f"the folder {parent} does not exist")
            try:
                parent.mkdir(mode=0o700, parents=True)
            except OSError as exc:
                raise DatabaseProblem(f"cannot create the data directory {parent}: {exc.strerror}") from None
        try:
            create_private(path)
        except OSError as exc:
            raise DatabaseProblem(f"cannot create {path}: {exc.strerror}") from None
    try:
        revision = current_revision(path) if exists else None
        if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
            raise DatabaseProblem(
                f"{path} was written by a newer astra-tui (schema {revision}); upgrade astra-tui to open it"
            )
        if exists and revision is not None and revision != HEAD_REVISION:
            from astra_tui.db.backup import backup_beside

            saved = backup_beside(path, revision)
            if on_upgrade is not None:
                on_upgrade(f"upgraded {path} from schema {revision} to {HEAD_REVISION}; "
                           f"the database as it was is saved at {saved}")
        engine = make_engine(path)
        if revision != HEAD_REVISION:
            migrate(engine)
        return engine
    except sqlite3.DatabaseError as exc:
        raise database_problem(exc, path) from None
    except Exception as exc:  # SQLAlchemy wraps sqlite3 errors
        orig = getattr(exc, "orig", None)
        if isinstance(orig, sqlite3.DatabaseError):
            raise database_problem(orig, path) from None
        raise


def database_problem(exc: sqlite3.DatabaseError, path: Path | None = None) -> DatabaseProblem:
    text = str(exc)
    where = f"{path}" if path else "the database"
    if "locked" in text or "busy" in text:
        return DatabaseProblem(f"{where} is locked by another program; try again in a moment")
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return DatabaseProblem(f"{where} is not a readable astra-tui database ({text})")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseProblem(f"{where} cannot be written ({text})")
    return DatabaseProblem(f"{where}: {text}")
