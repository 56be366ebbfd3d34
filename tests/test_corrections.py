"""Correcting what a person created (issue 9 §4): renames, recorded transactions, the current person."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

import pytest
from sqlmodel import Session, select

from astra_tui.core import corrections, ledger, settings
from astra_tui.core.errors import AstraError
from astra_tui.core.read import accounts, people
from astra_tui.db.models import Account, Notification, User
from tests.conftest import START

DAY = dt.timedelta(days=1)


def messages(book, kind: str | None = None) -> list[str]:
    with Session(book.engine) as s:
        statement = select(Notification).order_by(Notification.id)
        if kind:
            statement = statement.where(Notification.kind == kind)
        return [n.message for n in s.exec(statement)]


def refused(book, action, match: str) -> None:
    """The change is refused with a message containing ``match`` (plain text), and nothing is written."""
    before = sqlite3.connect(book.engine.url.database).execute(
        "SELECT (SELECT group_concat(name) FROM users), (SELECT group_concat(name || balance) FROM accounts), "
        "(SELECT group_concat(amount || posted_on || description) FROM transactions), "
        "(SELECT count(*) FROM notifications), (SELECT group_concat(status || amount) FROM transfers)").fetchone()
    with pytest.raises(AstraError, match=re.escape(match)):
        book.do(action)
    after = sqlite3.connect(book.engine.url.database).execute(
        "SELECT (SELECT group_concat(name) FROM users), (SELECT group_concat(name || balance) FROM accounts), "
        "(SELECT group_concat(amount || posted_on || description) FROM transactions), "
        "(SELECT count(*) FROM notifications), (SELECT group_concat(status || amount) FROM transfers)").fetchone()
    assert after == before


def percentage(h, percent="10", minimum="100", start="2026-11-22", **more):
    return {"type": "percentage-based", "name": "Tithe", "source_id": h["checking"], "destination_id": h["savings"],
            "percent_of_transaction": percent, "minimum_transaction_threshold": minimum, "start_date": start} | more


# -- renames -------------------------------------------------------------------------

def test_rename_a_person_with_the_rules_of_a_new_name(book, household):
    book.do(lambda s, c: corrections.rename_user(s, c, "Alex", "  Alexandra "))
    book.do(lambda s, c: corrections.rename_user(s, c, 1, "ALEXANDRA"))  # one's own name in another case
    refused(book, lambda s, c: corrections.rename_user(s, c, "Sam", "alexandra"),
            "name: a user named 'alexandra' already exists")
    refused(book, lambda s, c: corrections.rename_user(s, c, "Sam", "42"), "name: may not be only digits")
    refused(book, lambda s, c: corrections.rename_user(s, c, "Sam", "   "), "name: is empty")
    refused(book, lambda s, c: corrections.rename_user(s, c, "Nobody", "Kim"), "user: no user named")
    with Session(book.engine) as s:
        assert [u.name for u in s.exec(select(User).order_by(User.id))] == ["ALEXANDRA", "Sam"]


def test_names_differing_only_in_case_are_one_name_beyond_ascii_too(book):
    book.user("Élise")
    refused(book, lambda s, c: ledger.add_user(s, c, "élise"), "already exists")
    book.user("Zoë")
    refused(book, lambda s, c: corrections.rename_user(s, c, "Zoë", "ÉLISE"), "already exists")


def test_rename_an_account_unique_among_its_owners_accounts(book, household):
    book.do(lambda s, c: corrections.rename_account(s, c, household["savings"], "Rainy day"))
    refused(book, lambda s, c: corrections.rename_account(s, c, household["savings"], "CHECKING"),
            "name: Alex already has an account named 'CHECKING'")
    book.do(lambda s, c: corrections.rename_account(s, c, household["sam_checking"], "Checking"))  # Sam's own
    with Session(book.engine) as s:
        assert s.get(Account, household["savings"]).name == "Rainy day"
        assert s.get(Account, household["sam_checking"]).name == "Checking"
    book.do(lambda s, c: ledger.change_account_status(s, c, household["savings"], "close"))
    refused(book, lambda s, c: corrections.rename_account(s, c, household["savings"], "Old"),
            "account: Rainy day (account 2) is closed; a closed account is read-only")


def test_rename_a_routine_says_so_in_a_notification(book, household):
    rid = book.routine(percentage(household))
    book.do(lambda s, c: corrections.rename_routine(s, c, rid, "Giving"))
    assert book.routine_row(rid).name == "Giving"
    assert messages(book, "routine_updated")[-1] == "Tithe renamed to Giving"
    refused(book, lambda s, c: corrections.rename_routine(s, c, rid, "x" * 101), "name: is 101 characters")
    book.delete(rid)
    refused(book, lambda s, c: corrections.rename_routine(s, c, rid, "Gone"), "routine: Giving (routine 1) is deleted")


# -- editing and deleting recorded transactions ---------------------------------------

def test_edit_a_deposit_keeps_the_balance_equal_to_its_transactions(book, household):
    tid = book.txn(household["checking"], "50", START, "Pay")
    book.do(lambda s, c: corrections.edit_transaction(s, c, tid, amount="75.25", description="Salary"))
    book.go_to(START + 3 * DAY)
    book.do(lambda s, c: corrections.edit_transaction(s, c, tid, posted_on=(START + DAY).isoformat()))
    txn = next(t for t in book.transactions(household["checking"]) if t.id == tid)
    assert (txn.amount, txn.posted_on, txn.description, txn.origin) == (7525, START + DAY, "Salary", "manual")
    assert book.balance(household["checking"]) == 100_000 + 7525


def test_edit_checks_what_adding_checks(book, household):
    tid = book.txn(household["checking"], "50")
    edit = corrections.edit_transaction
    refused(book, lambda s, c: edit(s, c, tid, amount="0"), "amount: must not be 0.00")
    refused(book, lambda s, c: edit(s, c, tid, posted_on="2026-11-23"), "date: 2026-11-23 is in the future")
    refused(book, lambda s, c: edit(s, c, tid, posted_on="2026-11-21"),
            "date: 2026-11-21 is before Checking (account 1) was opened")
    refused(book, lambda s, c: edit(s, c, tid, posted_on="22/11/2026"), "date:")
    refused(book, lambda s, c: ledger.add_transaction(s, c, household["checking"], "5", "2026-11-21"),
            "date: 2026-11-21 is before Checking (account 1) was opened (2026-11-22)")
    refused(book, lambda s, c: edit(s, c, tid, description="a\x07b"), "description: contains a control character")
    refused(book, lambda s, c: edit(s, c, tid, amount="999,999,999.99"), "amount: would take the balance past")
    refused(book, lambda s, c: edit(s, c, tid), "transaction: nothing to change")
    refused(book, lambda s, c: edit(s, c, 999, amount="1"), "transaction: transaction 999 does not exist")


def test_opening_balances_and_transfers_cannot_be_edited_or_deleted(book, household):
    opening = book.transactions(household["checking"])[0]
    refused(book, lambda s, c: corrections.edit_transaction(s, c, opening.id, amount="5"),
            f"transaction: transaction {opening.id} is the opening balance of Checking and cannot be changed")
    refused(book, lambda s, c: corrections.delete_transaction(s, c, opening.id), "is the opening balance")
    book.routine({"type": "one-time", "name": "Now", "source_id": household["checking"],
                  "destination_id": household["savings"], "amount": "10"})
    moved = next(t for t in book.transactions(household["savings"]) if t.origin == "transfer")
    refused(book, lambda s, c: corrections.delete_transaction(s, c, moved.id),
            f"was made by transfer {moved.transfer_id}; money a routine moved stays moved")
    refused(book, lambda s, c: corrections.edit_transaction(s, c, moved.id, description="x"), "stays moved")


def test_a_closed_account_is_read_only_for_edits_too(book, household):
    tid = book.txn(household["savings"], "20")
    book.txn(household["savings"], "-20")
    book.do(lambda s, c: ledger.change_account_status(s, c, household["savings"], "close"))
    refused(book, lambda s, c: corrections.edit_transaction(s, c, tid, description="x"), "is closed; a closed account")
    refused(book, lambda s, c: corrections.delete_transaction(s, c, tid), "is closed")


def test_a_pending_percentage_transfer_follows_its_corrected_deposit(book, household):
    rid = book.routine(percentage(household))
    tid = book.txn(household["checking"], "500")
    [queued] = book.transfers(rid)
    assert (queued.status, queued.amount, queued.scheduled_for) == ("pending", 5000, START + DAY)
    book.do(lambda s, c: corrections.edit_transaction(s, c, tid, amount="800"))
    [queued] = book.transfers(rid)
    assert (queued.status, queued.amount) == ("pending", 8000)
    assert messages(book, "transfer_updated")[-1] == (
        "Tithe: pending transfer of $50.00 recomputed to $80.00 on 2026-11-23 — its deposit was corrected to $800.00")
    book.do(lambda s, c: corrections.edit_transaction(s, c, tid, amount="99.99"))  # under the $100 minimum
    [queued] = book.transfers(rid)
    assert (queued.status, queued.reason) == (
        "cancelled", "its deposit was corrected to $99.99 on 2026-11-22 and no longer qualifies")
    assert book.runs(rid) == [("2026-11-23", "skipped", queued.reason)]
    book.go_to(START + 2 * DAY)
    book.process()
    assert book.balance(household["savings"]) == 0


def test_a_deleted_deposit_cancels_its_pending_transfer_and_a_processed_one_stays(book, household):
    rid = book.routine(percentage(household))
    early = book.txn(household["checking"], "200")
    book.go_to(START + 2 * DAY)  # the first deposit's transfer runs
    late = book.txn(household["checking"], "300")
    book.do(lambda s, c: corrections.delete_transaction(s, c, late))
    book.do(lambda s, c: corrections.edit_transaction(s, c, early, description="Refund"))
    statuses = [(t.amount, t.status, t.reason) for t in book.transfers(rid)]
    assert statuses == [(2000, "processed", None), (3000, "cancelled", "the deposit it came from was deleted")]
    assert book.balance(household["checking"]) == 100_000 + 20_000 - 2000
    assert late not in [t.id for t in book.transactions(household["checking"])]


def test_a_deposit_corrected_above_the_minimum_queues_its_transfer(book, household):
    rid = book.routine(percentage(household))
    tid = book.txn(household["checking"], "50")
    assert book.transfers(rid) == []
    book.do(lambda s, c: corrections.edit_transaction(s, c, tid, amount="150"))
    [queued] = book.transfers(rid)
    assert (queued.amount, queued.status, queued.trigger_transaction_id) == (1500, "pending", tid)
    assert "deposit of $150.00 into Checking; $15.00 will move" in messages(book, "deposit_notice")[-1]


def test_a_deleted_deposits_id_is_never_given_to_the_next_deposit(book, household):
    """Deleting a mistyped deposit and typing it again: the new one must not take the old one's id,
    which its cancelled transfer and run still name."""
    rid = book.routine(percentage(household))
    wrong = book.txn(household["checking"], "500")
    book.do(lambda s, c: corrections.delete_transaction(s, c, wrong))
    right = book.txn(household["checking"], "400")
    assert right > wrong
    book.go_to(START + 2 * DAY)
    book.process()
    assert [(t.trigger_transaction_id, t.amount, t.status) for t in book.transfers(rid)] == [
        (wrong, 5000, "cancelled"), (right, 4000, "processed")]


def test_an_edit_that_would_make_a_past_transfer_overdraw_is_refused(book, household):
    tid = book.txn(household["savings"], "300", START, "Gift")
    book.routine({"type": "one-time", "name": "Back", "source_id": household["savings"],
                  "destination_id": household["checking"], "amount": "250"})
    refused(book, lambda s, c: corrections.edit_transaction(s, c, tid, amount="200"),
            "amount: Savings paid transfer 1 of $250.00 on 2026-11-22 with this money")
    refused(book, lambda s, c: corrections.delete_transaction(s, c, tid), "transaction: Savings paid transfer 1")
    book.do(lambda s, c: corrections.edit_transaction(s, c, tid, amount="250"))  # still covers it
    assert book.balance(household["savings"]) == 0


def test_an_edit_that_would_make_a_past_card_payment_overpay_is_refused(book, household):
    card = book.account("Alex", "Visa", "0", "credit-card")
    charge = book.txn(card, "-120", START, "Groceries")
    book.routine({"type": "one-time", "name": "Pay Visa", "source_id": household["checking"],
                  "destination_id": card, "amount": "120"})
    assert book.balance(card) == 0
    refused(book, lambda s, c: corrections.edit_transaction(s, c, charge, amount="-20"),
            "amount: transfer 1 paid $120.00 on Visa on 2026-11-22; without this charge that payment would have "
            "paid more than was owed")
    refused(book, lambda s, c: corrections.delete_transaction(s, c, charge), "transaction: transfer 1 paid $120.00")
    book.do(lambda s, c: corrections.edit_transaction(s, c, charge, amount="-150"))  # owes more: still sound
    assert book.balance(card) == -3000


def test_round_up_weeks_already_run_stay_as_they_were(book, household):
    rid = book.routine({"type": "round-up", "name": "Change", "source_id": household["checking"],
                        "destination_id": household["savings"], "spending_id": household["checking"],
                        "start_date": "2026-11-29"})
    purchase = book.txn(household["checking"], "-2.48")
    other = book.txn(household["checking"], "-9.10")
    book.go_to(dt.date(2026, 11, 29))
    book.process()
    book.do(lambda s, c: corrections.edit_transaction(s, c, purchase, amount="-2.99"))
    book.do(lambda s, c: corrections.delete_transaction(s, c, other))
    assert [t.amount for t in book.transfers(rid)] == [52 + 90]
    assert book.balance(household["savings"]) == 142


# -- the current person, remembered --------------------------------------------------

def test_the_current_person_is_remembered(book, household, db_path):
    # Nobody chosen yet: the first person.
    assert book.read(lambda db: accounts.accounts_view(db, None, book.clock.today())).user.name == "Alex"
    book.setup(lambda s, c: settings.remember_current_user(s, c, household["sam"]))
    assert book.read(lambda db: accounts.accounts_view(db, None, book.clock.today())).user.name == "Sam"
    assert book.read(people.remembered_user_id) == household["sam"]
    assert book.read(people.current_user_id) == household["sam"]
    with pytest.raises(AstraError, match="user 9 does not exist"):
        book.setup(lambda s, c: settings.remember_current_user(s, c, 9))


def test_a_remembered_person_who_is_gone_falls_back_to_the_first(book, household, db_path):
    book.setup(lambda s, c: settings.remember_current_user(s, c, household["sam"]))
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE settings SET value = '77'")
    assert book.read(lambda db: accounts.accounts_view(db, None, book.clock.today())).user.name == "Alex"
    assert book.read(people.remembered_user_id) is None
    assert book.read(people.current_user_id) == household["alex"]


def test_a_new_description_leaves_a_queued_transfer_alone(book, household):
    rid = book.routine(percentage(household))
    tid = book.txn(household["checking"], "500")
    before = [(t.amount, t.scheduled_for, t.updated_at) for t in book.transfers(rid)]
    book.do(lambda s, c: corrections.edit_transaction(s, c, tid, description="Bonus"))
    assert [(t.amount, t.scheduled_for, t.updated_at) for t in book.transfers(rid)] == before
    assert [t.status for t in book.transfers(rid)] == ["pending"]
