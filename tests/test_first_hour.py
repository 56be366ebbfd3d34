"""A person's first hour in the app (issue 9, sections 2 and 5): no crash, plain words, checks first.

Driven as a person would, asserting on what the screen says and on the database.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from astra_tui.core import ledger, routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.kinds import ALL_KINDS
from astra_tui.core.service import apply
from astra_tui.db.models import Account, Transaction
from astra_tui.ui.app import AstraApp
from astra_tui.ui.forms import ConfirmScreen, FormScreen
from astra_tui.ui.screens.summary import SinceLastRunScreen
from astra_tui.ui.wizard import RoutineWizard
from tests.ui_helpers import DAY, demo_app, drive, keys, settle

KIND_INDEX = {k.key: i for i, k in enumerate(ALL_KINDS)}


def own_app(tmp_path: Any, build: Any = None) -> AstraApp:
    app = demo_app(tmp_path / "own.db", demo=False)
    if build is not None:
        apply(app.engine, app.clock, build)
    return app


async def close_summary(pilot: Any) -> None:
    if isinstance(pilot.app.screen, SinceLastRunScreen):
        await keys(pilot, "enter")


def text_of(screen: Any, selector: str) -> str:
    return " ".join(str(w.render()) for w in screen.query(selector))


def toasts(app: AstraApp) -> list[str]:
    return [n.message for n in app._notifications]


def transactions_of(app: AstraApp, account_id: int) -> list[int]:
    with Session(app.engine) as s:
        return list(s.exec(select(Transaction.amount).where(Transaction.account_id == account_id)
                           .order_by(Transaction.id)))


# -- 2.1: a select box that would be empty says what is missing -----------------------------

async def choose_kind(pilot: Any, key: str) -> RoutineWizard:
    await keys(pilot, "n")
    await keys(pilot, *(["down"] * KIND_INDEX[key]), "enter")
    wizard = pilot.app.screen
    assert isinstance(wizard, RoutineWizard) and wizard.step == "step-accounts"
    return wizard


def empty_choice_case(tmp_path: Any, build: Any, kind: str, sentence: str) -> None:
    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        wizard = await choose_kind(pilot, kind)
        assert sentence in text_of(wizard, "#step-accounts Static")
        await keys(pilot, "ctrl+n")  # Next refuses, saying the same
        assert wizard.step == "step-accounts" and sentence in text_of(wizard, "#wizard-error")
        await keys(pilot, "escape")
        assert not isinstance(pilot.app.screen, RoutineWizard)

    drive(app, flow)


def test_wizard_with_no_account_says_to_open_one(tmp_path):
    empty_choice_case(tmp_path, lambda s, c: ledger.add_user(s, c, "Alex"), "quick",
                      "Open an account first: press o on Accounts")


def test_wizard_with_only_a_credit_card_says_it_cannot_send(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Card", "credit-card", "-20")

    empty_choice_case(tmp_path, build, "recurring", "a credit card cannot send money")


def test_wizard_with_one_account_says_to_open_a_second(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")

    empty_choice_case(tmp_path, build, "quick", "Open a second account first: press o on Accounts")


def test_send_to_someone_alone_in_the_household_says_to_add_a_person(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")

    empty_choice_case(tmp_path, build, "p2p", "Add a person first: press a on Users")


def test_send_to_someone_whose_receiver_has_no_account_says_so(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_user(s, c, "Sam")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")

    empty_choice_case(tmp_path, build, "p2p", "Sam has no open account to receive money")


def test_choosing_a_receiver_without_accounts_shows_why_and_back_again(tmp_path):
    def build(s, c):
        for name in ("Alex", "Sam", "Kim"):
            ledger.add_user(s, c, name)
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")
        ledger.add_account(s, c, "Sam", "Sam's checking", "checking", "0")

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        wizard = await choose_kind(pilot, "p2p")
        wizard.query_one("#person").value = 3  # Kim, who has no account
        await settle(pilot)
        assert "Kim has no open account to receive money" in text_of(wizard, "#step-accounts Static")
        assert not wizard.query("#destination")
        wizard.query_one("#person").value = 2  # Sam again
        await settle(pilot)
        assert wizard.query_one("#destination").value == 2
        await keys(pilot, "ctrl+n")
        assert wizard.step == "step-fields"

    drive(app, flow)


# -- 2.2 and 5: deposits and purchases are positive; checks before the form or the question ---

async def record(pilot: Any, key: str, amount: str) -> None:
    await keys(pilot, key)
    assert isinstance(pilot.app.screen, FormScreen)
    await keys(pilot, *amount)
    await keys(pilot, "enter")


def test_deposit_and_purchase_refuse_zero_and_negatives_naming_the_field(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        for key, amount in (("d", "-5"), ("d", "0"), ("b", "-5"), ("b", "0")):
            await record(pilot, key, amount)
            form = pilot.app.screen
            assert isinstance(form, FormScreen), (key, amount)
            assert "Amount: must be more than $0.00" in text_of(form, "#form-error"), (key, amount)
            assert form.query_one("#field-amount").has_class("-invalid")
            await keys(pilot, "escape")
        await record(pilot, "b", "5")  # a purchase is typed positive and recorded as a debit
        assert not isinstance(pilot.app.screen, FormScreen)

    drive(app, flow)
    assert transactions_of(app, 1) == [10_000, -500]


def test_a_closed_account_refuses_a_deposit_before_the_form_opens(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")
        old = ledger.add_account(s, c, "Alex", "Old pot", "savings", "0")
        ledger.change_account_status(s, c, old.id, "close")

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        await keys(pilot, "down", "d")
        assert not isinstance(pilot.app.screen, FormScreen)
        assert any("Old pot (account 2) is closed" in t for t in toasts(pilot.app))

    drive(app, flow)
    assert transactions_of(app, 2) == []


def test_closing_an_account_with_money_says_why_before_asking(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Rainy day", "savings", "5")

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        await keys(pilot, "c")
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        said = toasts(pilot.app)
        assert any(t.startswith("Rainy day (account 1) has a balance of $5.00") for t in said), said

    drive(app, flow)
    with Session(app.engine) as s:
        assert s.get(Account, 1).status == "open"


def test_form_errors_use_the_forms_labels(tmp_path):
    app = own_app(tmp_path, lambda s, c: ledger.add_user(s, c, "Alex"))

    async def flow(pilot: Any) -> None:
        await keys(pilot, "o")
        form = pilot.app.screen
        await keys(pilot, *"Pot")
        form.query_one("#field-opening_balance").value = "-5"
        await keys(pilot, "enter")
        said = text_of(form, "#form-error")
        assert said.startswith("Opening balance: may be negative only for a credit card"), said
        assert form.query_one("#field-opening_balance").has_class("-invalid")

    drive(app, flow)


# -- 2.7: the title bar follows the first person added ----------------------------------------

def test_title_bar_names_the_first_person_added_from_the_accounts_screen(tmp_path):
    app = own_app(tmp_path)

    async def flow(pilot: Any) -> None:
        assert pilot.app.sub_title == "no one here yet"
        await keys(pilot, "a")
        await keys(pilot, *"Ada")
        await keys(pilot, "enter")
        assert pilot.app.sub_title == "Ada · 0 unread"

    drive(app, flow)


# -- 2.8: inside a modal flow, only its own keys act -----------------------------------------

def test_global_keys_do_not_act_inside_the_wizard(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        await keys(pilot, "n")
        wizard = pilot.app.screen
        assert isinstance(wizard, RoutineWizard)
        for key in ("n", "2", "5", "question_mark", "q"):
            await keys(pilot, key)
            assert pilot.app.screen is wizard, key
            assert pilot.app.current_mode == "accounts" and not pilot.app._exit, key
        assert sum(isinstance(s, RoutineWizard) for s in pilot.app.screen_stack) == 1
        titles = [c.title for c in pilot.app.get_system_commands(wizard)]
        assert "New routine" not in titles and "Go to Routines" not in titles
        assert "Quit" in titles  # the palette still offers a way out
        await keys(pilot, "ctrl+c")  # the reflex to quit: told how, nothing lost
        assert pilot.app.screen is wizard and not pilot.app._exit
        assert "ctrl+q quits from anywhere; escape closes this, then q quits." in toasts(pilot.app)
        await keys(pilot, "escape")
        assert not isinstance(pilot.app.screen, RoutineWizard)

    drive(app, flow)


def test_global_keys_do_not_act_inside_a_form(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        await keys(pilot, "o", "tab")  # from the name to the kind
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        for key in ("n", "3", "q"):
            await keys(pilot, key)
            assert pilot.app.screen is form and pilot.app.current_mode == "accounts", key
        assert "Go to Routines" not in [c.title for c in pilot.app.get_system_commands(form)]

    drive(app, flow)


# -- 2.9: a paused routine has no next runs --------------------------------------------------

def test_a_paused_routines_detail_lists_no_next_runs_and_says_what_activating_does(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    apply(app.engine, app.clock, lambda s, c: routines.pause_routine(s, c, 3))  # Monthly saving

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        await keys(pilot, "2", "down", "down", "enter")
        detail = pilot.app.screen
        about = text_of(detail, "#about")
        assert "Paused. Activating it runs next on 2026-12-22; dates that pass while paused are skipped" in about
        upcoming = detail.query_one("#upcoming")
        cells = [str(c) for row in range(upcoming.row_count) for c in upcoming.get_row_at(row)]
        assert not any(c.startswith(("2026-", "2027-")) for c in cells), cells

    drive(app, flow)


# -- 2.10: each run is reported once -----------------------------------------------------------

def test_runs_told_while_the_app_was_open_are_not_listed_again_after_a_restart(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def first(pilot: Any) -> None:
        await close_summary(pilot)
        pilot.app.clock.advance(days=40)
        await keys(pilot, "f5")  # forty days of runs, told as they happen
        assert not isinstance(pilot.app.screen, SinceLastRunScreen)

    drive(app, first)
    again = AstraApp(app.engine, app.clock)

    async def after_restart(pilot: Any) -> None:
        assert not isinstance(pilot.app.screen, SinceLastRunScreen)

    drive(again, after_restart)


def test_runs_made_in_the_first_session_are_not_listed_at_the_next_start(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")
        ledger.add_account(s, c, "Alex", "Savings", "savings", "0")

    app = own_app(tmp_path, build)

    async def first(pilot: Any) -> None:
        await keys(pilot, "n", "enter", "ctrl+n")  # a quick transfer of $20 from Checking
        pilot.app.screen.query_one("#f-amount").value = "20"
        await keys(pilot, "ctrl+n", "ctrl+n")
        assert not isinstance(pilot.app.screen, RoutineWizard)

    drive(app, first)
    assert transactions_of(app, 2) == [2_000]
    again = AstraApp(app.engine, app.clock)

    async def after_restart(pilot: Any) -> None:
        assert not isinstance(pilot.app.screen, SinceLastRunScreen)

    drive(again, after_restart)


# -- 2.11: words and totals --------------------------------------------------------------------

def test_paging_shows_the_total_and_offers_next_only_when_there_is_a_next_page(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Busy", "checking", "1000")  # the opening balance is one
        for n in range(149):
            ledger.add_transaction(s, c, 1, "-1", DAY, f"Coffee {n}")
        ledger.add_account(s, c, "Alex", "Quiet", "checking", "5")

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        await keys(pilot, "enter")
        activity = pilot.app.screen
        assert text_of(activity, "#page").startswith("Page 1 of 2 · 150 transactions")
        assert "right_square_bracket" in activity.active_bindings
        assert "left_square_bracket" not in activity.active_bindings
        await keys(pilot, "right_square_bracket")
        assert activity.query_one("#activity").row_count == 50
        assert text_of(activity, "#page").startswith("Page 2 of 2 · 150 transactions")
        assert "right_square_bracket" not in activity.active_bindings  # nothing to go to
        await keys(pilot, "right_square_bracket")
        assert activity.query_one("#activity").row_count == 50
        await keys(pilot, "escape", "down", "enter")
        assert text_of(pilot.app.screen, "#page") == "1 transaction"
        assert "right_square_bracket" not in pilot.app.screen.active_bindings

    drive(app, flow)


def test_headings_when_no_one_is_here_yet(tmp_path):
    app = own_app(tmp_path)

    async def flow(pilot: Any) -> None:
        for key in ("2", "3", "4"):
            await keys(pilot, key)
            heading = text_of(pilot.app.screen, "#heading")
            assert " of " not in heading and " of," not in heading, heading
        await keys(pilot, "2")
        assert "0 routines" not in text_of(pilot.app.screen, "#heading")
        assert "Add a person first" in text_of(pilot.app.screen, "#empty")

    drive(app, flow)


def test_the_routines_heading_counts_in_words(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "100")
        ledger.add_account(s, c, "Alex", "Savings", "savings", "0")
        routines.create_routine(s, c, ledger.find_user(s, "Alex"), parse_body(
            {"type": "recurring", "name": "Pot", "source_id": 1, "destination_id": 2, "amount": 1,
             "start_date": "2026-12-01", "frequency": "monthly"}))

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        await keys(pilot, "2")
        assert text_of(pilot.app.screen, "#heading") == "Routines of Alex · 1 routine"

    drive(app, flow)


# -- 5: the review warns before a first run fails -------------------------------------------

def test_the_review_warns_when_the_first_run_would_fail_today(tmp_path):
    def build(s, c):
        ledger.add_user(s, c, "Alex")
        ledger.add_account(s, c, "Alex", "Checking", "checking", "2,186.14")
        ledger.add_account(s, c, "Alex", "Savings", "savings", "0")

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        wizard = await choose_kind(pilot, "recurring")
        await keys(pilot, "ctrl+n")
        wizard.query_one("#f-amount").value = "5000"
        await keys(pilot, "ctrl+n")
        assert wizard.step == "step-review"
        note = text_of(wizard, "#review-note")
        assert "Checking holds $2,186.14; the first run needs $5,000.00 and would fail today" in note, note

    drive(app, flow)


def test_wizard_errors_use_the_wizards_labels(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        wizard = await choose_kind(pilot, "recurring")
        await keys(pilot, "ctrl+n")
        wizard.query_one("#f-amount").value = "5"
        wizard.query_one("#f-start_date").value = "2026-11-21"
        await keys(pilot, "ctrl+n")
        said = text_of(wizard, "#wizard-error")
        assert said.startswith("Start date: 2026-11-21 is before today (2026-11-22)"), said
        assert wizard.query_one("#f-start_date").has_class("-invalid")

    drive(app, flow)


def test_deleting_a_deleted_routine_is_refused_before_the_question(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    apply(app.engine, app.clock, lambda s, c: routines.delete_routine(s, c, 1))  # Pay back lunch

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)
        await keys(pilot, "2", "a", "x")  # deleted ones shown; the first row is the deleted one
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert "Pay back lunch (routine 1) is already deleted" in toasts(pilot.app)

    drive(app, flow)
