"""The command line without the engine (issue 13 §3): every read command and a ``process`` with nothing due
import neither SQLAlchemy, SQLModel nor pydantic, and say what the full path says."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from astra_tui.core.check import ledger_violations
from astra_tui.db.engine import open_database
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


@pytest.fixture
def demo(tmp_path, capsys):
    """The demo household (every kind of routine, planned income and bills, pending transfers) and a CSV
    mapping saved by an import."""
    cli = InProcess(tmp_path / "demo.db", capsys)
    cli("--demo", "process")
    (tmp_path / "bank.csv").write_text("Date,Description,Amount\n2026-11-20,Coffee,-3.50\n2026-11-21,Books,-12\n")
    cli("import", str(tmp_path / "bank.csv"), "--account", "1", "--save-mapping", "mybank")
    return cli


def reads(csv: str) -> list[tuple[str, ...]]:
    """Every command that only reads (SPEC §7 and the planning and bank-file commands)."""
    return [("users", "list", "--json"), ("accounts", "list", "--user", "Alex"),
            ("transactions", "list", "--account", "1", "--limit", "20", "--json"),
            ("routines", "list", "--json"), ("routines", "list", "--all"), ("routines", "show", "4", "--json"),
            ("routines", "show", "5"), ("transfers", "list", "--routine", "4", "--json"),
            ("planned", "list", "--json"), ("planned", "list", "--account", "4"),
            ("forecast", "--json"), ("forecast", "--account", "1", "--days", "30"),
            ("settings", "--json"), ("mappings", "list", "--json"), ("mappings", "show", "mybank"),
            ("export", "transactions", "--format", "csv"), ("export", "transfers", "--format", "json"),
            ("export", "journal"), ("statements", "1", "--month", "2026-11"), ("check", "--json"), ("check",),
            ("import", csv, "--account", "1", "--dry-run", "--json")]


def test_every_read_command_loads_no_orm_and_says_what_the_full_path_says(demo):
    """Each read in a fresh process loads none of them; the same read in this process, where the writes above
    have loaded SQLAlchemy, SQLModel and pydantic (the kinds' body models built), prints the same."""
    assert {"sqlalchemy", "sqlmodel", "pydantic"} <= {m.split(".")[0] for m in sys.modules}
    before = demo.dump()
    for args in reads(str(demo.db.parent / "bank.csv")):
        code, heavy, said = heavy_imports("--db", str(demo.db), "--now", NOW, *args)
        assert (code, heavy) == (0, []), args
        assert said == demo(*args)[0].rstrip("\n"), args
    assert demo.dump() == before  # nothing written either


@pytest.mark.broken_ledger
def test_a_quick_check_finds_what_the_engine_finds(demo):
    with sqlite3.connect(demo.db) as conn:  # a balance the transactions do not add up to
        conn.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 2")
    code, heavy, said = heavy_imports("--db", str(demo.db), "--now", NOW, "check", "--json")
    engine = open_database(demo.db)
    try:
        expected = ledger_violations(engine)
    finally:
        engine.dispose()
    assert (code, heavy) == (1, []) and len(expected) == 1
    assert json.loads(said)["violations"] == expected


@pytest.mark.parametrize("argv", [[], ["--db", "x.db"], ["--db=x.db", "--now", "2026-12-06T09:00:00-08:00"],
                                  ["--demo", "--interval", "30"], ["--interval=5", "--db", "a b.db", "--demo"]])
def test_opening_the_app_parses_as_the_whole_parser_does(argv):
    from astra_tui.cli.args import build_parser, opens_the_app

    assert opens_the_app(argv)
    assert build_parser(commands_too=False).parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [["users", "list"], ["--db", "x.db", "process"], ["--help"], ["--version"],
                                  ["--db"], ["--dem"], ["--interval"]])
def test_anything_else_gets_the_whole_parser(argv):
    from astra_tui.cli.args import opens_the_app

    assert not opens_the_app(argv)


def test_a_bad_interval_is_refused_in_one_line_when_opening_the_app(tmp_path, capsys):
    from astra_tui.cli import main

    assert main(["--db", str(tmp_path / "a.db"), "--interval", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("astra-tui: error: argument --interval") and "\n" not in err
    assert not (tmp_path / "a.db").exists()
