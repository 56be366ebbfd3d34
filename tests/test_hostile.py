"""Hostile input through the validators, the command line and the wizard's fields: every rejection
is one clear line naming the field, exit status 2 on the command line, and not a row changed.
ASTRA_TUI_LONG=1 runs over 10,000 cases; the normal run a few hundred."""

from __future__ import annotations

import contextlib
import io
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from astra_tui.cli import main
from astra_tui.core.bodies import clean_name, parse_body, parse_id
from astra_tui.core.errors import AstraError
from astra_tui.core.money import parse_money, parse_percent
from astra_tui.core.schedule import parse_date
from tests.conftest import LONG
from tests.test_safety import NOW

NASTY = ["", " ", "\t", "\n", "NaN", "nan", "inf", "-inf", "Infinity", "1e3", "1E-2", "-0", "-0.00", "+5", "0x10",
         "1_000", "  12  ", "１２", "١٢", "12.345", "1" * 40, "-" + "9" * 30, "1,2,3", "$-5", "(5)", "5-", ".5", "5.",
         "'; DROP TABLE users; --", "Robert'); DROP TABLE accounts;--", "\x00", "a\x00b", "💸", "\u202e1", "\ud800",
         "%s%s%n", "{}", "[]", "null", "true", "2026-02-30", "2026-13-01", "0000-00-00", "99999-01-01", "2026-1-1",
         "1.7976931348623157e308", "5e-324", "-1", "0", "4294967296", "9223372036854775808", "  $1,0,00.00 "]

texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                  st.from_regex(r"[-+]?[$]?\d{0,25}([.,]\d{0,6})?([eE][-+]?\d{1,4})?", fullmatch=True),
                  st.floats(allow_nan=True, allow_infinity=True).map(str), st.integers().map(str))
json_values = st.one_of(texts, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                        st.lists(st.integers(), max_size=3),
                        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))
