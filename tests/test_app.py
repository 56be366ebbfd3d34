"""The app driven as a person would, asserting on the database afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from astra_tui.core import ledger, routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.check import ledger_violations
from astra_tui.core.kinds import ALL_KINDS, kind_of
from astra_tui.core.service import apply
from astra_tui.db.models import Account, Routine, Transfer, User
from astra_tui.ui.screens.summary import SinceLastRunScreen
from astra_tui.ui.wizard import RoutineWizard
from tests.ui_helpers import DAY, demo_app, drive, keys, settle

FIELD_VALUES = {
    "amount": "12.50", "min_balance": "100", "percent_of_transaction": "10", "minimum_transaction_threshold": "50",
    "percent_of_balance": "5", "threshold": "50", "amount_start": "1", "amount_increment": "2",
}


def routines_of(app, user="Alex"):
    with Session(app.engine) as s:
        uid = s.exec(select(User.id).where(User.name == user)).one()
        return s.exec(select(Routine).where(Routine.user_id == uid).order_by(Routine.id)).all()


async def close_summary(pilot):
    if isinstance(pilot.app.screen, SinceLastRunScreen):
        await keys(pilot, "enter")


async def fill_wizard(pilot, kind_index: int, values: dict[str, str]) -> None:
    await keys(pilot, "n")
    assert isinstance(pilot.app.screen, RoutineWizard)
    await keys(pilot, *(["down"] * kind_index), "enter")  # the kind
    await keys(pilot, "ctrl+n")  # accounts as offered
    wizard = pilot.app.screen
    for name, value in values.items():
        found = wizard.query(f"#f-{name}")
        if found:
            widget = found.first()
            widget.focus()
            widget.value = ""
            await keys(pilot, *value)
    await settle(pilot)
    await keys(pilot, "ctrl+n")  # to the review


@pytest.mark.parametrize("index", range(len(ALL_KINDS)), ids=[k.key for k in ALL_KINDS])
def test_create_every_kind_through_the_wizard(tmp_path, index):
    app = demo_app(tmp_path / "demo.db")
    kind = ALL_KINDS[index]
    before = len(routines_of(app))

    async def flow(pilot):
        await close_summary(pilot)
        await fill_wizard(pilot, index, dict(FIELD_VALUES, name=f"Test {kind.key}"))
        assert pilot.app.screen.step == "step-review", pilot.app.screen.query_one("#wizard-error").render()
        await keys(pilot, "ctrl+n")  # create
        assert not isinstance(pilot.app.screen, RoutineWizard)

    drive(app, flow)
    created = routines_of(app)
    assert len(created) == before + 1
    newest = created[-1]
    assert newest.name == f"Test {kind.key}" and kind_of(newest).key == kind.key
    if kind.key == "quick":
        assert newest.status == "completed"  # it ran at once
    assert ledger_violations(app.engine) == []


def test_wizard_shows_the_cores_error_inline_and_creates_nothing(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    before = len(routines_of(app))

    async def flow(pilot):
        await close_summary(pilot)
        await fill_wizard(pilot, 2, {"amount": "12.345"})  # recurring
        wizard = pilot.app.screen
        assert wizard.step == "step-fields"
        assert "Amount: 12.345 has more than two decimals" in str(wizard.query_one("#wizard-error").render())
        assert wizard.query_one("#f-amount").has_class("-invalid")
        await keys(pilot, "escape")
        assert not isinstance(pilot.app.screen, RoutineWizard)

    drive(app, flow)
    assert len(routines_of(app)) == before


def test_wizard_checks_ledger_rules_before_the_review(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await fill_wizard(pilot, 2, {"amount": "5", "start_date": "2026-11-21"})
        assert "Start date: 2026-11-21 is before today (2026-11-22)" in str(
            pilot.app.screen.query_one("#wizard-error").render())

    drive(app, flow)


def test_pause_activate_and_delete(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    target = routines_of(app)[2]  # Monthly saving, third row

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "2", "down", "down", "space")
        assert routines_of(app)[2].status == "inactive"
        await keys(pilot, "space")
        assert routines_of(app)[2].status == "active"
        await keys(pilot, "x", "y")

    drive(app, flow)
    assert [r.status for r in routines_of(app) if r.id == target.id] == ["deleted"]


def test_a_deposit_triggers_a_percentage_routine(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "d")  # the highlighted account is Checking
        await keys(pilot, *"1000")
        await keys(pilot, "enter")

    drive(app, flow)
    with Session(app.engine) as s:
        pending = s.exec(select(Transfer).where(Transfer.status == "pending").order_by(Transfer.id)).all()
    assert [(t.amount, t.scheduled_for) for t in pending][-1] == (33_000, DAY + dt.timedelta(days=1))


def test_a_purchase_triggers_a_refill(tmp_path):
    app = demo_app(tmp_path / "own.db", demo=False)

    def household(s, c):
        ledger.add_user(s, c, "Alex")
        checking = ledger.add_account(s, c, "Alex", "Checking", "checking", "1000")
        savings = ledger.add_account(s, c, "Alex", "Savings", "savings", "300")
        routines.create_routine(s, c, ledger.find_user(s, "Alex"), parse_body(
            {"type": "refill", "name": "Top up", "source_id": checking.id, "destination_id": savings.id,
             "amount": 100, "threshold": 200, "start_date": DAY.isoformat()}))

    apply(app.engine, app.clock, household)

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "down", "b")  # Savings
        await keys(pilot, *"150")
        await keys(pilot, "enter")

    drive(app, flow)
    with Session(app.engine) as s:
        assert s.get(Account, 2).balance == 25_000  # 300 − 150 + 100


def test_cancel_a_pending_transfer(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "3", "c", "y")  # the newest row is the bonus's pending transfer

    drive(app, flow)
    with Session(app.engine) as s:
        statuses = [t.status for t in s.exec(select(Transfer).where(Transfer.reason == "cancelled by you"))]
    assert statuses == ["cancelled"]


def test_switch_user_and_send_to_someone(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    p2p = [k.key for k in ALL_KINDS].index("p2p")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "5", "down", "s")
        assert pilot.app.user_name == "Sam"
        await keys(pilot, "1")
        await fill_wizard(pilot, p2p, {"amount": "25"})
        await keys(pilot, "ctrl+n")

    drive(app, flow)
    [sent] = routines_of(app, "Sam")
    with Session(app.engine) as s:
        [transfer] = s.exec(select(Transfer).where(Transfer.routine_id == sent.id)).all()
        destination = s.get(Account, transfer.destination_id)
        owner = s.get(User, destination.user_id)
    assert (transfer.status, transfer.amount, owner.name) == ("processed", 2_500, "Alex")


def test_since_last_run_summary_after_time_passes(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def first(pilot):
        await close_summary(pilot)

    drive(app, first)
    app2 = type(app)(app.engine, type(app.clock)(app.clock.instant + dt.timedelta(days=40)))

    async def later(pilot):
        screen = pilot.app.screen
        assert isinstance(screen, SinceLastRunScreen)
        assert screen.since.processed > 0 and screen.since.sentence().startswith("Since last run:")

    drive(app2, later)


def test_history_is_paged_from_the_database(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    apply(app.engine, app.clock, lambda s, c: routines.create_routine(s, c, ledger.find_user(s, "Alex"), parse_body(
        {"type": "recurring", "name": "Daily-ish", "source_id": 1, "destination_id": 2, "amount": 1,
         "start_date": DAY.isoformat(), "frequency": "weekly"})))
    app.clock.advance(days=7 * 120)  # 120 more weekly runs: more than one page

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "3")
        screen = pilot.app.screen
        table = screen.query_one("#history")
        assert table.row_count == 100 and len(screen.rows) == 100
        first_page = [(r.scheduled_for, r.id) for r in screen.rows]
        await keys(pilot, "right_square_bracket")
        second_page = [(r.scheduled_for, r.id) for r in screen.rows]
        assert 0 < table.row_count == len(second_page) <= 100
        assert max(second_page) < min(first_page)  # strictly older: no overlap, no gap in the order
        await keys(pilot, "left_square_bracket")
        assert [(r.scheduled_for, r.id) for r in screen.rows] == first_page

    drive(app, flow)


def test_names_are_shown_as_typed_never_read_as_markup(tmp_path):
    app = demo_app(tmp_path / "markup.db", demo=False)
    apply(app.engine, app.clock, lambda s, c: ledger.add_user(s, c, "Ada"))
    apply(app.engine, app.clock,
          lambda s, c: ledger.add_account(s, c, "Ada", "[bold]Joint[/bold] pot", "checking", "5"))
    seen = {}

    async def flow(pilot):
        table = app.screen.query_one("#accounts")
        seen["cell"] = str(table.get_row_at(0)[0])
        seen["rendered"] = "".join(segment.text for strip in table.render_lines(table.region.reset_offset)
                                   for segment in strip)

    drive(app, flow)
    assert seen["cell"] == "[bold]Joint[/bold] pot"
    assert "[bold]Joint[/bold] pot" in seen["rendered"]
