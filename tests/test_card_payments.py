"""Paying a credit card (issue 9 §6, SPEC §3): which kinds may, the cap at what is owed, the skip when nothing is."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from sqlmodel import Session, select
from textual.widgets import Select

from astra_tui.core import ledger
from astra_tui.core.check import ledger_violations
from astra_tui.core.errors import AstraError
from astra_tui.core.kinds import ALL_KINDS
from astra_tui.db.models import Account, Notification
from tests.conftest import START
from tests.test_app import close_summary
from tests.test_cli import Cli
from tests.ui_helpers import demo_app, drive, keys


@pytest.fixture
def card(book, household) -> int:
    """Alex's Visa, with $312.40 owed."""
    return book.account("Alex", "Visa", "-312.40", "credit-card")


def pay(h: dict[str, int], card: int, amount, **more):
    return {"type": "one-time", "name": "Pay Visa", "source_id": h["checking"], "destination_id": card,
            "amount": amount} | more


def test_a_quick_transfer_pays_part_of_what_is_owed(book, household, card):
    rid = book.routine(pay(household, card, 100))
    assert book.balance(card) == -21_240
    assert book.balance(household["checking"]) == 90_000
    assert book.runs(rid) == [(START.isoformat(), "transferred", "")]
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.amount, transfer.capped) == ("processed", 10_000, False)
    assert book.routine_row(rid).status == "completed"


def test_a_payment_is_capped_at_what_is_owed(book, household, card):
    rid = book.routine(pay(household, card, 500))
    assert book.balance(card) == 0  # never above zero owed
    assert book.balance(household["checking"]) == 100_000 - 31_240
    assert book.runs(rid) == [(START.isoformat(), "transferred", "capped at the $312.40 owed on Visa")]
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.amount, transfer.capped) == ("processed", 31_240, True)
    with Session(book.engine) as s:
        messages = [n.message for n in s.exec(select(Notification).where(Notification.user_id == 1))]
    assert "Pay Visa: moved $312.40 from Checking to Visa (capped at the $312.40 owed on Visa)" in messages


def test_nothing_owed_skips_the_run_and_moves_nothing(book, household):
    paid_up = book.account("Alex", "Visa", "0", "credit-card")
    rid = book.routine(pay(household, paid_up, 50))
    assert book.runs(rid) == [(START.isoformat(), "skipped", "nothing owed on Visa")]
    assert book.transfers(rid) == []  # a skipped run is not a transfer
    assert (book.balance(paid_up), book.balance(household["checking"])) == (0, 100_000)
    # Decision: a one-time payment skipped because nothing is owed has done its job: completed.
    assert book.routine_row(rid).status == "completed"


def test_a_card_in_credit_is_not_paid_further(book, household):
    overpaid = book.account("Alex", "Visa", "-10", "credit-card")
    book.txn(overpaid, "25", description="Refund")  # the card now holds $15.00 in the person's favour
    rid = book.routine(pay(household, overpaid, 5, start_date="2026-11-23"))
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    assert book.runs(rid) == [("2026-11-23", "skipped", "nothing owed on Visa")]
    assert book.balance(overpaid) == 1_500


@pytest.mark.parametrize("limit, asked, moved, reason", [
    ("100", 500, 10_000, "capped at the transfer limit"),  # the limit is tighter than the $312.40 owed
    ("400", 500, 31_240, "capped at the $312.40 owed on Visa"),  # what is owed is tighter than the limit
    ("312.40", 500, 31_240, "capped at the $312.40 owed on Visa"),  # equal: the card is paid off, say so
    ("400", "312.40", 31_240, ""),  # exactly what is owed: not capped
])
def test_the_tighter_of_the_transfer_limit_and_what_is_owed(book, limit, asked, moved, reason):
    book.user("Alex", limit=limit)
    checking = book.account("Alex", "Checking", "1000")
    visa = book.account("Alex", "Visa", "-312.40", "credit-card")
    rid = book.routine({"type": "one-time", "name": "Pay", "source_id": checking, "destination_id": visa,
                        "amount": asked})
    [transfer] = book.transfers(rid)
    assert (transfer.amount, transfer.capped) == (moved, bool(reason))
    assert book.runs(rid) == [(START.isoformat(), "transferred", reason)]
    assert book.balance(visa) == moved - 31_240


