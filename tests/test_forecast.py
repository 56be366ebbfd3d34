"""The forecast (issue 11 §2, §4, §5): its command line and JSON shape, what-if writing nothing, warnings
raised once and withdrawn, and the days a refill and a planned bill share."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from astra_tui.core import ledger, planned, predictions, routines
from astra_tui.core.forecast import forecast
from astra_tui.core.read import planned as read_planned
from astra_tui.core.service import perform
from tests.conftest import START
from tests.test_cli_corrections import InProcess

DAY = dt.timedelta(days=1)


def weekly(household, amount, start=START + DAY, name="Rent pot"):
    return {"type": "recurring", "name": name, "source_id": household["checking"],
            "destination_id": household["savings"], "amount": amount, "start_date": start.isoformat(),
            "frequency": "weekly"}


def notices(db_path, kind="forecast_warning"):
    with sqlite3.connect(db_path) as conn:
        return [m for (m,) in conn.execute("SELECT message FROM notifications WHERE kind = ? ORDER BY id", (kind,))]


def shown(db_path):
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT routine_id, due_on, message FROM predictions WHERE withdrawn_at IS NULL "
                            "ORDER BY due_on").fetchall()


def test_a_failure_within_the_window_is_told_once_and_withdrawn_when_money_comes(book, household, db_path):
    rid = book.routine(weekly(household, "600", start=START))  # $1,000: today's runs, next week's would fail
    assert notices(db_path) == [
        "Rent pot on 2026-11-29 would fail: Checking would hold $400.00 and the run needs $600.00"]
    assert shown(db_path) == [(rid, "2026-11-29", notices(db_path)[0])]
    predictions.refresh(book.engine, book.clock)
    book.process()
    book.do(lambda s, c: ledger.add_transaction(s, c, household["checking"], "-1"))  # a change: looked at again
    assert len(notices(db_path)) == 1  # told once, however often it is looked at
    assert shown(db_path)[0][2].startswith("Rent pot on 2026-11-29 would fail: Checking would hold $399.00")
    book.txn(household["checking"], "500")  # the money came: no longer true
    assert shown(db_path) == []
    book.txn(household["checking"], "-500")  # true again: shown again, not told again
    assert [r[1] for r in shown(db_path)] == ["2026-11-29"] and len(notices(db_path)) == 1


def test_no_warning_for_a_paused_routine_and_none_beyond_the_window(book, household, db_path):
    rid = book.routine(weekly(household, "600", start=START))
    book.pause(rid)
    assert shown(db_path) == []  # paused runs are skipped, not failed
    book.activate(rid)
    assert [r[1] for r in shown(db_path)] == ["2026-11-29"]
    book.delete(rid)
    assert shown(db_path) == []
    book.routine(weekly(household, "100", start=START + 20 * DAY, name="Far"))  # would fail in weeks, not days
    assert shown(db_path) == []


def test_the_warning_window_is_a_setting(book, household, db_path):
    from astra_tui.core.settings import set_warning_days

    book.routine(weekly(household, "300", name="Slow"))  # $1,000 covers three weeks; the fourth fails on Dec 14
    assert shown(db_path) == []
    book.do(lambda s, c: set_warning_days(s, c, 30))
    assert [r[1] for r in shown(db_path)] == ["2026-12-14", "2026-12-21"]  # the window ends on Dec 22


def test_a_planned_bill_that_takes_a_refilled_account_low_refills_it_that_day(book, household):
    """The forecast records a planned date and then processes, as recording does: a refill of the account
    the bill lands on runs the same day, in the forecast and when the day is lived."""
    book.routine({"type": "refill", "name": "Top up", "source_id": household["checking"],
                  "destination_id": household["savings"], "amount": 100, "threshold": 50,
                  "start_date": START.isoformat()})
    book.do(lambda s, c: planned.add_planned(s, c, "Alex", household["savings"], "Insurance", "-60",
                                             (START + 2 * DAY).isoformat()))
    seen = book.read(lambda db: forecast(db, book.clock, 1, days=3))
    savings = seen.account(household["savings"])
    assert savings.balances == (10_000, 10_000, 10_000 - 6_000 + 10_000, 14_000)
    assert [(r.routine_name, r.due_on) for r in seen.runs] == [("Top up", START + 2 * DAY)]
    book.go_to(START + 2 * DAY)
    book.do(lambda s, c: planned.record_planned(s, c, 1))
    assert book.balance(household["savings"]) == 14_000


def test_planned_income_sets_a_percentage_of_deposit_going_in_the_forecast(book, household):
    book.routine({"type": "percentage-based", "name": "Tithe", "source_id": household["checking"],
                  "destination_id": household["savings"], "percent_of_transaction": 10,
                  "minimum_transaction_threshold": 100, "start_date": START.isoformat()})
    book.do(lambda s, c: planned.add_planned(s, c, "Alex", household["checking"], "Salary", "2000",
                                             (START + 5 * DAY).isoformat(), "monthly"))
    seen = book.read(lambda db: forecast(db, book.clock, 1, days=40))
    assert [(r.routine_name, r.due_on, r.amount) for r in seen.runs] == [
        ("Tithe", START + 6 * DAY, 20_000), ("Tithe", START + 36 * DAY, 20_000)]
    assert [o.due_on for o in seen.planned] == [START + 5 * DAY, START + 35 * DAY]
    assert seen.account(household["checking"]).lowest == 100_000
    assert seen.account(household["checking"]).end == 100_000 + 2 * (200_000 - 20_000)


@pytest.fixture
def cli(tmp_path, capsys):
    cli = InProcess(tmp_path / "astra.db", capsys)
    cli("users", "add", "Alex")
    cli("accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "1000")
    cli("accounts", "add", "--user", "Alex", "--name", "Savings", "--kind", "savings")
    cli("planned", "add", "--user", "Alex", "--account", "1", "--description", "Rent", "--amount", "-700",
        "--date", "2026-12-01", "--every", "monthly")
    return cli


BIG = json.dumps({"type": "recurring", "name": "Big", "source_id": 1, "destination_id": 2, "amount": 200,
                  "start_date": "2026-11-23", "frequency": "weekly"})


def test_the_forecast_from_the_command_line(cli):
    data = cli.json("forecast", "--days", "10")
    assert (data["from"], data["to"]) == ("2026-11-22", "2026-12-02")
    checking, savings = data["accounts"]
    assert {k: checking[k] for k in ("id", "name", "today", "lowest", "lowest_on", "end")} == {
        "id": 1, "name": "Checking", "today": "1000.00", "lowest": "300.00", "lowest_on": "2026-12-01",
        "end": "300.00"}
    assert len(checking["days"]) == 11 and checking["days"][0] == {"date": "2026-11-22", "balance": "1000.00"}
    assert checking["days"][-1] == {"date": "2026-12-02", "balance": "300.00"}
    assert data["runs"] == []
    assert data["planned"] == [{"id": 1, "description": "Rent", "account_id": 1, "due_on": "2026-12-01",
                                "amount": "-700.00"}]
    assert cli.json("forecast", "--account", "2", "--days", "1")["accounts"][0]["name"] == "Savings"
    out, _ = cli("forecast")
    assert "Checking" in out and "No run is predicted to fail." in out


def test_what_if_simulates_a_routine_and_writes_nothing(cli):
    before = cli.dump()
    data = cli.json("forecast", "--days", "15", "--with-body", BIG)
    assert cli.dump() == before  # every table, byte for byte
    big = [r for r in data["runs"] if r["routine_name"] == "Big"]
    assert [(r["due_on"], r["outcome"]) for r in big] == [("2026-11-23", "transferred"), ("2026-11-30", "transferred"),
                                                          ("2026-12-07", "failed")]
    assert (big[-1]["why"], big[-1]["holds"]) == ("Checking would hold -$100.00 and the run needs $200.00", "-100.00")
    assert data["accounts"][0]["lowest"] == "-100.00"  # the rent would take it below zero on Dec 1
    assert cli.json("routines", "list") == []


@pytest.mark.parametrize("args, message", [
    (("forecast", "--days", "0"), "argument --days: '0' is not a positive whole number"),
    (("forecast", "--days", "1097"), "argument --days: 1097 is more than 1,096"),
    (("forecast", "--account", "9"), "account: account 9 does not exist"),
    (("forecast", "--user", "Zed"), "user: no user named or numbered 'Zed'"),
    (("forecast", "--with-body", "{nope"), "with-body: is not valid JSON"),
    (("forecast", "--with-body", '{"type": "recurring", "name": "X"}'), "with-body.source_id: is required"),
    (("forecast", "--with-body", BIG.replace('"source_id": 1', '"source_id": 7')),
     "with-body.source_id: account 7 does not exist"),
    (("forecast", "--with-file", "/nonexistent.json"), "error: with-file: cannot read /nonexistent.json"),
    (("settings", "--warning-days", "91"), "argument --warning-days: 91 is more than 90"),
])
def test_bad_forecast_input_exits_2_naming_the_field(cli, args, message):
    cli.fails(*args, match=message)


def test_settings_from_the_command_line(cli):
    assert cli.json("settings") == {"warning_days": 7}
    assert cli.json("settings", "--warning-days", "14") == {"warning_days": 14}
    assert cli.json("settings") == {"warning_days": 14}


def test_a_forecast_counts_on_planned_dates_that_are_not_recorded_or_dismissed(book, household):
    item = book.do(lambda s, c: planned.add_planned(s, c, "Alex", household["checking"], "Salary", "100",
                                                    START.isoformat(), "weekly")).id
    perform(book.engine, book.clock, lambda s, c: planned.dismiss_planned(s, c, item))
    seen = book.read(lambda db: forecast(db, book.clock, 1, days=7))
    assert [o.due_on for o in seen.planned] == [START + 7 * DAY]  # today's was dismissed
    assert book.read(lambda db: read_planned.expected(db, START)) == []
    assert routines  # the module the bodies above use


def test_a_refill_that_would_fail_every_day_is_told_once(book, household, db_path):
    book.txn(household["checking"], "-990")  # $10 left: a refill of $100 cannot be covered, day after day
    book.routine({"type": "refill", "name": "Top up savings", "source_id": household["checking"],
                  "destination_id": household["savings"], "amount": 100, "threshold": 50,
                  "start_date": (START + DAY).isoformat()})
    assert [r[1] for r in shown(db_path)] == [(START + n * DAY).isoformat() for n in range(1, 8)]
    assert notices(db_path) == [  # one notification for the streak, each date among what needs a look
        "Top up savings on 2026-11-23 would fail: Checking would hold $10.00 and the run needs $100.00"]
    book.go_to(START + 3 * DAY)
    book.process()
    predictions.refresh(book.engine, book.clock)
    assert shown(db_path)[-1][1] == (START + 10 * DAY).isoformat() and len(notices(db_path)) == 1


def test_the_forecast_does_not_count_on_money_recording_would_refuse(book, household):
    book.do(lambda s, c: planned.add_planned(s, c, "Alex", household["checking"], "Lottery", "999999999.99",
                                             (START + DAY).isoformat()))
    f = book.read(lambda db: forecast(db, book.clock, household["alex"], account_id=household["checking"], days=2))
    assert f.accounts[0].balances == (100_000, 100_000, 100_000)  # past 999,999,999.99: recording it is refused
