"""A newcomer's walk through the installed app (issue 9, "Done means"): what went wrong for them,
each step driven as they did it, read from what the screen says and from the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from astra_tui.core import ledger, routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.service import apply
from astra_tui.db.models import Account, RoutineRun, User
from astra_tui.ui.forms import ConfirmScreen
from tests.test_first_hour import close_summary
from tests.ui_helpers import DAY, demo_app, drive, keys


def own_app(tmp_path: Any, build: Any) -> Any:
    app = demo_app(tmp_path / "own.db", demo=False)
    apply(app.engine, app.clock, build)
    return app


def shown(pilot: Any) -> list[str]:
    return [n.message for n in pilot.app._notifications]


def card_payer(owed: str) -> Any:
    """Sam: Checking $1,000.00 and a Visa owing ``owed``; "Pay the card", $50.00 monthly from next month."""
    def build(s: Session, c: Any) -> None:
        ledger.add_user(s, c, "Sam")
        checking = ledger.add_account(s, c, "Sam", "Checking", "checking", "1000")
        visa = ledger.add_account(s, c, "Sam", "Visa", "credit-card", owed)
        sam = s.exec(select(User).where(User.name == "Sam")).one()
        routines.create_routine(s, c, sam, parse_body({
            "type": "recurring", "name": "Pay the card", "source_id": checking.id, "destination_id": visa.id,
            "amount": "50", "start_date": (DAY + dt.timedelta(days=30)).isoformat(), "frequency": "monthly"}))
    return build


def runs_now(app: Any) -> list[tuple[str, str]]:
    with Session(app.engine) as s:
        return [(r.outcome, r.reason) for r in s.exec(select(RoutineRun).order_by(RoutineRun.id))]


# -- run now of a card payment says what would really happen -----------------------------------

def test_run_now_of_a_card_payment_names_the_cap_as_what_is_owed(tmp_path):
    """It said "(capped at your transfer limit)" when the payment was capped at what the card owed."""
    app = own_app(tmp_path, card_payer("-20"))

    async def flow(pilot: Any) -> None:
        await keys(pilot, "2", "g")
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        assert "It would move $20.00 (capped at the $20.00 owed on Visa) from Checking to Visa" in question.question
        assert "transfer limit" not in question.question
        await keys(pilot, "y")

    drive(app, flow, size=(80, 24))
    assert runs_now(app) == [("transferred", "run now — capped at the $20.00 owed on Visa")]
    with Session(app.engine) as s:
        assert s.exec(select(Account.balance).where(Account.name == "Visa")).one() == 0


def test_run_now_with_nothing_owed_is_refused_at_once_and_records_nothing(tmp_path):
    """It said "It would fail today …; the failure would be recorded", and then recorded a skipped run.
    With nothing to move, run now is refused before any question, and nothing is written."""
    app = own_app(tmp_path, card_payer("0"))

    async def flow(pilot: Any) -> None:
        await keys(pilot, "2", "g")
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert any("has nothing to move now: nothing owed on Visa" in m for m in shown(pilot))

    drive(app, flow, size=(80, 24))
    assert runs_now(app) == []


def test_skipping_a_run_that_would_move_nothing_says_why_not_a_dash(tmp_path):
    """The question read "Skip the next run of Pay the card (2026-12-24, —)?"."""
    app = own_app(tmp_path, card_payer("0"))

    async def flow(pilot: Any) -> None:
        await keys(pilot, "2", "enter", "s")
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen)
        due = DAY + dt.timedelta(days=30)
        assert f"Skip the next run of Pay the card ({due}, nothing owed on Visa)?" in question.question
        assert "—" not in question.question

    drive(app, flow, size=(80, 24))


# -- a refusal names the routine as the person sees it, not by its id alone --------------------

def test_a_routine_that_cannot_change_is_named_in_the_refusal(tmp_path):
    """Pressing e, s or g on a completed quick transfer said "Routine 1 is completed; …"."""
    def build(s: Session, c: Any) -> None:
        ledger.add_user(s, c, "Sam")
        checking = ledger.add_account(s, c, "Sam", "Checking", "checking", "1000")
        visa = ledger.add_account(s, c, "Sam", "Visa", "credit-card", "-300")
        sam = s.exec(select(User).where(User.name == "Sam")).one()
        routines.create_routine(s, c, sam, parse_body({
            "type": "one-time", "name": "Pay the card", "source_id": checking.id, "destination_id": visa.id,
            "amount": "500"}))

    app = own_app(tmp_path, build)

    async def flow(pilot: Any) -> None:
        await close_summary(pilot)  # the quick transfer ran at start
        for key, doing in (("e", "be changed"), ("s", "skip its next run"), ("g", "run now")):
            await keys(pilot, "2", key)
            assert not isinstance(pilot.app.screen, ConfirmScreen)
            said = "Pay the card (routine 1) is completed; only an active"
            assert any(m.startswith(said) and doing in m for m in shown(pilot)), (key, shown(pilot))

    drive(app, flow, size=(80, 24))