def test_a_payment_the_source_cannot_cover_fails_whole(book):
    book.user("Alex")
    checking = book.account("Alex", "Checking", "50")
    visa = book.account("Alex", "Visa", "-80", "credit-card")
    rid = book.routine({"type": "one-time", "name": "Pay", "source_id": checking, "destination_id": visa,
                        "amount": 500})
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.amount, transfer.reason) == ("failed", 8_000, "insufficient funds")
    assert (book.balance(checking), book.balance(visa)) == (5_000, -8_000)


def test_a_frozen_card_fails_the_payment(book, household, card):
    rid = book.routine(pay(household, card, 20, start_date="2026-11-23"))
    book.do(lambda s, c: ledger.change_account_status(s, c, card, "freeze"))
    book.go_to(dt.date(2026, 11, 23))
    book.process()
    assert book.runs(rid) == [("2026-11-23", "failed", "destination account Visa is frozen")]
    assert book.balance(card) == -31_240


def test_monthly_payments_caught_up_pay_what_is_owed_then_skip(book, household, card):
    rid = book.routine({"type": "recurring", "name": "Pay Visa", "source_id": household["checking"],
                        "destination_id": card, "amount": 200, "start_date": "2026-11-25", "frequency": "monthly"})
    book.go_to(dt.date(2027, 2, 26))  # four monthly dates missed while the app was closed
    book.process()
    assert book.runs(rid) == [
        ("2026-11-25", "transferred", ""),
        ("2026-12-25", "transferred", "capped at the $112.40 owed on Visa"),
        ("2027-01-25", "skipped", "nothing owed on Visa"),
        ("2027-02-25", "skipped", "nothing owed on Visa"),
    ]
    assert [t.amount for t in book.transfers(rid)] == [20_000, 11_240]
    assert book.balance(card) == 0
    assert book.routine_row(rid).status == "active"
    book.txn(card, "-45.10", description="Groceries")  # new spending is paid at the next date
    book.go_to(dt.date(2027, 3, 25))
    book.process()
    assert book.runs(rid)[-1] == ("2027-03-25", "transferred", "capped at the $45.10 owed on Visa")
    assert book.balance(card) == 0


def test_send_to_someone_pays_their_card(book, household):
    sams_card = book.account("Sam", "Sam's Visa", "-80", "credit-card")
    rid = book.routine({"type": "one-time", "name": "Cover Sam", "source_id": household["checking"],
                        "destination_id": sams_card, "destination_user_id": household["sam"], "amount": 100})
    assert book.balance(sams_card) == 0
    assert book.runs(rid) == [(START.isoformat(), "transferred", "capped at the $80.00 owed on Sam's Visa")]
    with Session(book.engine) as s:
        told = [n.message for n in s.exec(select(Notification).where(Notification.user_id == household["sam"]))]
    assert "Alex sent you $80.00 into Sam's Visa" in told


def test_the_kinds_that_pay_a_card():
    assert [k.key for k in ALL_KINDS if k.pays_card] == ["quick", "one-time", "recurring", "p2p"]


