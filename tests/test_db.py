"""The data layer: pragmas, migrations, indexes, where the file lives."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from astra_tui.core.errors import DatabaseProblem
from astra_tui.db import engine as engine_module
from astra_tui.db.engine import HEAD_REVISION, known_revisions, open_database, resolve_db_path
from astra_tui.db.models import metadata

PACKAGE = Path(engine_module.__file__).parents[1]


def test_every_connection_turns_on_the_pragmas(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == engine_module.BUSY_TIMEOUT_MS
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO accounts (user_id, name, kind, status, balance, created_at) "
                              "VALUES (999, 'x', 'checking', 'open', 0, '2026-01-01 00:00:00')"))


def test_head_revision_constant_matches_the_shipped_migrations():
    assert known_revisions()[0] == HEAD_REVISION


def test_the_migrations_build_exactly_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION


def test_the_product_never_calls_create_all():
    offenders = [p for p in PACKAGE.rglob("*.py") if "create_all" in p.read_text()]
    assert offenders == []


def test_reopening_a_current_database_does_not_run_alembic(db_path, monkeypatch):
    open_database(db_path)
    monkeypatch.setattr(engine_module, "migrate", lambda e: pytest.fail("migrated an up-to-date database"))
    open_database(db_path)


@pytest.mark.parametrize("query, index", [
    ("SELECT * FROM transfers WHERE user_id = 1 ORDER BY scheduled_for DESC, id DESC LIMIT 50",
     "ix_transfers_user_date"),
    ("SELECT * FROM transfers WHERE source_id = 1 ORDER BY scheduled_for DESC, id DESC", "ix_transfers_source_date"),
    ("SELECT * FROM transfers WHERE routine_id = 1 ORDER BY scheduled_for DESC, id DESC", "ix_transfers_routine_date"),
    ("SELECT * FROM transfers WHERE status = 'pending' AND scheduled_for <= '2026-01-01' ORDER BY scheduled_for, id",
     "ix_transfers_status_date"),
    ("SELECT * FROM transfers WHERE scheduled_for BETWEEN '2026-01-01' AND '2026-02-01'", "ix_transfers_date"),
    ("SELECT * FROM transactions WHERE account_id = 1 ORDER BY posted_on DESC, id DESC LIMIT 50",
     "ix_transactions_account_date"),
    ("SELECT amount FROM transactions WHERE account_id = 1 AND posted_on BETWEEN '2026-01-01' AND '2026-01-07'",
     "ix_transactions_account_date"),
    ("SELECT * FROM routines WHERE status IN ('active','inactive') AND next_due_on <= '2026-01-01'",
     "ix_routines_status_due"),
    # SQLite names a UNIQUE constraint's index itself.
    ("SELECT * FROM routine_runs WHERE routine_id = 1 ORDER BY due_on", "sqlite_autoindex_routine_runs_1"),
    ("SELECT * FROM notifications WHERE user_id = 1 ORDER BY id DESC LIMIT 50", "ix_notifications_user"),
])
def test_history_queries_use_an_index(engine, query, index):
    with engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute(text("EXPLAIN QUERY PLAN " + query)))
    assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan, plan


def test_db_path_resolution(tmp_path):
    assert resolve_db_path("/x/y.db", {}) == Path("/x/y.db")
    assert resolve_db_path(None, {"ASTRA_TUI_DB": "/env.db"}) == Path("/env.db")
    assert resolve_db_path("/cli.db", {"ASTRA_TUI_DB": "/env.db"}) == Path("/cli.db")
    default = resolve_db_path(None, {})
    assert default.name == "astra.db" and default.parent.name == "astra-tui"


def test_the_data_directory_is_created_private(tmp_path):
    path = tmp_path / "new" / "deeper" / "astra.db"
    open_database(path)
    assert path.exists()
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(os.urandom(4096))
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="not a readable astra-tui database"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    with pytest.raises(DatabaseProblem, match="not an astra-tui one"):
        open_database(path)


def test_a_database_from_a_newer_app_is_refused(db_path):
    open_database(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseProblem, match="newer astra-tui"):
        open_database(db_path)


def test_a_first_revision_database_is_upgraded_with_its_rows(db_path):
    from alembic import command
    from alembic.config import Config

    from astra_tui.db.engine import make_engine, writer

    config = Config()
    config.set_main_option("script_location", str(PACKAGE / "db" / "migrations"))
    old = make_engine(db_path)
    with writer(old).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO users (name, transfer_limit, active, created_at) "
                     "VALUES ('Alex', 250000, 1, '2026-01-01 00:00:00.000000')")
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    old.dispose()
    upgraded = open_database(db_path)
    with upgraded.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        assert conn.execute(text("SELECT name, transfer_limit, seen_run_id FROM users")).all() == [("Alex", 250000, 0)]
