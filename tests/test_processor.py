"""Catch-up, ordering, batching and idempotency of the processor."""

from __future__ import annotations

import datetime as dt
import threading

from sqlmodel import Session, select

from astra_tui.core.check import ledger_violations
from astra_tui.core.processor import process_due
from astra_tui.db.engine import open_database
from astra_tui.db.models import Notification, RoutineRun
from tests.conftest import START


def recurring(h, amount="10", start="2026-11-22", frequency="weekly", **more):
    return {"type": "recurring", "name": "Weekly", "source_id": h["checking"], "destination_id": h["savings"],
            "amount": amount, "start_date": start, "frequency": frequency} | more


def test_catch_up_replays_every_missed_date_in_date_order(book, household):
    weekly = book.routine(recurring(household, "100", "2026-11-23"))
    monthly = book.routine(recurring(household, "400", "2026-11-25", "monthly", name="Monthly"))
    book.go_to(dt.date(2027, 1, 5))
    summary = book.process()
    # Money runs out on the way: the order of dates decides which runs fail.
    order = []
    with Session(book.engine) as s:
        for run in s.exec(select(RoutineRun).order_by(RoutineRun.id)).all():
            order.append((run.due_on.isoformat(), run.routine_id, run.outcome))
    assert order == [
        ("2026-11-23", weekly, "transferred"), ("2026-11-25", monthly, "transferred"),
        ("2026-11-30", weekly, "transferred"), ("2026-12-07", weekly, "transferred"),
        ("2026-12-14", weekly, "transferred"), ("2026-12-21", weekly, "transferred"),
        ("2026-12-25", monthly, "failed"), ("2026-12-28", weekly, "transferred"),
        ("2027-01-04", weekly, "failed"),
    ]
    assert (summary.processed, summary.failed, summary.skipped) == (7, 2, 0)
    assert book.balance(household["checking"]) == 0
    assert ledger_violations(book.engine) == []


def test_processing_twice_changes_nothing(book, household):
    book.routine(recurring(household))
    book.go_to(dt.date(2027, 3, 1))
    first = book.process()
    assert first.processed == 14  # the 15th, today's, ran when the routine was created
    assert len(book.runs(1)) == 15
    second = book.process()
    assert (second.processed, second.failed, second.skipped) == (0, 0, 0)
    assert book.balance(household["savings"]) == 15_000


def test_small_batches_give_the_same_result_as_one_batch(tmp_path, clock):
    from tests.conftest import Book

    results = []
    for batch in (1, 3, 10_000):
        book = Book(open_database(tmp_path / f"b{batch}.db"), type(clock)(clock.instant))
        book.user("Alex")
        c = book.account("Alex", "Checking", "500")
        s = book.account("Alex", "Savings", "0", "savings")
        h = {"checking": c, "savings": s}
        book.routine(recurring(h, "7"))
        book.routine(recurring(h, "30", "2026-11-30", "monthly"))
        book.routine({"type": "sweep", "name": "Sweep", "source_id": c, "destination_id": s, "min_balance": 100,
                      "start_date": "2026-11-24", "frequency": "bi-weekly"})
        book.go_to(dt.date(2027, 6, 1))
        process_due(book.engine, book.clock, batch_size=batch)
        results.append((book.balance(c), book.balance(s), [book.runs(r) for r in (1, 2, 3)]))
        assert ledger_violations(book.engine) == []
    assert results[0] == results[1] == results[2]


def test_pending_transfers_beyond_a_batch_stay_in_date_order(book, household):
    pct = book.routine({"type": "percentage-based", "name": "Tenth", "source_id": household["checking"],
                        "destination_id": household["savings"], "percent_of_transaction": 10,
                        "minimum_transaction_threshold": 1, "start_date": "2026-11-22"})
    for _ in range(5):
        book.txn(household["checking"], "10")
    weekly = book.routine(recurring(household, "1", "2026-11-23"))
    book.go_to(dt.date(2026, 11, 30))
    process_due(book.engine, book.clock, batch_size=2)
    runs = []
    with Session(book.engine) as s:
        for run in s.exec(select(RoutineRun).order_by(RoutineRun.id)).all():
            runs.append((run.due_on.isoformat(), run.routine_id))
    assert runs == [("2026-11-23", pct)] * 5 + [("2026-11-23", weekly), ("2026-11-30", weekly)]


def test_pending_transfers_filling_whole_batches_all_run_in_one_processing(book, household):
    """A batch that ends exactly on the last pending transfer it loaded may not be the last batch."""
    book.routine({"type": "percentage-based", "name": "Tenth", "source_id": household["checking"],
                  "destination_id": household["savings"], "percent_of_transaction": 10,
                  "minimum_transaction_threshold": 1, "start_date": "2026-11-22"})
    for _ in range(4):
        book.txn(household["checking"], "10")
    book.go_to(dt.date(2026, 11, 23))
    summary = process_due(book.engine, book.clock, batch_size=2)
    assert (summary.processed, summary.pending) == (4, 0)


def test_two_processors_at_once_run_everything_exactly_once(tmp_path, clock):
    from tests.conftest import Book

    path = tmp_path / "shared.db"
    book = Book(open_database(path), clock)
    book.user("Alex")
    c = book.account("Alex", "Checking", "100000")
    s = book.account("Alex", "Savings", "0", "savings")
    for n in range(20):
        book.routine(recurring({"checking": c, "savings": s}, "1", name=f"R{n}"))
    book.go_to(START + dt.timedelta(days=365))
    totals = []

    def worker() -> None:
        totals.append(process_due(open_database(path), book.clock, batch_size=50).processed)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(totals) == 20 * 52  # each routine's first date ran when it was created
    assert all(len(book.runs(r)) == 53 for r in range(1, 21))
    assert book.balance(s) == 20 * 53 * 100
    assert ledger_violations(book.engine) == []


def test_notifications_for_each_event(book, household):
    book.user("Sam2")
    pct = book.routine({"type": "percentage-based", "name": "Tenth", "source_id": household["checking"],
                        "destination_id": household["savings"], "percent_of_transaction": 10,
                        "minimum_transaction_threshold": 1, "start_date": "2026-11-22"})
    book.txn(household["checking"], "100")
    book.routine({"type": "one-time", "name": "Too much", "source_id": household["checking"],
                  "destination_id": household["savings"], "amount": 5000})
    book.routine({"type": "one-time", "name": "Gift", "source_id": household["checking"],
                  "destination_id": household["sam_checking"], "destination_user_id": household["sam"],
                  "amount": 5})
    book.pause(pct)
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    with Session(book.engine) as s:
        notes = [(n.user_id, n.kind, n.message) for n in s.exec(select(Notification).order_by(Notification.id))]
    kinds = [k for _, k, _ in notes]
    assert "deposit_notice" in kinds and "transfer_created" in kinds
    assert "transfer_updated" in kinds and "routine_updated" in kinds
    assert (1, "deposit_notice", "Tenth: deposit of $100.00 into Checking; $10.00 will move to Savings on "
            "2026-11-23") in notes
    assert (1, "transfer_created", "Too much: transfer of $5,000.00 from Checking to Savings failed — "
            "insufficient funds") in notes
    assert (2, "transfer_created", "Alex sent you $5.00 into Sam checking") in notes
    assert (1, "transfer_updated", "Tenth: pending transfer of $10.00 cancelled — routine paused") in notes
    assert (1, "routine_updated", "Too much failed") in notes
