"""Each routine kind, end to end: created through the service, run by the processor, read from the database."""

from __future__ import annotations

import datetime as dt

import pytest

from astra_tui.core.clock import at_local
from astra_tui.core.errors import AstraError
from astra_tui.core.kinds import round_up
from tests.conftest import START

D = dt.timedelta


def body(kind: str, h: dict[str, int], **fields):
    base = {"type": kind, "name": f"My {kind}", "source_id": h["checking"], "destination_id": h["savings"]}
    base.update(fields)
    return base


def test_quick_transfer_runs_at_once_and_completes(book, household):
    rid = book.routine(body("one-time", household, amount=20))
    assert book.balance(household["checking"]) == 98_000
    assert book.balance(household["savings"]) == 2_000
    assert book.runs(rid) == [(START.isoformat(), "transferred", "")]
    assert book.routine_row(rid).status == "completed"
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.amount, transfer.scheduled_for) == ("processed", 2000, START)
    # A processed transfer has exactly its two transactions, out of the source and into the destination.
    legs = [t for t in book.transactions(household["checking"]) + book.transactions(household["savings"])
            if t.transfer_id == transfer.id]
    assert sorted(t.amount for t in legs) == [-2000, 2000]


def test_quick_transfer_with_insufficient_funds_fails_and_moves_nothing(book, household):
    rid = book.routine(body("one-time", household, amount="1000.01"))
    assert book.balance(household["checking"]) == 100_000
    assert book.runs(rid) == [(START.isoformat(), "failed", "insufficient funds")]
    assert book.routine_row(rid).status == "failed"
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.reason) == ("failed", "insufficient funds")


def test_one_time_runs_on_its_date_not_before(book, household):
    rid = book.routine(body("one-time", household, amount=50, start_date="2026-11-25"))
    book.go_to(dt.date(2026, 11, 24))
    book.process()
    assert book.runs(rid) == []
    book.go_to(dt.date(2026, 11, 25), hour=0)
    book.process()
    assert book.runs(rid) == [("2026-11-25", "transferred", "")]
    assert book.routine_row(rid).status == "completed"


def test_a_run_is_not_due_at_2359_the_day_before_in_los_angeles(book, household):
    rid = book.routine(body("one-time", household, amount=5, start_date="2026-11-25"))
    # 23:59 on Nov 24 in Los Angeles is already Nov 25 in UTC.
    book.clock.instant = at_local(dt.date(2026, 11, 24), 23, 59)
    assert book.clock.now().date() == dt.date(2026, 11, 25)
    book.process()
    assert book.runs(rid) == []
    book.clock.advance(minutes=1)
    book.process()
    assert book.runs(rid) == [("2026-11-25", "transferred", "")]


def test_recurring_monthly_clamps_to_month_end(book, household, clock):
    book.go_to(dt.date(2027, 1, 31))
    rid = book.routine(body("recurring", household, amount=10, start_date="2027-01-31", frequency="monthly"))
    book.go_to(dt.date(2027, 4, 30))
    book.process()
    assert [r[0] for r in book.runs(rid)] == ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
    assert book.routine_row(rid).next_due_on == dt.date(2027, 5, 31)
    assert book.balance(household["savings"]) == 4_000


def test_biweekly_is_fourteen_days(book, household):
    rid = book.routine(body("recurring", household, amount=1, start_date="2026-11-22", frequency="bi-weekly"))
    book.go_to(dt.date(2026, 12, 31))
    book.process()
    assert [r[0] for r in book.runs(rid)] == ["2026-11-22", "2026-12-06", "2026-12-20"]


def test_amount_is_capped_at_the_transfer_limit(book):
    book.user("Alex", limit="100")
    checking = book.account("Alex", "Checking", "1000")
    savings = book.account("Alex", "Savings", "0", "savings")
    rid = book.routine({"type": "one-time", "name": "Big", "source_id": checking, "destination_id": savings,
                        "amount": 250})
    [transfer] = book.transfers(rid)
    assert (transfer.amount, transfer.capped, transfer.status) == (10_000, True, "processed")
    assert book.balance(savings) == 10_000
    assert book.runs(rid) == [(START.isoformat(), "transferred", "capped at the transfer limit")]


def test_frozen_source_or_destination_fails_the_run(book, household):
    from astra_tui.core import ledger

    rid = book.routine(body("recurring", household, amount=10, start_date="2026-11-23", frequency="weekly"))
    book.setup(lambda s, c: ledger.change_account_status(s, c, household["savings"], "freeze"))
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    assert book.runs(rid) == [("2026-11-23", "failed", "destination account Savings is frozen")]
    assert book.balance(household["checking"]) == 100_000
    book.setup(lambda s, c: ledger.change_account_status(s, c, household["savings"], "unfreeze"))
    book.setup(lambda s, c: ledger.change_account_status(s, c, household["checking"], "freeze"))
    book.go_to(dt.date(2026, 11, 30))
    book.process()
    assert book.runs(rid)[-1] == ("2026-11-30", "failed", "source account Checking is frozen")