@pytest.mark.parametrize("fields", [
    {"type": "sweep", "min_balance": 100, "start_date": "2026-11-23", "frequency": "weekly"},
    {"type": "percentage-based", "percent_of_transaction": 10, "minimum_transaction_threshold": 1,
     "start_date": "2026-11-23"},
    {"type": "percentage-balance", "percent_of_balance": 10, "start_date": "2026-11-23", "frequency": "weekly"},
    {"type": "refill", "amount": 10, "threshold": 50, "start_date": "2026-11-23"},
    {"type": "round-up", "spending_id": 1, "start_date": "2026-11-23"},
    {"type": "fifty-two-week", "amount_start": 1, "amount_increment": 1, "start_date": "2026-11-23"},
], ids=lambda f: f["type"])
def test_other_kinds_still_refuse_a_card_destination(book, household, card, fields):
    with pytest.raises(AstraError, match=r"destination_id: Visa \(account 4\) is a credit card; a .* cannot pay a card "
                                         r"\(a quick transfer, one-time transfer, recurring transfer or send to "
                                         r"someone can\)"):
        book.routine({"name": "x", "source_id": household["checking"], "destination_id": card} | fields)


def test_a_card_is_never_a_source(book, household, card):
    with pytest.raises(AstraError, match="source_id: Visa \\(account 4\\) is a credit card; money never moves out of a "
                                         "credit card"):
        book.routine({"type": "one-time", "name": "x", "source_id": card, "destination_id": household["savings"],
                      "amount": 1})


def test_a_queued_transfer_into_a_card_that_owes_nothing_is_called_off(book, household):
    """No kind that queues transfers pays a card today; the queued path still applies the same rule."""
    rid = book.routine({"type": "percentage-based", "name": "Tenth", "source_id": household["checking"],
                        "destination_id": household["savings"], "percent_of_transaction": 10,
                        "minimum_transaction_threshold": 1, "start_date": "2026-11-22"})
    book.txn(household["checking"], "100")
    with sqlite3.connect(book.engine.url.database) as conn:  # as if the account were a card with nothing owed
        conn.execute("UPDATE accounts SET kind = 'credit-card' WHERE id = ?", (household["savings"],))
    book.go_to(dt.date(2026, 11, 23))
    summary = book.process()
    assert book.runs(rid) == [("2026-11-23", "skipped", "nothing owed on Savings")]
    [transfer] = book.transfers(rid)
    assert (transfer.status, transfer.reason) == ("cancelled", "nothing owed on Savings")
    assert (summary.processed, summary.skipped, summary.cancelled) == (0, 1, 0)
    assert book.balance(household["checking"]) == 110_000


@pytest.mark.broken_ledger
def test_check_names_a_payment_that_took_a_card_above_zero(book, household, card):
    book.routine(pay(household, card, "312.40"))
    assert ledger_violations(book.engine) == []
    with sqlite3.connect(book.engine.url.database) as conn:  # history rewritten: only $300.00 was ever owed
        conn.execute("UPDATE transactions SET amount = -30000 WHERE account_id = ? AND origin = 'opening'", (card,))
        conn.execute("UPDATE accounts SET balance = 1240 WHERE id = ?", (card,))
    [problem] = ledger_violations(book.engine)
    assert f"a payment took credit card {card} to 1240 cents, above zero owed" in problem


# -- the command line ---------------------------------------------------------------------------

def test_routines_add_pays_a_card_from_the_command_line(tmp_path):
    cli = Cli(tmp_path / "astra.db")
    cli("users", "add", "Alex")
    cli("accounts", "add", "--user", "Alex", "--name", "Checking", "--opening-balance", "1,000")
    cli("accounts", "add", "--user", "Alex", "--name", "Visa", "--kind", "credit-card", "--opening-balance", "-120")
    quick = cli.json("routines", "add", "--user", "Alex", "--body", json.dumps(
        {"type": "one-time", "name": "Pay Visa", "source_id": 1, "destination_id": 2, "amount": 200}))
    assert quick["status"] == "completed"
    [transfer] = cli.json("transfers", "list")
    assert (transfer["amount"], transfer["capped"], transfer["reason"]) == ("120.00", True,
                                                                           "capped at the $120.00 owed on Visa")
    assert [a["balance"] for a in cli.json("accounts", "list")] == ["880.00", "0.00"]
    monthly = cli.json("routines", "add", "--user", "Alex", "--body", json.dumps(
        {"type": "recurring", "name": "Monthly Visa", "source_id": 1, "destination_id": 2, "amount": 50,
         "start_date": "2026-11-22", "frequency": "monthly"}))
    shown = cli.json("routines", "show", str(monthly["id"]))
    assert shown["runs"] == [{"due_on": "2026-11-22", "outcome": "skipped", "reason": "nothing owed on Visa",
                              "transfer_id": None}]
    cli.fails("routines", "add", "--user", "Alex", "--body", json.dumps(
        {"type": "sweep", "name": "Sweep", "source_id": 1, "destination_id": 2, "min_balance": 10,
         "start_date": "2026-11-23", "frequency": "weekly"}),
        match="destination_id: Visa (account 2) is a credit card; a sweep cannot pay a card")
    assert cli("check").returncode == 0


