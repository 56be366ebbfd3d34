"""The demo household, DST across a weekly schedule, and the plans of the real history queries."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from astra_tui.core.check import ledger_violations
from astra_tui.core.demo import build_demo
from astra_tui.core.kinds import ALL_KINDS, kind_of
from astra_tui.core.read import activity, transfers
from astra_tui.core.read.db import read_file
from astra_tui.core.read.transfers import TransferFilter
from astra_tui.db.models import Account, Routine, Transfer, User


def test_demo_has_two_people_one_routine_of_every_kind_and_a_card_payment(engine, clock):
    build_demo(engine, clock)
    with Session(engine) as s:
        assert [u.name for u in s.exec(select(User))] == ["Alex", "Sam"]
        kinds = sorted(kind_of(r).key for r in s.exec(select(Routine)))
        # and the card payment, the car insurance pot and the rent pot
        assert kinds == sorted([k.key for k in ALL_KINDS] + ["recurring", "one-time", "recurring"])
        payment = s.exec(select(Routine).where(Routine.name == "Pay the travel card")).one()
        assert s.get(Account, payment.destination_id).kind == "credit-card"
        statuses = {t.status for t in s.exec(select(Transfer))}
        assert {"processed", "pending"} <= statuses  # the quick transfer ran; the bonus queued a third
    assert ledger_violations(engine) == []


def test_demo_is_built_once(engine, clock):
    build_demo(engine, clock)
    build_demo(engine, clock)
    with Session(engine) as s:
        assert len(s.exec(select(User)).all()) == 2


def test_weekly_runs_keep_their_weekday_across_daylight_saving(book, household):
    # DST ends 2026-11-01 and starts 2027-03-14; runs stay on Sundays in Los Angeles.
    book.go_to(dt.date(2027, 3, 7))
    rid = book.routine({"type": "recurring", "name": "W", "source_id": household["checking"],
                        "destination_id": household["savings"], "amount": 1, "start_date": "2027-03-07",
                        "frequency": "weekly"})
    book.clock.instant = dt.datetime(2027, 3, 14, 7, 30, tzinfo=dt.UTC)  # 23:30 PST on Mar 13
    book.process()
    assert [r[0] for r in book.runs(rid)] == ["2027-03-07"]
    book.clock.instant = dt.datetime(2027, 3, 14, 8, 0, tzinfo=dt.UTC)  # midnight PST → Mar 14
    book.process()
    assert [r[0] for r in book.runs(rid)] == ["2027-03-07", "2027-03-14"]
    book.clock.instant = dt.datetime(2027, 3, 21, 6, 59, tzinfo=dt.UTC)  # 23:59 PDT on Mar 20
    book.process()
    assert len(book.runs(rid)) == 2
    book.clock.instant = dt.datetime(2027, 3, 21, 7, 0, tzinfo=dt.UTC)  # midnight PDT
    book.process()
    assert [r[0] for r in book.runs(rid)][-1] == "2027-03-21"


def test_the_history_and_activity_queries_search_by_index(engine, db_path):
    """Every statement the history and activity read (a person's, an account's, a routine's, a status's
    transfers; an account's transactions) finds its rows by an index, never a scan of the table."""
    captured = []

    def read(db):
        db.set_trace_callback(captured.append)
        transfers.transfers(db, 1, limit=50)
        transfers.transfers(db, None, TransferFilter(account_id=1), limit=50)
        transfers.transfers(db, 1, TransferFilter(account_id=1), limit=50)
        transfers.transfers(db, None, TransferFilter(routine_id=1), limit=50)
        transfers.transfers(db, None, TransferFilter(status="pending"), limit=50)
        transfers.transfer_count(db, 1, TransferFilter(account_id=1))
        activity.transactions(db, 1, limit=50)
        db.set_trace_callback(None)
        return [" | ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
                for sql in captured if sql.lstrip().upper().startswith("SELECT")]

    plans = read_file(db_path, read)
    assert len(plans) >= 7
    for plan in plans:
        assert "SCAN transfers" not in plan and "SCAN transactions" not in plan, plan
