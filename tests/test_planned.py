"""Planned income and bills (issue 11 §1): their dates, recording and dismissing them, and bad input."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from astra_tui.core import corrections, planned
from astra_tui.core.errors import AstraError
from astra_tui.core.read import planned as read_planned
from tests.conftest import START
from tests.test_cli_corrections import InProcess

DAY = dt.timedelta(days=1)


def add(book, household, amount="2150", start=START, every=None, until=None, account=None, description="Salary"):
    return book.do(lambda s, c: planned.add_planned(s, c, "Alex", account or household["checking"], description,
                                                    amount, start.isoformat(), every,
                                                    until.isoformat() if until else None)).id


def dates(book, item_id, first, last):
    row = book.read(lambda db: read_planned.planned_item(db, item_id))
    return [d.isoformat() for d in row.dates(first, last)]


def test_monthly_dates_clamp_to_the_month_end_counted_from_the_first_date(book, household):
    item = add(book, household, start=dt.date(2027, 1, 31), every="monthly")
    assert dates(book, item, dt.date(2027, 1, 1), dt.date(2027, 5, 31)) == [
        "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]
    leap = add(book, household, start=dt.date(2027, 12, 31), every="monthly", description="Leap")
    assert dates(book, leap, dt.date(2028, 2, 1), dt.date(2028, 3, 31)) == ["2028-02-29", "2028-03-31"]


def test_an_end_date_is_the_last_date_it_may_fall_on(book, household):
    item = add(book, household, every="weekly", until=START + 14 * DAY)
    assert dates(book, item, START, START + 60 * DAY) == [START.isoformat(), (START + 7 * DAY).isoformat(),
                                                          (START + 14 * DAY).isoformat()]
    once = add(book, household, start=START + 3 * DAY, description="Refund")
    assert dates(book, once, START, START + 60 * DAY) == [(START + 3 * DAY).isoformat()]


def test_recording_is_a_manual_transaction_that_sets_a_percentage_of_deposit_going(book, household):
    share = book.routine({"type": "percentage-based", "name": "Third", "source_id": household["checking"],
                          "destination_id": household["savings"], "percent_of_transaction": 33,
                          "minimum_transaction_threshold": 100, "start_date": START.isoformat()})
    item = add(book, household, start=START + 2 * DAY, every="monthly")
    assert book.read(lambda db: read_planned.expected(db, START)) == []  # not come yet
    book.go_to(START + 2 * DAY)
    [due] = book.read(lambda db: read_planned.expected(db, book.clock.today()))
    assert (due.planned_id, due.due_on, due.amount) == (item, START + 2 * DAY, 215_000)
    occurrence, txn = book.do(lambda s, c: planned.record_planned(s, c, item))
    assert (occurrence.outcome, occurrence.due_on) == ("recorded", START + 2 * DAY)
    [row] = [t for t in book.transactions(household["checking"]) if t.id == txn.id]
    assert (row.amount, row.origin, row.posted_on, row.description) == (215_000, "manual", START + 2 * DAY, "Salary")
    assert book.balance(household["checking"]) == 100_000 + 215_000
    [queued] = book.transfers(share)
    assert (queued.status, queued.amount, queued.scheduled_for) == ("pending", 70_950, START + 3 * DAY)
    assert book.read(lambda db: read_planned.expected(db, book.clock.today())) == []
    with pytest.raises(AstraError, match="nothing of Salary \\(planned 1\\) is expected yet; its next date is"):
        book.do(lambda s, c: planned.record_planned(s, c, item))


def test_a_recorded_bill_counts_for_the_next_round_up(book, household):
    rid = book.routine({"type": "round-up", "name": "Round", "source_id": household["checking"],
                        "destination_id": household["savings"], "spending_id": household["checking"],
                        "start_date": (START + 7 * DAY).isoformat()})
    item = add(book, household, amount="-12.40", start=START + 2 * DAY, description="Phone bill")
    book.go_to(START + 2 * DAY)
    book.do(lambda s, c: planned.record_planned(s, c, item, amount="-12.00"))  # it came to a little less
    book.go_to(START + 7 * DAY)
    book.process()
    assert book.runs(rid)[-1][:2] == ((START + 7 * DAY).isoformat(), "transferred")
    assert [t.amount for t in book.transfers(rid)] == [100]  # an exact dollar rounds up by $1.00
    assert [t.amount for t in book.transactions(household["checking"]) if t.description == "Phone bill"] == [-1200]


def test_dismissing_records_nothing_and_the_date_is_no_longer_expected(book, household, db_path):
    item = add(book, household, every="weekly")

    def ledger():
        with sqlite3.connect(db_path) as conn:
            return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                    for t in ("accounts", "transactions", "transfers", "routine_runs")]

    before = ledger()
    occurrence = book.do(lambda s, c: planned.dismiss_planned(s, c, item))
    assert (occurrence.outcome, occurrence.due_on, occurrence.transaction_id) == ("dismissed", START, None)
    assert ledger() == before
    assert book.read(lambda db: read_planned.expected(db, START)) == []
    with pytest.raises(AstraError, match="already recorded or dismissed"):
        book.do(lambda s, c: planned.dismiss_planned(s, c, item, START.isoformat()))


def test_deleting_the_recorded_transaction_makes_the_date_expected_again(book, household):
    item = add(book, household)
    _, txn = book.do(lambda s, c: planned.record_planned(s, c, item))
    book.do(lambda s, c: corrections.delete_transaction(s, c, txn.id))
    [due] = book.read(lambda db: read_planned.expected(db, START))
    assert (due.planned_id, due.due_on) == (item, START)


def test_a_new_schedule_starts_from_its_new_first_date(book, household):
    item = add(book, household, every="weekly")
    book.go_to(START + 8 * DAY)
    assert len(book.read(lambda db: read_planned.expected(db, book.clock.today()))) == 2
    book.do(lambda s, c: planned.update_planned(s, c, item, amount="2200"))  # the same dates: still expected
    assert [o.amount for o in book.read(lambda db: read_planned.expected(db, book.clock.today()))] == [220_000] * 2
    book.do(lambda s, c: planned.update_planned(s, c, item, every="monthly", start_on=book.clock.today()))
    assert [o.due_on for o in book.read(lambda db: read_planned.expected(db, book.clock.today()))] == [
        book.clock.today()]
    with pytest.raises(AstraError, match="date: .* is before today"):
        book.do(lambda s, c: planned.update_planned(s, c, item, start_on=START.isoformat()))


@pytest.fixture
def cli(tmp_path, capsys):
    cli = InProcess(tmp_path / "astra.db", capsys)
    cli("users", "add", "Alex")
    cli("users", "add", "Sam")
    cli("accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "1000")
    cli("accounts", "add", "--user", "Sam", "--name", "Sam checking")
    cli("accounts", "add", "--user", "Alex", "--name", "Old")
    cli("accounts", "close", "3")
    return cli


ADD = ("planned", "add", "--user", "Alex", "--account", "1", "--description", "Salary")


def test_planned_from_the_command_line(cli):
    made = cli.json(*ADD, "--amount", "2,150.00", "--date", "2026-12-01", "--every", "monthly",
                    "--until", "2027-02-01")
    assert made == {"id": 1, "user_id": 1, "account_id": 1, "description": "Salary", "amount": "2150.00",
                    "start_on": "2026-12-01", "frequency": "monthly", "end_on": "2027-02-01", "status": "active",
                    "schedule": "monthly from 2026-12-01 until 2027-02-01", "next_on": "2026-12-01",
                    "expected": []}
    assert cli.json("planned", "update", "1", "--amount", "2200", "--until", "none")["end_on"] is None
    later = "2026-12-15T09:00:00-08:00"
    assert cli.json("planned", "list", now=later)[0]["expected"] == ["2026-12-01"]
    recorded = cli.json("planned", "record", "1", "--amount", "2,210", now=later)
    assert (recorded["due_on"], recorded["outcome"], recorded["transaction"]["amount"]) == (
        "2026-12-01", "recorded", "2210.00")
    assert cli.json("planned", "list", now=later)[0]["expected"] == []
    cli.json(*ADD, "--amount", "-50", "--date", "2026-11-22")
    assert cli.json("planned", "dismiss", "2")["outcome"] == "dismissed"
    assert cli.json("planned", "delete", "2")["status"] == "deleted"
    assert [p["id"] for p in cli.json("planned", "list")] == [1]
    assert [p["id"] for p in cli.json("planned", "list", "--all")] == [1, 2]


@pytest.mark.parametrize("args, message", [
    ((*ADD, "--amount", "0", "--date", "2026-12-01"), "amount: must not be 0.00"),
    ((*ADD, "--amount", "12.345", "--date", "2026-12-01"), "amount: 12.345 has more than two decimals"),
    ((*ADD, "--amount", "5", "--date", "2026-11-21"), "date: 2026-11-21 is before today"),
    ((*ADD, "--amount", "5", "--date", "31/12/2026"), "date: '31/12/2026' is not a date"),
    ((*ADD, "--amount", "5", "--date", "2026-12-01", "--every", "daily"), "argument --every: invalid choice"),
    ((*ADD, "--amount", "5", "--date", "2026-12-01", "--until", "2027-01-01"), "until: an end date needs a schedule"),
    ((*ADD, "--amount", "5", "--date", "2026-12-01", "--every", "weekly", "--until", "2026-11-30"),
     "until: 2026-11-30 is before the first date"),
    (("planned", "add", "--user", "Alex", "--account", "2", "--description", "X", "--amount", "5", "--date",
      "2026-12-01"), "account: Sam checking (account 2) does not belong to Alex"),
    (("planned", "add", "--user", "Alex", "--account", "3", "--description", "X", "--amount", "5", "--date",
      "2026-12-01"), "account: Old (account 3) is closed"),
    (("planned", "add", "--user", "Alex", "--account", "1", "--description", " ", "--amount", "5", "--date",
      "2026-12-01"), "description: is empty"),
    (("planned", "add", "--user", "Alex", "--account", "1", "--amount", "5", "--date", "2026-12-01"),
     "the following arguments are required: --description"),
    (("planned", "record", "9"), "planned: planned item 9 does not exist"),
    (("planned", "delete", "x"), "planned: 'x' is not an id"),
])
def test_bad_planned_input_exits_2_naming_the_field(cli, args, message):
    cli.fails(*args, match=message)


def test_recording_a_date_that_is_not_one_or_has_not_come(cli):
    cli(*ADD, "--amount", "100", "--date", "2026-11-22", "--every", "weekly")
    later = "2026-12-01T09:00:00-08:00"
    cli.fails("planned", "record", "1", "--date", "2026-11-23", match="date: 2026-11-23 is not one of the dates",
              now=later)
    cli.fails("planned", "record", "1", "--date", "2026-12-06", match="date: 2026-12-06 has not come yet", now=later)
    cli("planned", "record", "1", "--date", "2026-11-29", now=later)
    cli.fails("planned", "dismiss", "1", "--date", "2026-11-29", match="already recorded or dismissed", now=later)
    assert cli.json("planned", "list", now=later)[0]["expected"] == ["2026-11-22"]


def test_closing_an_account_ends_its_plans(book, household):
    from astra_tui.core import ledger

    account = book.account("Alex", "Spare", "0")
    item = add(book, household, every="weekly", account=account)
    book.do(lambda s, c: ledger.change_account_status(s, c, account, "close"))
    book.go_to(START + 14 * DAY)
    assert book.read(lambda db: read_planned.expected(db, book.clock.today())) == []
    assert book.read(lambda db: read_planned.planned_items(db, include_deleted=True))[-1].status == "deleted"
    with pytest.raises(AstraError, match="is deleted"):
        book.do(lambda s, c: planned.update_planned(s, c, item, amount="1"))


def test_an_unchanged_first_date_sent_back_is_not_a_new_one(book, household):
    item = add(book, household, every="weekly")
    book.go_to(START + 8 * DAY)
    book.do(lambda s, c: planned.update_planned(s, c, item, amount="2200", start_on=START.isoformat()))
    assert [o.amount for o in book.read(lambda db: read_planned.expected(db, book.clock.today()))] == [220_000] * 2