# -- the wizard ---------------------------------------------------------------------------------

def test_the_wizard_offers_a_card_as_destination_only_to_the_kinds_that_pay_one(tmp_path):
    app = demo_app(tmp_path / "demo.db")  # Alex has Checking, Savings, Travel card (owing) and Bills
    offered: dict[str, list[str]] = {}

    async def flow(pilot):
        await close_summary(pilot)
        for index, kind in enumerate(ALL_KINDS):
            await keys(pilot, "n", *(["down"] * index), "enter")
            if kind.key == "p2p":  # the demo's Sam has no card: see the next test
                continue
            destination = pilot.app.screen.query_one("#destination", Select)
            offered[kind.key] = [str(label).split(" (")[0] for label, value in destination._options
                                 if value is not Select.NULL]
            await keys(pilot, "escape")
        assert offered["quick"] == ["Savings", "Travel card", "Bills"]  # never the source (Checking)
        for key in ("one-time", "recurring"):
            assert "Travel card" in offered[key]
        for key in ("sweep", "percentage-based", "percentage-balance", "refill", "round-up", "fifty-two-week"):
            assert offered[key] == ["Savings", "Bills"], key

    drive(app, flow)


def test_the_wizard_pays_someone_elses_card(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    with Session(app.engine) as s:
        sams_card = ledger.add_account(s, app.clock, "Sam", "Sam's card", "credit-card", "-40")
        s.commit()
        sams_card_id = sams_card.id
    p2p = [k.key for k in ALL_KINDS].index("p2p")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "n", *(["down"] * p2p), "enter")
        destination = pilot.app.screen.query_one("#destination", Select)
        assert sams_card_id in [value for _, value in destination._options]
        destination.value = sams_card_id
        await keys(pilot, "ctrl+n")
        amount = pilot.app.screen.query_one("#f-amount")
        amount.focus()
        await keys(pilot, *"100")
        await keys(pilot, "ctrl+n")
        assert pilot.app.screen.step == "step-review"
        review = str(pilot.app.screen.query_one("#review-table").get_row_at(0))
        assert "capped at the $40.00 owed on Sam's card" in review
        note = str(pilot.app.screen.query_one("#review-note").render())
        assert "amounts above it are capped" not in note, note  # the card's cap bit, not the transfer limit
        await keys(pilot, "ctrl+n")

    drive(app, flow)
    with Session(app.engine) as s:
        assert s.get(Account, sams_card_id).balance == 0


def test_the_run_now_question_names_the_cap_that_bit(book, household, card):
    from astra_tui.core import routine_changes
    from astra_tui.db.engine import session_driver
    from astra_tui.ui.corrections import run_now_outcome

    rid = book.routine({"type": "recurring", "name": "Pay Visa", "source_id": household["checking"],
                        "destination_id": card, "amount": "500", "start_date": "2026-12-01", "frequency": "monthly"})
    said = book.do(lambda s, c: run_now_outcome(session_driver(s), routine_changes.run_now(s, c, rid), "Checking",
                                                "Visa"))
    assert said == "It would move $312.40 (capped at the $312.40 owed on Visa) from Checking to Visa."