def test_pause_skips_dates_and_activation_does_not_replay(book, household):
    rid = book.routine(body("recurring", household, amount=10, start_date="2026-11-23", frequency="weekly"))
    book.pause(rid)
    book.go_to(dt.date(2026, 12, 10))
    book.activate(rid)
    assert book.runs(rid) == [("2026-11-23", "skipped", "paused"), ("2026-11-30", "skipped", "paused"),
                              ("2026-12-07", "skipped", "paused")]
    assert book.balance(household["savings"]) == 0
    book.go_to(dt.date(2026, 12, 14))
    book.process()
    assert book.runs(rid)[-1] == ("2026-12-14", "transferred", "")


def test_activation_without_processing_in_between_still_does_not_replay(book, household):
    from astra_tui.core import routines

    rid = book.routine(body("recurring", household, amount=10, start_date="2026-11-23", frequency="weekly"))
    book.setup(lambda s, c: routines.pause_routine(s, c, rid))
    book.go_to(dt.date(2026, 12, 1))
    book.setup(lambda s, c: routines.activate_routine(s, c, rid))  # no processing ran while paused
    book.process()
    assert book.runs(rid) == [("2026-11-23", "skipped", "paused"), ("2026-11-30", "skipped", "paused")]
    assert book.balance(household["savings"]) == 0


def test_sweep_moves_the_excess_and_collapses_catch_up(book, household):
    rid = book.routine(body("sweep", household, min_balance=100, start_date="2026-11-29", frequency="weekly"))
    book.go_to(dt.date(2026, 12, 20))  # four due dates missed: 11-29, 12-06, 12-13, 12-20
    summary = book.process()
    assert book.runs(rid) == [
        ("2026-11-29", "skipped", "collapsed into the run of 2026-12-20"),
        ("2026-12-06", "skipped", "collapsed into the run of 2026-12-20"),
        ("2026-12-13", "skipped", "collapsed into the run of 2026-12-20"),
        ("2026-12-20", "transferred", ""),
    ]
    assert (summary.processed, summary.skipped) == (1, 3)
    assert book.balance(household["checking"]) == 10_000
    assert book.balance(household["savings"]) == 90_000


def test_sweep_at_or_below_the_floor_skips(book, household):
    rid = book.routine(body("sweep", household, min_balance=1000, start_date="2026-11-22", frequency="monthly"))
    assert book.runs(rid) == [("2026-11-22", "skipped", "balance $1,000.00 is not above the floor $1,000.00")]


def test_percentage_of_balance_rounds_half_up(book, household):
    book.txn(household["checking"], "0.50")  # balance 1,000.50
    rid = book.routine(body("percentage-balance", household, percent_of_balance="12.5", start_date="2026-11-22",
                            frequency="monthly"))
    # 12.5 % of 1,000.50 = 125.0625 → 125.06
    assert book.balance(household["savings"]) == 12_506
    assert book.runs(rid) == [("2026-11-22", "transferred", "")]


def test_percentage_of_deposit_pends_until_next_day(book, household):
    rid = book.routine(body("percentage-based", household, percent_of_transaction=33,
                            minimum_transaction_threshold=50, start_date="2026-11-22"))
    book.txn(household["checking"], "49.99")  # under the minimum
    book.txn(household["checking"], "50")  # the minimum is inclusive
    book.txn(household["checking"], "150")
    pending = book.transfers(rid)
    assert [(t.amount, t.status, t.scheduled_for) for t in pending] == [
        (1650, "pending", dt.date(2026, 11, 23)), (4950, "pending", dt.date(2026, 11, 23))]
    assert book.balance(household["savings"]) == 0
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    assert [t.status for t in book.transfers(rid)] == ["processed", "processed"]
    assert book.balance(household["savings"]) == 6_600
    # Two deposits the same day are two runs on the same due date, told apart by their deposit.
    assert book.runs(rid) == [("2026-11-23", "transferred", ""), ("2026-11-23", "transferred", "")]


def test_routine_transfers_never_trigger_a_percentage_routine(book, household):
    rid = book.routine(body("percentage-based", household, percent_of_transaction=50,
                            minimum_transaction_threshold=1, start_date="2026-11-22",
                            source_id=household["savings"], destination_id=household["checking"]))
    book.routine(body("one-time", household, amount=100))  # checking → savings at once
    assert book.transfers(rid) == []


