"""Correcting what you created, in the app (issue 9 §4): the keys a person presses, the forms and
questions they see, and what the database holds afterwards."""

from __future__ import annotations

from sqlmodel import Session, select

from astra_tui.db.models import (
    Account,
    Notification,
    Routine,
    RoutineRun,
    Transaction,
    Transfer,
    User,
)
from astra_tui.ui.forms import ConfirmScreen, FormScreen
from astra_tui.ui.screens.activity import ActivityScreen
from astra_tui.ui.screens.routine_detail import RoutineDetailScreen
from tests.test_app import close_summary
from tests.ui_helpers import DAY, demo_app, drive, keys, settle

MONTHLY = 2  # "Monthly saving" (recurring, $200.00 monthly from today) is the third routine of the demo


def shown(pilot) -> list[str]:
    """The toasts the app has shown."""
    return [n.message for n in pilot.app._notifications]


def text_of(widget) -> str:
    return str(widget.render())


async def type_into(pilot, field: str, value: str) -> None:
    """Clear a form's field and type ``value`` into it, key by key."""
    widget = pilot.app.screen.query_one(f"#field-{field}")
    widget.focus()
    widget.value = ""
    await keys(pilot, *value)
    await settle(pilot)


def routine(app, name: str) -> Routine:
    with Session(app.engine) as s:
        return s.exec(select(Routine).where(Routine.name == name)).one()


def notices(app, kind: str) -> list[str]:
    with Session(app.engine) as s:
        return [n.message for n in s.exec(select(Notification).where(Notification.kind == kind)
                                          .order_by(Notification.id))]


# -- rename ----------------------------------------------------------------------

def test_rename_a_person_an_account_and_a_routine(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "5", "r")  # Alex, the current person
        form = pilot.app.screen
        assert isinstance(form, FormScreen) and form.query_one("#field-name").value == "Alex"
        await type_into(pilot, "name", "Alexandra")
        await keys(pilot, "enter")
        assert not isinstance(pilot.app.screen, FormScreen)
        assert pilot.app.sub_title.startswith("Alexandra ·")  # the title bar names the person at once

        await keys(pilot, "1", "r")  # Checking, the first account
        assert pilot.app.screen.query_one("#field-name").value == "Checking"
        await type_into(pilot, "name", "Everyday")
        await keys(pilot, "enter")
        table = pilot.app.screen.query_one("#accounts")
        assert str(table.get_row_at(0)[0]) == "Everyday"

        await keys(pilot, "2", *["down"] * MONTHLY, "r")
        assert pilot.app.screen.query_one("#field-name").value == "Monthly saving"
        await type_into(pilot, "name", "Rent pot")
        await keys(pilot, "enter")
        assert "Rent pot" in str(pilot.app.screen.query_one("#routines").get_row_at(MONTHLY)[0])

    drive(app, flow)
    with Session(app.engine) as s:
        assert s.get(User, 1).name == "Alexandra"
        assert s.get(Account, 1).name == "Everyday"
    assert routine(app, "Rent pot").amount == 20_000
    assert "Monthly saving renamed to Rent pot" in notices(app, "routine_updated")


def test_a_refused_rename_says_why_in_the_form_and_changes_nothing(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "r")  # Checking
        await type_into(pilot, "name", "savings")
        await keys(pilot, "enter")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)  # still open, with the core's words
        assert "name: Alex already has an account named 'savings'" in text_of(form.query_one("#form-error"))
        assert form.query_one("#field-name").has_class("-invalid")
        await keys(pilot, "escape")

    drive(app, flow)
    with Session(app.engine) as s:
        assert [a.name for a in s.exec(select(Account).where(Account.user_id == 1).order_by(Account.id))] == [
            "Checking", "Savings", "Travel card", "Bills"]


# -- a routine's type fields ---------------------------------------------------------

