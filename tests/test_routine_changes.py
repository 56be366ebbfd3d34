"""Updating a routine, skipping its next run, running it now (issue 9 §4)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from astra_tui.core import ledger
from astra_tui.core import routine_changes as changes
from astra_tui.db.models import Notification, RoutineRun
from tests.conftest import START
from tests.test_corrections import refused

DAY = dt.timedelta(days=1)


def recurring(h, amount="10", start="2026-11-22", frequency="weekly", **more):
    return {"type": "recurring", "name": "Weekly", "source_id": h["checking"], "destination_id": h["savings"],
            "amount": amount, "start_date": start, "frequency": frequency} | more


def update(book, rid, **fields):
    return book.do(lambda s, c: changes.update_routine(s, c, rid, fields))


def last_message(book) -> str:
    with Session(book.engine) as s:
        return s.exec(select(Notification.message).order_by(Notification.id.desc())).first()


def runs_with_triggers(book, rid):
    with Session(book.engine) as s:
        rows = s.exec(select(RoutineRun).where(RoutineRun.routine_id == rid).order_by(RoutineRun.id)).all()
        return [(r.due_on.isoformat(), r.trigger_id, r.outcome, r.reason) for r in rows]


# -- update --------------------------------------------------------------------------

def test_a_new_amount_applies_from_the_next_run_and_past_runs_stay(book, household):
    rid = book.routine(recurring(household, "10"))  # runs today, Nov 22
    update(book, rid, amount="25")
    row = book.routine_row(rid)
    assert (row.amount, row.next_due_on, row.next_index) == (2500, START + 7 * DAY, 1)
    assert last_message(book) == "Weekly updated — amount $10.00 → $25.00; next run 2026-11-29"
    book.go_to(START + 7 * DAY)
    book.process()
    assert [t.amount for t in book.transfers(rid)] == [1000, 2500]


def test_a_new_name_alone_is_told_as_a_rename_whichever_way_it_is_made(book, household):
    rid = book.routine(recurring(household))
    update(book, rid, name="Savings")
    assert book.routine_row(rid).name == "Savings"
    assert last_message(book) == "Weekly renamed to Savings"  # the words of corrections.rename_routine
    update(book, rid, name="Pot", amount="25")
    assert last_message(book) == "Pot updated — name Savings → Pot, amount $10.00 → $25.00; next run 2026-11-29"


def test_an_update_is_validated_exactly_as_creation(book, household):
    rid = book.routine(recurring(household, start="2026-11-25"))
    do = changes.update_routine
    refused(book, lambda s, c: do(s, c, rid, {"amount": "0"}), "amount: must be more than 0.00")
    refused(book, lambda s, c: do(s, c, rid, {"frequency": "daily"}), "frequency: 'daily' is not a frequency")
    refused(book, lambda s, c: do(s, c, rid, {"start_date": "2026-11-21"}), "start_date: 2026-11-21 is before today")
    refused(book, lambda s, c: do(s, c, rid, {"threshold": "5"}), "threshold: is not a field of a recurring routine")
    refused(book, lambda s, c: do(s, c, rid, {"name": ""}), "name: is empty")
    refused(book, lambda s, c: do(s, c, rid, {}), "body: names no field to change")
    refused(book, lambda s, c: do(s, c, rid, ["amount"]), "body: expected a JSON object")
    refused(book, lambda s, c: do(s, c, rid, {"type": "sweep"}),
            "type: is recurring and cannot be changed; make a new routine instead")
    refused(book, lambda s, c: do(s, c, rid, {"destination_id": household["sam_checking"]}),
            "destination_id: is 2 and cannot be changed; make a new routine instead")
    refused(book, lambda s, c: do(s, c, rid, {"source_id": "x"}), "source_id: 'x' is not an id")
    update(book, rid, type="recurring", source_id=str(household["checking"]), amount="12")  # unchanged: fine
    assert book.routine_row(rid).amount == 1200


def test_a_new_start_date_restarts_the_schedule_there(book, household):
    rid = book.routine(recurring(household, start="2026-11-25"))
    update(book, rid, start_date="2026-12-01", frequency="monthly")
    row = book.routine_row(rid)
    assert (row.start_date, row.frequency, row.next_due_on, row.next_index) == (dt.date(2026, 12, 1), "monthly",
                                                                               dt.date(2026, 12, 1), 0)
    assert last_message(book) == ("Weekly updated — start date 2026-11-25 → 2026-12-01, frequency weekly → monthly; "
                                  "next run 2026-12-01")
    book.go_to(dt.date(2027, 1, 2))
    book.process()
    assert [r[0] for r in book.runs(rid)] == ["2026-12-01", "2027-01-01"]


def test_a_new_frequency_never_runs_a_date_twice_nor_replays_the_past(book, household):
    rid = book.routine(recurring(household, start="2026-11-22"))  # weekly from today: ran today
    book.go_to(dt.date(2026, 12, 22))  # ran Nov 29, Dec 6, 13, 20; today, Dec 22, is a monthly date
    update(book, rid, frequency="monthly")  # from Nov 22: Dec 22 is not run yet, so it runs today
    assert book.routine_row(rid).next_due_on == dt.date(2027, 1, 22)
    update(book, rid, start_date="2026-12-22")  # today again: it already ran today, so not twice
    assert book.routine_row(rid).next_due_on == dt.date(2027, 1, 22)
    assert [r[0] for r in book.runs(rid)] == ["2026-11-22", "2026-11-29", "2026-12-06", "2026-12-13", "2026-12-20",
                                               "2026-12-22"]


def test_a_52_week_challenge_keeps_its_week_count(book, household):
    body = {"type": "fifty-two-week", "name": "Challenge", "source_id": household["checking"],
            "destination_id": household["savings"], "amount_start": "1", "amount_increment": "1",
            "start_date": "2026-11-24"}
    rid = book.routine(body)
    update(book, rid, start_date="2026-11-26")  # not begun: its dates may move
    book.go_to(dt.date(2026, 12, 3))  # weeks 1 and 2 ran
    update(book, rid, amount_increment="2")
    refused(book, lambda s, c: changes.update_routine(s, c, rid, {"start_date": "2026-12-05"}),
            "start_date: the challenge is at week 3 of 52; its weekly dates are fixed once it has begun")
    book.go_to(dt.date(2026, 12, 10))
    book.process()
    assert [t.amount for t in book.transfers(rid)] == [100, 200, 500]  # week 3: 1.00 + 2 × 2.00


def test_a_round_up_never_rounds_a_purchase_twice_after_a_new_start(book, household):
    rid = book.routine({"type": "round-up", "name": "Change", "source_id": household["checking"],
                        "destination_id": household["savings"], "spending_id": household["checking"],
                        "start_date": "2026-11-23"})
    book.go_to(dt.date(2026, 11, 25))
    refused(book, lambda s, c: changes.update_routine(s, c, rid, {"start_date": "2026-11-26"}),
            "start_date: must be on or after 2026-11-30, a week after the last round-up")
    update(book, rid, start_date="2026-12-03")
    assert book.routine_row(rid).next_due_on == dt.date(2026, 12, 3)


def test_percentages_keep_the_100_percent_total_and_queued_amounts(book, household):
    first = book.routine({"type": "percentage-based", "name": "Tithe", "source_id": household["checking"],
                          "destination_id": household["savings"], "percent_of_transaction": "60",
                          "minimum_transaction_threshold": "1", "start_date": "2026-11-22"})
    second = book.routine({"type": "percentage-based", "name": "More", "source_id": household["checking"],
                           "destination_id": household["savings"], "percent_of_transaction": "30",
                           "minimum_transaction_threshold": "1", "start_date": "2026-11-22"})
    book.txn(household["checking"], "100")
    refused(book, lambda s, c: changes.update_routine(s, c, second, {"percent_of_transaction": "41"}),
            "percent_of_transaction: active percentage-of-deposit routines on Checking (account 1) already take 60")
    update(book, second, percent_of_transaction="40")
    book.pause(first)
    update(book, first, percent_of_transaction="70")  # paused: the total is checked on activation
    assert [t.amount for t in book.transfers(second)] == [3000]  # queued before the change: as it was
    book.txn(household["checking"], "10")
    assert [t.amount for t in book.transfers(second)] == [3000, 400]


def test_a_refill_with_a_new_start_looks_from_that_date(book, household):
    rid = book.routine({"type": "refill", "name": "Top up", "source_id": household["checking"],
                        "destination_id": household["savings"], "amount": "20", "threshold": "10",
                        "start_date": "2026-11-22"})
    assert book.balance(household["savings"]) == 2000  # refilled today
    update(book, rid, start_date="2026-11-22", threshold="50")  # an unchanged start changes nothing
    assert book.routine_row(rid).next_due_on == START + DAY
    update(book, rid, start_date="2026-11-28")
    assert book.routine_row(rid).next_due_on == dt.date(2026, 11, 28)
    book.go_to(dt.date(2026, 11, 27))
    book.process()
    assert book.balance(household["savings"]) == 2000


def test_only_active_or_paused_routines_can_be_updated(book, household):
    once = book.routine({"type": "one-time", "name": "Once", "source_id": household["checking"],
                         "destination_id": household["savings"], "amount": "5"})
    refused(book, lambda s, c: changes.update_routine(s, c, once, {"amount": "6"}),
            "routine: Once (routine 1) is completed; only an active or paused routine can be changed")
    later = book.routine({"type": "one-time", "name": "Later", "source_id": household["checking"],
                          "destination_id": household["savings"], "amount": "5", "start_date": "2026-12-01"})
    refused(book, lambda s, c: changes.update_routine(s, c, later, {"start_date": None}),
            "start_date: cannot be removed")
    update(book, later, start_date="2026-11-22")  # today: it runs today
    assert [(t.amount, t.status) for t in book.transfers(later)] == [(500, "processed")]
    assert book.routine_row(later).status == "completed"


def test_the_same_values_again_change_nothing(book, household):
    rid = book.routine(recurring(household, "10"))
    before = last_message(book)
    update(book, rid, amount="10.00", name="Weekly")
    assert last_message(book) == before


# -- skip the next run ---------------------------------------------------------------

def test_skip_records_the_next_run_as_skipped_by_you_and_moves_on(book, household):
    rid = book.routine(recurring(household, start="2026-11-22"))
    run = book.do(lambda s, c: changes.skip_next_run(s, c, rid))
    assert (run.due_on, run.outcome, run.reason) == (dt.date(2026, 11, 29), "skipped", "skipped by you")
    assert book.routine_row(rid).next_due_on == dt.date(2026, 12, 6)
    assert last_message(book) == "Weekly: the run of 2026-11-29 is skipped by you; next run 2026-12-06"
    book.go_to(dt.date(2026, 12, 6))
    book.process()
    assert book.runs(rid) == [("2026-11-22", "transferred", ""), ("2026-11-29", "skipped", "skipped by you"),
                              ("2026-12-06", "transferred", "")]
    assert book.balance(household["savings"]) == 2000


def test_skipping_the_last_week_of_a_challenge_completes_it(book, household):
    body = {"type": "fifty-two-week", "name": "Challenge", "source_id": household["checking"],
            "destination_id": household["savings"], "amount_start": "1", "amount_increment": "1",
            "start_date": "2026-11-22"}
    rid = book.routine(body)
    book.setup(lambda s, c: setattr(s.get(type(book.routine_row(rid)), rid), "next_index", 51))
    run = book.do(lambda s, c: changes.skip_next_run(s, c, rid))
    assert run.reason == "skipped by you"
    assert book.routine_row(rid).status == "completed"


@pytest.mark.parametrize("body, match", [
    ({"type": "one-time", "amount": "5", "start_date": "2026-12-01"}, "has a single run; delete it instead"),
    ({"type": "refill", "amount": "5", "threshold": "1", "start_date": "2026-12-01"}, "has no schedule"),
    ({"type": "percentage-based", "percent_of_transaction": "5", "minimum_transaction_threshold": "1",
      "start_date": "2026-12-01"}, "cancel a pending transfer instead"),
])
def test_skip_is_for_scheduled_routines(book, household, body, match):
    rid = book.routine({"name": "R", "source_id": household["checking"], "destination_id": household["savings"]} | body)
    refused(book, lambda s, c: changes.skip_next_run(s, c, rid), match)


def test_a_paused_routine_neither_skips_nor_runs_now(book, household):
    rid = book.routine(recurring(household, start="2026-11-29"))
    book.pause(rid)
    refused(book, lambda s, c: changes.skip_next_run(s, c, rid),
            "routine: Weekly (routine 1) is inactive; only an active routine can skip its next run; activate it first")
    refused(book, lambda s, c: changes.run_now(s, c, rid), "only an active routine can run now")


# -- run now ---------------------------------------------------------------------------

def test_run_now_moves_money_today_outside_the_schedule(book, household):
    rid = book.routine(recurring(household, "10", start="2026-11-22"))  # its scheduled run today
    first = book.do(lambda s, c: changes.run_now(s, c, rid))
    second = book.do(lambda s, c: changes.run_now(s, c, rid))
    assert (first.trigger_id, second.trigger_id) == (-1, -2)
    assert runs_with_triggers(book, rid) == [("2026-11-22", 0, "transferred", ""),
                                             ("2026-11-22", -1, "transferred", "run now"),
                                             ("2026-11-22", -2, "transferred", "run now")]
    row = book.routine_row(rid)
    assert (row.next_due_on, row.next_index) == (START + 7 * DAY, 1)  # the schedule did not move
    assert book.balance(household["savings"]) == 3000
    assert last_message(book) == "Weekly: moved $10.00 from Checking to Savings"


def test_run_now_keeps_the_cap_and_never_overdraws(book, household):
    book.do(lambda s, c: ledger.set_transfer_limit(s, c, "Alex", "50"))
    broke = book.routine({"type": "recurring", "name": "Too much", "source_id": household["savings"],
                          "destination_id": household["checking"], "amount": "40", "start_date": "2026-12-01",
                          "frequency": "weekly"})
    run = book.do(lambda s, c: changes.run_now(s, c, broke))
    assert (run.outcome, run.reason) == ("failed", "run now — insufficient funds")
    rid = book.routine(recurring(household, "80", start="2026-12-01"))
    run = book.do(lambda s, c: changes.run_now(s, c, rid))
    assert (run.outcome, run.reason) == ("transferred", "run now — capped at the transfer limit")
    assert [(t.amount, t.status, t.capped) for t in book.transfers()] == [(4000, "failed", False),
                                                                       (5000, "processed", True)]
    assert (book.balance(household["checking"]), book.balance(household["savings"])) == (95_000, 5000)


def test_run_now_of_a_refill_only_below_its_threshold(book, household):
    rid = book.routine({"type": "refill", "name": "Top up", "source_id": household["checking"],
                        "destination_id": household["savings"], "amount": "20", "threshold": "10",
                        "start_date": "2026-12-01"})
    run = book.do(lambda s, c: changes.run_now(s, c, rid))
    assert (run.outcome, book.balance(household["savings"])) == ("transferred", 2000)
    refused(book, lambda s, c: changes.run_now(s, c, rid),
            "routine: Top up (routine 1) has nothing to move now: Savings holds $20.00, not below the threshold $10.00")


def test_run_now_of_a_sweep_with_nothing_above_the_floor_is_refused(book, household):
    rid = book.routine({"type": "sweep", "name": "Sweep", "source_id": household["checking"],
                        "destination_id": household["savings"], "min_balance": "2000", "start_date": "2026-12-01",
                        "frequency": "monthly"})
    refused(book, lambda s, c: changes.run_now(s, c, rid), "nothing to move now: balance")
    book.txn(household["checking"], "1500")
    book.do(lambda s, c: changes.run_now(s, c, rid))
    assert book.balance(household["savings"]) == 50_000


@pytest.mark.parametrize("body, match", [
    ({"type": "one-time", "amount": "5", "start_date": "2026-12-01"}, "change its start_date to today"),
    ({"type": "round-up", "spending_id": 1, "start_date": "2026-12-01"}, "would round some up twice"),
    ({"type": "percentage-based", "percent_of_transaction": "5", "minimum_transaction_threshold": "1",
      "start_date": "2026-12-01"}, "it has nothing to run now"),
])
def test_run_now_is_refused_where_it_would_double_or_mean_nothing(book, household, body, match):
    rid = book.routine({"name": "R", "source_id": household["checking"], "destination_id": household["savings"]} | body)
    refused(book, lambda s, c: changes.run_now(s, c, rid), match)


def test_a_new_schedule_starts_after_a_date_skipped_by_you(book, household):
    rid = book.routine(recurring(household, start="2026-11-22"))
    book.do(lambda s, c: changes.skip_next_run(s, c, rid))  # Nov 29
    book.do(lambda s, c: changes.skip_next_run(s, c, rid))  # Dec 6
    update(book, rid, frequency="bi-weekly")  # Nov 22, Dec 6 (skipped by you), Dec 20
    assert book.routine_row(rid).next_due_on == dt.date(2026, 12, 20)
    book.go_to(dt.date(2026, 12, 21))
    book.process()
    assert book.runs(rid) == [("2026-11-22", "transferred", ""), ("2026-11-29", "skipped", "skipped by you"),
                              ("2026-12-06", "skipped", "skipped by you"), ("2026-12-20", "transferred", "")]


def test_run_now_of_a_card_payment_with_nothing_owed_is_refused_and_writes_nothing(book, household):
    paid_up = book.account("Alex", "Visa", "0", "credit-card")
    rid = book.routine({"type": "recurring", "name": "Pay Visa", "source_id": household["checking"],
                        "destination_id": paid_up, "amount": "50", "start_date": "2026-12-01", "frequency": "monthly"})
    refused(book, lambda s, c: changes.run_now(s, c, rid),
            "routine: Pay Visa (routine 1) has nothing to move now: nothing owed on Visa")
    assert runs_with_triggers(book, rid) == []
    assert (book.balance(paid_up), book.balance(household["checking"])) == (0, 100_000)
