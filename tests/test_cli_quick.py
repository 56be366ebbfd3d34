"""The command line without the engine (issue 13 §3, begun): reads and a ``process`` with nothing due import
neither SQLAlchemy, SQLModel nor pydantic, and say what the full path says."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.test_cli_corrections import NOW, InProcess

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic")
PROBE = ("import json, sys; from astra_tui.cli import main; code = main(sys.argv[1:]); "
         f"print(json.dumps([code, sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))]))")


def heavy_imports(*args: str) -> tuple[int, list[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    *out, last = done.stdout.strip().splitlines()
    code, heavy = json.loads(last)
    return code, heavy, "\n".join(out)


@pytest.fixture
def cli(tmp_path, capsys):
    """Alex with checking and savings, and a weekly transfer from the 29th."""
    cli = InProcess(tmp_path / "astra.db", capsys)
    cli("users", "add", "Alex")
    cli("accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "100")
    cli("accounts", "add", "--user", "Alex", "--name", "Savings")
    cli("routines", "add", "--user", "Alex", "--body", json.dumps({
        "type": "recurring", "name": "Weekly", "source_id": 1, "destination_id": 2, "amount": 5,
        "start_date": "2026-11-29", "frequency": "weekly"}))
    return cli


def test_reads_and_a_process_with_nothing_due_load_no_orm(cli):
    db = ["--db", str(cli.db), "--now", NOW]
    for args in (("users", "list"), ("accounts", "list", "--json"), ("transfers", "list", "--limit", "50", "--json"),
                 ("process",)):
        code, heavy, _ = heavy_imports(*db, *args)
        assert (code, heavy) == (0, []), args
    before = cli.dump()
    code, _, said = heavy_imports(*db, "process", "--json")
    assert json.loads(said) == {"processed": 0, "failed": 0, "skipped": 0, "pending": 0, "cancelled": 0}
    assert cli.dump() == before  # nothing written either


def test_a_process_with_work_due_still_processes_it(cli):
    code, heavy, said = heavy_imports("--db", str(cli.db), "--now", "2026-12-06T09:00:00-08:00", "process", "--json")
    assert code == 0 and "sqlalchemy" in heavy  # the engine is loaded when something is due
    assert json.loads(said)["processed"] == 2  # Nov 29 and Dec 6
    code, heavy, said = heavy_imports("--db", str(cli.db), "--now", "2026-12-06T10:00:00-08:00", "process", "--json")
    assert (code, heavy, json.loads(said)["processed"]) == (0, [], 0)  # the same day, nothing more: quick again
