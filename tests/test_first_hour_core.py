"""The core side of issue 9's first hour: previews that walk the balance, warnings, totals, words."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from astra_tui.core import ledger, routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.errors import AstraError
from astra_tui.core.preview import preview_body
from astra_tui.core.read.db import read_file
from astra_tui.core.read.routines import detail as routine_detail
from astra_tui.core.read.transfers import TransferFilter as HistoryFilter
from astra_tui.core.read.transfers import transfer_count as history_count
from astra_tui.core.read.transfers import transfers as history_page
from astra_tui.core.words import plural
from astra_tui.db.models import Notification
from tests.conftest import START
from tests.ui_helpers import demo_app


def review(book, body):
    return book.read(lambda db: preview_body(db, book.clock, 1, parse_body(body)))


def scheduled(kind_fields, household, **extra):
    return {"name": "Test", "source_id": household["checking"], "destination_id": household["savings"],
            "start_date": START.isoformat(), "frequency": "weekly", **kind_fields, **extra}


def test_a_sweep_preview_moves_the_excess_once_not_five_times(book, household):
    shown = review(book, scheduled({"type": "sweep", "min_balance": 400}, household))
    assert [r.amount for r in shown.rows] == ["$600.00", "—", "—", "—", "—"]
    assert shown.rows[1].note == "skipped: balance $400.00 is not above the floor $400.00"
    assert shown.warning == ""


def test_a_percentage_of_balance_preview_shrinks_run_by_run(book, household):
    shown = review(book, scheduled({"type": "percentage-balance", "percent_of_balance": 50}, household))
    assert [r.amount for r in shown.rows] == ["$500.00", "$250.00", "$125.00", "$62.50", "$31.25"]


def test_a_fixed_amount_preview_shows_when_the_money_runs_out(book, household):
    shown = review(book, scheduled({"type": "recurring", "amount": 400}, household))
    assert [r.amount for r in shown.rows] == ["$400.00"] * 5
    assert [r.note for r in shown.rows[:3]] == ["", "", "would fail: only $200.00 by then"]
    assert shown.warning == ""


def test_the_review_warns_when_the_first_run_cannot_be_covered_today(book, household):
    shown = review(book, scheduled({"type": "recurring", "amount": 5_000}, household))
    assert shown.warning == "Checking holds $1,000.00; the first run needs $5,000.00 and would fail today"
    assert shown.rows[0].note == "would fail: only $1,000.00 today"
    capped = review(book, scheduled({"type": "recurring", "amount": 6_000}, household))
    assert capped.warning == "Checking holds $1,000.00; the first run needs $5,000.00 and would fail today"
    refill = review(book, {"type": "refill", "name": "Top up", "source_id": household["checking"],
                           "destination_id": household["savings"], "amount": 2_000, "threshold": 100,
                           "start_date": START.isoformat()})
    assert refill.warning == "Checking holds $1,000.00; a refill needs $2,000.00 and would fail today"


def test_a_paused_routine_has_no_next_runs_and_says_what_activating_does(book, household):
    rid = book.routine(scheduled({"type": "recurring", "amount": 5}, household,
                                 start_date=(START + dt.timedelta(days=3)).isoformat()))
    book.pause(rid)
    book.go_to(START + dt.timedelta(days=12))  # two dates pass while paused
    book.process()
    detail = book.read(lambda db: routine_detail(db, book.clock, rid))
    assert detail.upcoming == []
    assert detail.note == ("Paused. Activating it runs next on 2026-12-09; dates that pass while paused "
                           "are skipped.")
    book.activate(rid)
    assert book.routine_row(rid).next_due_on == dt.date(2026, 12, 9)  # what the note promised


def test_history_totals_equal_what_the_pages_list(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    filters = [HistoryFilter(), HistoryFilter(status="processed"), HistoryFilter(account_id=1),
               HistoryFilter(account_id=5), HistoryFilter(routine_id=3),
               HistoryFilter(date_from=START, date_to=START + dt.timedelta(days=1))]
    def check(db):
        for user_id in (1, 2):
            for f in filters:
                assert history_count(db, user_id, f) == len(history_page(db, user_id, f, limit=10**6)), (user_id, f)
        assert history_count(db, 1) > 0

    read_file(app.db_path, check)


def test_words_for_counts_and_endings(book, household):
    assert [plural(n, "transfer") for n in (0, 1, 2, 1500)] == ["0 transfers", "1 transfer", "2 transfers",
                                                                 "1,500 transfers"]
    book.routine({"type": "percentage-based", "name": "Third", "source_id": household["checking"],
                  "destination_id": household["savings"], "percent_of_transaction": 10,
                  "minimum_transaction_threshold": 1, "start_date": START.isoformat()})
    book.txn(household["checking"], "100")
    [pending] = [t for t in book.transfers() if t.status == "pending"]
    book.do(lambda s, c: routines.cancel_transfer(s, c, pending.id))
    with Session(book.engine) as s:
        said = s.exec(select(Notification.message).order_by(Notification.id.desc())).first()
    assert said == "pending transfer of $10.00 cancelled by you"


def test_core_messages_name_the_account_as_a_person_knows_it(book, household):
    with pytest.raises(AstraError, match=r"^account: Checking \(account 1\) has a balance of \$1,000.00; only"):
        book.do(lambda s, c: ledger.change_account_status(s, c, household["checking"], "close"))
    book.do(lambda s, c: ledger.change_account_status(s, c, household["savings"], "close"))
    with pytest.raises(AstraError, match=r"^account: Savings \(account 2\) is closed; a closed account is read-only"):
        book.txn(household["savings"], "5")
    with pytest.raises(AstraError, match=r"^account: Savings \(account 2\) is closed; it cannot be closed"):
        book.do(lambda s, c: ledger.change_account_status(s, c, household["savings"], "close"))


@pytest.mark.parametrize("amount", ["-5", "0", "-0.01"])
@pytest.mark.parametrize("outflow", [False, True])
def test_a_recorded_deposit_or_purchase_is_a_positive_amount(book, household, amount, outflow):
    with pytest.raises(AstraError, match=r"^amount: must be more than \$0.00$"):
        book.do(lambda s, c: ledger.record(s, c, household["checking"], amount, outflow=outflow))
    assert book.balance(household["checking"]) == 100_000
    book.do(lambda s, c: ledger.record(s, c, household["checking"], "5", outflow=outflow))
    assert book.balance(household["checking"]) == 100_000 + (-500 if outflow else 500)