def test_pending_transfer_of_a_paused_routine_is_cancelled(book, household):
    rid = book.routine(body("percentage-based", household, percent_of_transaction=10,
                            minimum_transaction_threshold=1, start_date="2026-11-22"))
    book.txn(household["checking"], "100")
    book.pause(rid)
    book.go_to(dt.date(2026, 11, 23))
    summary = book.process()
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.reason) == ("cancelled", "routine paused")
    assert summary.cancelled == 1
    assert book.balance(household["savings"]) == 0


def test_deleting_cancels_pending_transfers(book, household):
    rid = book.routine(body("percentage-based", household, percent_of_transaction=10,
                            minimum_transaction_threshold=1, start_date="2026-11-22"))
    book.txn(household["checking"], "100")
    book.delete(rid)
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.reason) == ("cancelled", "routine deleted")
    assert book.routine_row(rid).status == "deleted"


def test_percentages_of_one_source_may_not_exceed_100(book, household):
    book.routine(body("percentage-based", household, percent_of_transaction=60,
                      minimum_transaction_threshold=1, start_date="2026-11-22"))
    with pytest.raises(AstraError, match="percent_of_transaction: .*60 %.*100 %"):
        book.routine(body("percentage-based", household, percent_of_transaction="40.01",
                          minimum_transaction_threshold=1, start_date="2026-11-22"))
    book.routine(body("percentage-based", household, percent_of_transaction=40,
                      minimum_transaction_threshold=1, start_date="2026-11-22"))


def test_percentage_over_100_is_rejected_in_the_body(book, household):
    with pytest.raises(AstraError, match="percent_of_balance: 100.5 % is more than 100 %"):
        book.routine(body("percentage-balance", household, percent_of_balance="100.5", start_date="2026-11-22",
                          frequency="weekly"))


def test_refill_tops_up_below_threshold_at_most_once_a_day(book, household):
    rid = book.routine(body("refill", household, amount=100, threshold=200, start_date="2026-11-22"))
    assert book.balance(household["savings"]) == 10_000  # 0 < 200: refilled at once
    book.txn(household["savings"], "-50")  # 50 < 200 again, same day
    assert book.balance(household["savings"]) == 5_000
    assert len(book.runs(rid)) == 1
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    assert book.balance(household["savings"]) == 15_000
    assert book.runs(rid) == [("2026-11-22", "transferred", ""), ("2026-11-23", "transferred", "")]
    book.go_to(dt.date(2026, 11, 24))
    book.process()  # 150 < 200
    book.go_to(dt.date(2026, 11, 25))
    book.process()  # 250: no run
    assert len(book.runs(rid)) == 3
    assert book.balance(household["savings"]) == 25_000


def test_a_purchase_triggers_a_refill(book, household):
    rid = book.routine(body("refill", household, amount=100, threshold=200, start_date="2026-11-23"))
    book.txn(household["savings"], "500")
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    assert book.runs(rid) == []
    book.txn(household["savings"], "-350.00")  # 150 < 200
    assert book.runs(rid) == [("2026-11-23", "transferred", "")]
    assert book.balance(household["savings"]) == 25_000


@pytest.mark.parametrize("debit, rounded", [(-248, 52), (-1299, 1), (-1000, 100), (-1, 99), (-99, 1)])
def test_round_up_of_one_debit(debit, rounded):
    assert round_up(debit) == rounded


def test_round_up_week(book, household):
    rid = book.routine(body("round-up", household, spending_id=household["checking"], start_date="2026-11-29"))
    book.txn(household["checking"], "-2.48")  # 0.52
    book.txn(household["checking"], "-12.99", dt.date(2026, 11, 22))  # 0.01
    book.go_to(dt.date(2026, 11, 24))
    book.txn(household["checking"], "-10.00")  # 1.00
    book.txn(household["checking"], "25.00")  # a deposit: not rounded
    book.go_to(dt.date(2026, 11, 29))
    book.txn(household["checking"], "-3.10")  # on the run day itself: next week's
    book.process()
    assert book.runs(rid) == [("2026-11-29", "transferred", "")]
    assert book.balance(household["savings"]) == 153
    book.go_to(dt.date(2026, 12, 6))
    book.process()  # the week of 11-29..12-05 has 0.90 of round-ups
    assert book.runs(rid)[-1] == ("2026-12-06", "skipped", "the week's round-ups came to $0.90, under $1.00")


def test_round_up_ignores_debits_before_the_routine_existed(book, household):
    book.txn(household["checking"], "-2.50")  # 2026-11-22, the day the account was opened
    book.go_to(dt.date(2026, 11, 23))
    rid = book.routine(body("round-up", household, spending_id=household["checking"], start_date="2026-11-24"))
    book.go_to(dt.date(2026, 11, 24))
    book.process()
    assert book.runs(rid) == [("2026-11-24", "skipped", "the week's round-ups came to $0.00, under $1.00")]