def test_edit_a_routine_from_its_detail_prefilled_and_saved(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "2", *["down"] * MONTHLY, "enter")
        assert isinstance(pilot.app.screen, RoutineDetailScreen)
        await keys(pilot, "e")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        values = {name: form.query_one(f"#field-{name}").value for name in ("name", "amount", "start_date",
                                                                             "frequency")}
        assert values == {"name": "Monthly saving", "amount": "200.00", "start_date": DAY.isoformat(),
                          "frequency": "monthly"}
        assert "make a new routine" in text_of(form.query_one(".dialog-note"))
        await type_into(pilot, "amount", "250")
        await keys(pilot, "enter")
        detail = pilot.app.screen
        assert isinstance(detail, RoutineDetailScreen)
        assert "$250.00 monthly" in text_of(detail.query_one("#about"))

    drive(app, flow)
    changed = routine(app, "Monthly saving")
    assert (changed.amount, changed.frequency, changed.start_date) == (25_000, "monthly", DAY)
    assert any(m.startswith("Monthly saving updated — amount $200.00 → $250.00")
               for m in notices(app, "routine_updated"))


def test_a_bad_value_in_the_routine_form_is_named_inline_and_nothing_changes(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "2", *["down"] * MONTHLY, "e")
        await type_into(pilot, "amount", "12.345")
        await keys(pilot, "enter")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert "Amount: 12.345 has more than two decimals" in text_of(form.query_one("#form-error"))
        assert form.query_one("#field-amount").has_class("-invalid")
        await type_into(pilot, "amount", "200")
        await type_into(pilot, "start_date", "2026-11-01")
        await keys(pilot, "enter")
        assert "Start date: 2026-11-01 is before today" in text_of(form.query_one("#form-error"))
        await keys(pilot, "escape")

    drive(app, flow)
    unchanged = routine(app, "Monthly saving")
    assert (unchanged.amount, unchanged.start_date) == (20_000, DAY)


def test_a_routine_that_cannot_change_says_so_before_any_form(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "2", "e")  # "Pay back lunch", a quick transfer that already ran: completed
        assert not isinstance(pilot.app.screen, FormScreen)
        assert any("completed; only an active or paused routine can be changed" in m for m in shown(pilot))

    drive(app, flow)


# -- skip the next run, run now ----------------------------------------------------------

def test_skip_the_next_run_after_a_question_naming_its_date(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    before = routine(app, "Monthly saving")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "2", *["down"] * MONTHLY, "enter", "s")
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        assert f"({before.next_due_on}, $200.00)" in question.question
        await keys(pilot, "y")

    drive(app, flow)
    with Session(app.engine) as s:
        run = s.exec(select(RoutineRun).where(RoutineRun.routine_id == before.id,
                                              RoutineRun.due_on == before.next_due_on)).one()
    assert (run.outcome, run.reason) == ("skipped", "skipped by you")
    assert routine(app, "Monthly saving").next_due_on > before.next_due_on


def test_run_now_says_what_it_would_move_then_moves_it_today(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    before = routine(app, "Monthly saving")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "2", *["down"] * MONTHLY, "g")
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        assert "It would move $200.00 from Checking to Savings" in question.question
        await keys(pilot, "y")

    drive(app, flow)
    with Session(app.engine) as s:
        runs = s.exec(select(RoutineRun).where(RoutineRun.routine_id == before.id, RoutineRun.due_on == DAY)
                      .order_by(RoutineRun.id)).all()
        extra = [r for r in runs if r.reason.startswith("run now")]
        assert [r.outcome for r in extra] == ["transferred"]
        assert s.get(Transfer, extra[0].transfer_id).amount == 20_000
    assert routine(app, "Monthly saving").next_due_on == before.next_due_on  # the schedule did not move


def test_run_now_of_a_kind_that_cannot_is_refused_at_once(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "2", *["down"] * 4, "g")  # "Save a third of pay", percentage of deposit
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert any("has nothing to run now" in m for m in shown(pilot))

    drive(app, flow)


# -- a recorded transaction ------------------------------------------------------------

