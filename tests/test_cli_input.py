"""Out-of-range and mistyped input on the command line: one line naming the field, exit 2, nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import Cli

OPENED = "2026-11-01T09:00:00-08:00"  # the accounts' first day; the tests' today is 2026-11-22


@pytest.fixture(scope="module")
def household(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = Cli(tmp_path_factory.mktemp("household") / "astra.db")
    book("users", "add", "Alex", now=OPENED)
    book("accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "1,000.00", now=OPENED)
    book("accounts", "add", "--user", "Alex", "--name", "Savings", "--kind", "savings", now=OPENED)
    return book.db


@pytest.fixture
def home(tmp_path: Path, household: Path) -> Cli:
    shutil.copyfile(household, tmp_path / "astra.db")
    return Cli(tmp_path / "astra.db")


def _body(**fields: object) -> str:
    body = {"type": "recurring", "name": "Weekly", "source_id": 1, "destination_id": 2, "amount": 10,
            "start_date": "2026-11-23", "frequency": "weekly"}
    body.update(fields)
    return json.dumps({k: v for k, v in body.items() if v is not None})


def _percentage(**fields: object) -> str:
    body = {"type": "percentage-based", "name": "Tithe", "source_id": 1, "destination_id": 2,
            "percent_of_transaction": 10, "minimum_transaction_threshold": 50, "start_date": "2026-11-23"}
    body.update(fields)
    return json.dumps(body)


ADD = ("routines", "add", "--user", "Alex", "--body")


@pytest.mark.parametrize("args, message", [
    # numbers and dates too large or too small for anything to be computed from them
    (("transfers", "list", "--limit", "99999999999999999999"), "argument --limit: 99999999999999999999 is more than"),
    (("users", "list", "--limit", "9223372036854775808"), "argument --limit:"),
    (("--interval", "99999999999999", "users", "list"), "argument --interval:"),
    (("--now", "9999-12-31T23:00:00-08:00", "accounts", "list"), "--now: 9999-12-31T23:00:00-08:00 is outside"),
    (("--now", "0001-01-01T00:00:00+01:00", "accounts", "list"), "--now: 0001-01-01T00:00:00+01:00 is outside"),
    (("--now", "9999-12-31", "process"), "--now: 9999-12-31 is outside"),
    (("--now", "0001-01-01", "users", "add", "Kim"), "--now: 0001-01-01 is outside"),
    ((*ADD, _body(start_date="9999-12-24")), "start_date: 9999-12-24 is outside"),
    ((*ADD, _body(type="fifty-two-week", amount=None, frequency=None, amount_start=1, amount_increment=1,
                  start_date="3000-01-01")), "start_date: 3000-01-01 is outside"),
    # the empty clock is not the real clock
    (("--now", "", "users", "list"), "--now: is empty"),
    (("--now", " ", "transactions", "add", "--account", "1", "--amount", "5"), "--now: is empty"),
    # a percentage is not money, money is not a percentage
    (("accounts", "add", "--user", "Alex", "--name", "X", "--opening-balance", "5%"),
     "opening_balance: '5%' is a percentage; expected an amount of money"),
    (("transactions", "add", "--account", "1", "--amount", "5%"),
     "amount: '5%' is a percentage; expected an amount of money"),
    (("transactions", "add", "--account", "1", "--amount", "-5 %"),
     "amount: '-5 %' is a percentage; expected an amount of money"),
    (("users", "add", "Kim", "--transfer-limit", "50%"),
     "transfer_limit: '50%' is a percentage; expected an amount of money"),
    (("users", "limit", "Alex", "50%"), "transfer_limit: '50%' is a percentage; expected an amount of money"),
    ((*ADD, _body(amount="5%")), "amount: '5%' is a percentage; expected an amount of money"),
    ((*ADD, _body(type="sweep", amount=None, min_balance="5%")),
     "min_balance: '5%' is a percentage; expected an amount of money"),
    ((*ADD, _percentage(percent_of_transaction="$5")),
     "percent_of_transaction: '$5' is an amount of money; expected a percentage"),
    ((*ADD, _percentage(minimum_transaction_threshold="50%")),
     "minimum_transaction_threshold: '50%' is a percentage; expected an amount of money"),
    # three decimals are three decimals, even when the third is a zero
    (("transactions", "add", "--account", "1", "--amount", "1.000"), "amount: 1.000 has more than two decimals"),
    (("users", "add", "Kim", "--transfer-limit", "1,000.000"), "transfer_limit: 1,000.000 has more than two"),
    ((*ADD, _body(amount="1.000")), "amount: 1.000 has more than two decimals"),
    ((*ADD, ('{"type": "recurring", "name": "W", "source_id": 1, "destination_id": 2, "amount": 1.000, '
             '"start_date": "2026-11-23", "frequency": "weekly"}')), "amount: 1.000 has more than two decimals"),
    ((*ADD, _percentage(percent_of_transaction="12.500")), "percent_of_transaction: 12.500 has more than two"),
    # a transaction cannot be older than its account
    (("transactions", "add", "--account", "1", "--amount", "5", "--date", "0001-01-01"), "date: 0001-01-01 is"),
    (("transactions", "add", "--account", "1", "--amount", "5", "--date", "2026-10-31"),
     "date: 2026-10-31 is before Checking (account 1) was opened (2026-11-01)"),
])
def test_bad_input_names_the_field(home: Cli, args: tuple[str, ...], message: str) -> None:
    home.fails(*args, match=message)


def test_an_empty_clock_in_the_environment_is_refused(home: Cli) -> None:
    before = home.checksum()
    done = home("transactions", "add", "--account", "1", "--amount", "5", now=None,
                env={"ASTRA_TUI_DB": str(home.db), "ASTRA_TUI_NOW": ""}, expect=2)
    said = "astra-tui: error: ASTRA_TUI_NOW: is empty; expected an ISO 8601 date and time"
    assert done.stderr.strip().splitlines() == [said]
    assert home.checksum() == before


def test_the_edges_of_the_calendar_are_still_usable(home: Cli) -> None:
    """The last day astra-tui keeps: a routine may start on it and the book still processes."""
    late = "2999-12-31T12:00:00-08:00"
    created = json.loads(home("--now", late, *ADD, _body(start_date="2999-12-31"), "--json").stdout)
    assert created["next_run_on"] == "3000-01-07"  # the first run was made at once; the next is computable
    assert json.loads(home("--now", late, "process", "--json").stdout)["failed"] == 0
    home("--now", late, "check")
    assert home.json("transactions", "list", "--account", "1", now=late)[0]["posted_on"] == "2999-12-31"
    home("transactions", "add", "--account", "1", "--amount", "5", "--date", "2026-11-01")  # the day it opened


def test_the_help_and_the_readme_say_that_now_is_for_real() -> None:
    from astra_tui.cli.args import build_parser

    help_text = " ".join(build_parser().format_help().split())
    assert "processed for real and stays processed" in help_text and "freeze the clock" not in help_text
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").split())
    assert "`--now` moves the clock for real." in readme and "for trying things out" not in readme