def test_round_up_may_use_a_credit_card_as_spending(book, household):
    card = book.account("Alex", "Card", "0", "credit-card")
    rid = book.routine(body("round-up", household, spending_id=card, start_date="2026-11-29"))
    book.txn(card, "-4.25")  # 0.75
    book.txn(card, "-3.50")  # 0.50
    book.go_to(dt.date(2026, 11, 29))
    book.process()
    assert book.runs(rid) == [("2026-11-29", "transferred", "")]
    assert book.balance(household["savings"]) == 125
    assert book.balance(household["checking"]) == 100_000 - 125  # paid from the source, not the card
    assert book.balance(card) == -775


def test_fifty_two_week_challenge_grows_and_completes_after_52_runs(book, household):
    book.txn(household["checking"], "2000")  # the 52 weeks add up to $2,704.00
    rid = book.routine(body("fifty-two-week", household, amount_start=1, amount_increment=2, start_date="2026-11-22"))
    book.go_to(START + D(weeks=60))
    book.process()
    runs = book.runs(rid)
    assert len(runs) == 52 and all(outcome == "transferred" for _, outcome, _ in runs)
    assert runs[-1][0] == (START + D(weeks=51)).isoformat()
    amounts = [t.amount for t in book.transfers(rid)]
    assert amounts[:3] == [100, 300, 500] and amounts[-1] == 100 + 51 * 200
    assert book.balance(household["savings"]) == sum(100 + n * 200 for n in range(52))
    routine = book.routine_row(rid)
    assert (routine.status, routine.next_due_on) == ("completed", None)


def test_fifty_two_week_completes_even_when_the_last_run_fails(book, household):
    rid = book.routine(body("fifty-two-week", household, amount_start=5, amount_increment=5,
                            start_date="2026-11-22"))
    # 5 + 10 + ... + 260 = 6,890 > 1,000: the later weeks fail for lack of funds.
    book.go_to(START + D(weeks=52))
    book.process()
    runs = book.runs(rid)
    assert len(runs) == 52 and runs[-1][1] == "failed"
    assert book.routine_row(rid).status == "completed"


def test_fifty_two_week_rejects_the_guide_example_of_10():
    from astra_tui.core.bodies import parse_body

    with pytest.raises(AstraError, match=r"amount_start: \$10.00 is outside the challenge's range of \$1.00 to \$5.00"):
        parse_body({"type": "fifty-two-week", "name": "x", "source_id": 1, "destination_id": 2,
                    "amount_start": 10, "amount_increment": 2, "start_date": "2026-11-22"})


def test_send_to_someone(book, household):
    rid = book.routine({"type": "one-time", "name": "Rent share", "source_id": household["checking"],
                        "destination_id": household["sam_checking"], "destination_user_id": household["sam"],
                        "amount": 300})
    assert book.balance(household["sam_checking"]) == 40_000
    [transfer] = book.transfers(rid)
    assert (transfer.user_id, transfer.destination_user_id) == (household["alex"], household["sam"])


def test_send_to_someone_must_name_their_account(book, household):
    with pytest.raises(AstraError, match="destination_id: Savings \\(account 2\\) does not belong to Sam"):
        book.routine({"type": "one-time", "name": "x", "source_id": household["checking"],
                      "destination_id": household["savings"], "destination_user_id": household["sam"],
                      "amount": 3})
    with pytest.raises(AstraError, match="destination_user_id: is you"):
        book.routine({"type": "one-time", "name": "x", "source_id": household["checking"],
                      "destination_id": household["savings"], "destination_user_id": household["alex"],
                      "amount": 3})


def test_nobody_moves_money_out_of_another_persons_account(book, household):
    with pytest.raises(AstraError, match="source_id: Sam checking \\(account 3\\) does not belong to Alex"):
        book.routine({"type": "one-time", "name": "x", "source_id": household["sam_checking"],
                      "destination_id": household["checking"], "amount": 3})
    assert book.balance(household["sam_checking"]) == 10_000


@pytest.mark.parametrize("change, message", [
    ({"start_date": "2026-11-21"}, "start_date: 2026-11-21 is before today"),
    ({"destination_id": 1}, "destination_id: must differ from source_id"),
    ({"source_id": 99}, "source_id: account 99 does not exist"),
])
def test_routine_rules_that_need_the_ledger(book, household, change, message):
    with pytest.raises(AstraError, match=message):
        book.routine(body("recurring", household, amount=1, start_date="2026-11-22", frequency="weekly") | change)