async def open_activity_at(pilot, description: str) -> ActivityScreen:
    """Open Checking's activity and move the cursor, key by key, to the newest row with ``description``."""
    await keys(pilot, "1", "enter")
    screen = pilot.app.screen
    assert isinstance(screen, ActivityScreen)
    index = next(i for i, row in enumerate(screen.rows) if row.description == description)
    await keys(pilot, *["down"] * index)
    return screen


def bonus(app) -> list[Transaction]:
    with Session(app.engine) as s:
        return list(s.exec(select(Transaction).where(Transaction.description.in_(("Bonus", "Bonus, corrected")))))


def bonus_share(app) -> Transfer:
    """The pending transfer the demo's bonus queued (a third of it, for tomorrow)."""
    with Session(app.engine) as s:
        return s.exec(select(Transfer).where(Transfer.trigger_transaction_id.is_not(None))
                      .order_by(Transfer.id.desc())).first()


def test_edit_a_deposit_and_its_queued_transfer_follows(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    balance = None

    async def flow(pilot):
        nonlocal balance
        await close_summary(pilot)
        with Session(app.engine) as s:
            balance = s.get(Account, 1).balance
        await open_activity_at(pilot, "Bonus")
        await keys(pilot, "e")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        assert [form.query_one(f"#field-{f}").value for f in ("amount", "date", "description")] == [
            "1200.00", DAY.isoformat(), "Bonus"]
        await type_into(pilot, "amount", "900")
        await type_into(pilot, "description", "Bonus, corrected")
        await keys(pilot, "enter")
        activity = pilot.app.screen
        assert isinstance(activity, ActivityScreen)
        assert any(r.description == "Bonus, corrected" and r.amount == 90_000 for r in activity.rows)

    drive(app, flow)
    [txn] = bonus(app)
    assert (txn.amount, txn.description) == (90_000, "Bonus, corrected")
    with Session(app.engine) as s:
        assert s.get(Account, 1).balance == balance - 30_000
    share = bonus_share(app)
    assert (share.status, share.amount) == ("pending", 29_700)  # a third of $900.00, recomputed


def test_delete_a_deposit_after_a_question_saying_what_it_cancels(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await open_activity_at(pilot, "Bonus")
        await keys(pilot, "x")
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        assert "Delete $1,200.00 of 2026-11-22 (Bonus) from Checking?" in question.question
        assert "Save a third of pay: pending transfer of $396.00 cancelled — the deposit it came from was deleted" \
            in question.question
        await keys(pilot, "y")

    drive(app, flow)
    assert bonus(app) == []
    share = bonus_share(app)
    assert (share.status, share.reason) == ("cancelled", "the deposit it came from was deleted")


def test_saying_no_deletes_nothing_and_the_row_stays_highlighted(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await open_activity_at(pilot, "Bonus")
        await keys(pilot, "x", "n")
        assert isinstance(pilot.app.screen, ActivityScreen)
        await keys(pilot, "e", "escape", "x")  # back from the form and the question: still the bonus
        assert "(Bonus) from Checking?" in pilot.app.screen.question
        await keys(pilot, "n")

    drive(app, flow)
    assert len(bonus(app)) == 1 and bonus_share(app).status == "pending"


def test_a_transfer_or_opening_row_cannot_be_edited_and_says_why_at_once(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "1", "enter")
        screen = pilot.app.screen
        made_by_transfer = next(i for i, row in enumerate(screen.rows) if row.origin == "transfer")
        opening = next(i for i, row in enumerate(screen.rows) if row.origin == "opening")
        await keys(pilot, *["down"] * made_by_transfer, "x")
        assert pilot.app.screen is screen  # no question: the answer is known
        assert any("money a routine moved stays moved" in m for m in shown(pilot))
        await keys(pilot, *["down"] * (opening - made_by_transfer), "e")
        assert pilot.app.screen is screen  # no form
        assert any("is the opening balance of Checking and cannot be changed" in m for m in shown(pilot))

    drive(app, flow)