CASES = settings(max_examples=2_000 if LONG else 60, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def one_clear_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message, repr(message)
    assert len(message) < 400, message


@pytest.mark.parametrize("parse", [parse_money, parse_percent, parse_date, parse_id, clean_name],
                         ids=["money", "percent", "date", "id", "name"])
@CASES
@given(value=json_values)
def test_validators_accept_or_say_why_in_one_line(parse, value):
    try:
        result = parse(value)
    except (ValueError, AstraError) as exc:
        one_clear_line(str(exc))
        return
    if parse in (parse_money, parse_percent, parse_id):
        assert type(result) is int  # never a float, never a bool
    if parse is clean_name:
        assert result == result.strip() and 0 < len(result) <= 100
        result.encode("utf-8")  # storable: no lone surrogates


VALID = {"type": "recurring", "name": "Weekly", "source_id": 1, "destination_id": 2, "amount": "10.00",
         "frequency": "weekly", "start_date": "2026-11-23"}


@CASES
@given(field=st.sampled_from(sorted(VALID) + ["percentage", "min_balance", "destination_user_id", "extra"]),
       value=json_values)
def test_a_routine_body_with_one_hostile_field_is_refused_naming_it(field, value):
    body = dict(VALID, **{field: value})
    try:
        parse_body(body)
    except AstraError as exc:
        one_clear_line(exc.message)
        assert exc.field, exc.message
        return


# -- the command line, in process (the same main() the console script runs) -------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "astra.db"
    for argv in (["users", "add", "Alex"], ["users", "add", "Sam"],
                 ["accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "1000"],
                 ["accounts", "add", "--user", "Alex", "--name", "Savings", "--kind", "savings"]):
        assert main(["--db", str(path), "--now", NOW, *argv]) == 0
    return path


def tables(db: Path) -> dict[str, list[tuple]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f"SELECT * FROM {n}").fetchall() for n in names}


class Runner:
    def __init__(self, template: Path, folder: Path) -> None:
        self.template, self.db = template, folder / "astra.db"

    def __call__(self, *argv: str) -> tuple[int, str]:
        for suffix in ("-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.db)
        before = tables(self.db)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(["--db", str(self.db), "--now", NOW, *argv])
        assert status in (0, 2), (argv, status, err.getvalue())
        if status == 2:
            lines = err.getvalue().splitlines()
            assert len(lines) == 1 and lines[0].startswith("astra-tui: error: "), (argv, err.getvalue())
            one_clear_line(lines[0])
            assert tables(self.db) == before, argv  # bad input changed nothing
        return status, err.getvalue()


@pytest.fixture
def run(template: Path, tmp_path: Path) -> Runner:
    return Runner(template, tmp_path)


def arg(text: str) -> str:
    return text.replace("\x00", "")  # an argument vector cannot carry NUL; everything else can


@CASES
@given(name=texts, limit=texts)
def test_people_and_limits(run, name, limit):
    run("users", "add", arg(name), "--transfer-limit", arg(limit))
    run("users", "limit", "Alex", arg(limit))
    run("users", "limit", arg(name), "10")


@CASES
@given(name=texts, balance=texts, account=texts)
def test_accounts_and_their_actions(run, name, balance, account):
    run("accounts", "add", "--user", "Alex", "--name", arg(name), "--opening-balance", arg(balance))
    run("accounts", "freeze", arg(account))
    run("accounts", "list", "--user", arg(name))


@CASES
@given(amount=texts, date=texts, description=texts, account=texts)
def test_transactions(run, amount, date, description, account):
    run("transactions", "add", "--account", "1", "--amount", arg(amount), "--date", arg(date),
        "--description", arg(description))
    run("transactions", "add", "--account", arg(account), "--amount", "5")
    run("transactions", "list", "--account", arg(account), "--limit", arg(amount))


@CASES
@given(field=st.sampled_from(sorted(VALID) + ["percentage", "percent_of_balance", "threshold", "extra"]),
       value=json_values, ref=texts)
def test_routines_from_hostile_json(run, field, value, ref):
    try:
        body = json.dumps(dict(VALID, **{field: value}))
    except ValueError:
        return
    run("routines", "add", "--user", "Alex", "--body", body)
    run("routines", "add", "--user", "Alex", "--body", arg(ref))
    run("routines", "pause", arg(ref))
    run("transfers", "list", "--account", arg(ref), "--routine", "1")
    run("transfers", "cancel", arg(ref))


# -- the wizard's fields ------------------------------------------------------------------------

def test_the_wizards_fields_refuse_hostile_values_inline_and_create_nothing(tmp_path):
    from astra_tui.ui.wizard import RoutineWizard
    from tests.test_app import close_summary, routines_of
    from tests.ui_helpers import demo_app, drive, keys, settle

    rng = random.Random(7)
    values = (NASTY if LONG else NASTY[::3]) + ["".join(rng.choice("0123456789.,-+eE$ ")
                                                       for _ in range(rng.randint(1, 12)))
                                               for _ in range(300 if LONG else 8)]
    app = demo_app(tmp_path / "demo.db")
    before = len(routines_of(app))
    refused: list[str] = []

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "n", "down", "down", "enter", "ctrl+n")  # a recurring transfer, accounts as offered
        wizard = pilot.app.screen
        assert isinstance(wizard, RoutineWizard) and wizard.step == "step-fields"
        for field in ("amount", "start_date"):
            for value in values:
                widget = wizard.query_one(f"#f-{field}")
                widget.value = value.replace("\x00", "")
                await settle(pilot)
                await keys(pilot, "ctrl+n")
                if wizard.step != "step-fields":  # a value that is fine: back to the fields
                    await keys(pilot, "ctrl+b")
                    continue
                message = str(wizard.query_one("#wizard-error").render())
                one_clear_line(message)
                label = {"amount": "Amount", "start_date": "Start date"}[field]
                assert message.split(":")[0] in (label, "Body"), message
                refused.append(value)
            wizard.query_one("#f-amount").value = "10.00"
            wizard.query_one("#f-start_date").value = "2026-11-23"
        await keys(pilot, "escape")

    drive(app, flow)
    assert len(refused) > len(values)  # most of them, in both fields
    assert len(routines_of(app)) == before


def test_bytes_that_are_not_utf8_are_one_line_naming_the_argument(run, tmp_path):
    """Found by the long mode: a name given as raw bytes reached SQLite as a lone surrogate."""
    import subprocess

    from tests.test_safety import SCRIPT

    status, err = run("accounts", "list", "--user", "\udcff")
    assert status == 2 and err.strip() == "astra-tui: error: --user: is not valid UTF-8 text"
    status, err = run("users", "limit", "\udcffAlex", "10")
    assert status == 2 and "is not valid UTF-8 text" in err
    db = tmp_path / "raw.db"
    done = subprocess.run([SCRIPT.encode(), b"--db", str(db).encode(), b"users", b"add", b"\xffAlex"],
                          capture_output=True, timeout=60)
    assert done.returncode == 2 and done.stderr.strip().endswith(b"is not valid UTF-8 text")
    assert not db.exists()
