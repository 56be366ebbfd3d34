"""A kind is one module: a kind registered here, and nowhere else, is validated, offered by the
wizard, stored, described and processed like the ten that ship (issue 10 §1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

import pytest

from astra_tui.core.bodies import parse_body
from astra_tui.core.errors import AstraError
from astra_tui.core.kinds import ALL_KINDS, BY_KEY, Kind, Ledger, RoutineLike, Skip, kind_of, register
from astra_tui.core.kinds.base import START, BodyField, Form
from astra_tui.core.kinds.values import BodyModel, Day, PositiveMoney
from astra_tui.core.money import format_money
from astra_tui.core.read import routines
from astra_tui.core.read.db import read_file
from astra_tui.core.schedule import WEEKLY, nth_date
from astra_tui.ui.wizard import RoutineWizard
from astra_tui.ui.wizard_choices import kind_fields
from tests.conftest import START as TODAY
from tests.test_app import close_summary, fill_wizard, routines_of
from tests.ui_helpers import demo_app, drive, keys


class TipJarBody(BodyModel):
    type: Literal["tip-jar"]
    amount: PositiveMoney
    start_date: Day


class TipJarKind(Kind):
    """Every week, put a fixed tip in a jar: the whole kind, as an eleventh kind module would hold it."""

    key = "tip-jar"
    body = TipJarBody
    order = 1000  # last in the wizard
    label = "Tip jar"
    explanation = "Every week, put the same small tip into a jar."
    fields = (BodyField("amount", "amount", Form.MONEY, "Tip each week", "2.00"), START)

    def due_date(self, r: RoutineLike, index: int) -> dt.date | None:
        assert r.start_date is not None
        return nth_date(r.start_date, WEEKLY, index)

    def amount(self, r: RoutineLike, due_on: dt.date, index: int, ledger: Ledger) -> int | Skip:
        assert r.amount is not None
        return r.amount

    def summary(self, r: RoutineLike) -> str:
        return f"a tip of {format_money(r.amount or 0)} every week"


@pytest.fixture
def tip_jar() -> Iterator[Kind]:
    kinds, keys_ = list(ALL_KINDS), dict(BY_KEY)
    register(TipJarKind)
    yield BY_KEY["tip-jar"]
    ALL_KINDS[:] = kinds
    BY_KEY.clear()
    BY_KEY.update(keys_)


BODY = {"type": "tip-jar", "name": "Tips", "source_id": 1, "destination_id": 2, "amount": "2",
        "start_date": TODAY.isoformat()}


def test_the_body_union_is_built_from_the_registry(tip_jar):
    model = parse_body(BODY)
    assert isinstance(model, TipJarBody) and model.amount == 200 and kind_of(model) is tip_jar
    with pytest.raises(AstraError, match="amount: is required for a tip-jar routine"):
        parse_body({k: v for k, v in BODY.items() if k != "amount"})
    with pytest.raises(AstraError, match="frequency: is not a field of a tip-jar routine"):
        parse_body(BODY | {"frequency": "weekly"})
    with pytest.raises(AstraError, match="expected one of .*, fifty-two-week, tip-jar$"):
        parse_body(BODY | {"type": "tip"})


def test_without_its_module_the_kind_does_not_exist():
    assert "tip-jar" not in BY_KEY
    with pytest.raises(AstraError, match="'tip-jar' is not a routine type"):
        parse_body(BODY)


def test_the_wizard_asks_for_the_fields_the_kind_declares(tip_jar):
    fields = kind_fields(tip_jar, today="2026-11-22")
    assert [(f.name, f.label, f.value, f.placeholder) for f in fields] == [
        ("amount", "Tip each week", "", "2.00"), ("start_date", "Start date", "2026-11-22", "YYYY-MM-DD")]


def test_the_kind_is_offered_made_stored_and_processed_without_touching_anything_else(tmp_path, tip_jar):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot):
        await close_summary(pilot)
        await keys(pilot, "n")
        offered = [option.id for option in pilot.app.screen.query_one("#step-kind").options]
        assert offered == [k.key for k in ALL_KINDS] and offered[-1] == "tip-jar"
        await keys(pilot, "escape")
        await fill_wizard(pilot, len(ALL_KINDS) - 1, {"name": "Tips", "amount": "2.50"})
        assert pilot.app.screen.step == "step-review", pilot.app.screen.query_one("#wizard-error").render()
        await keys(pilot, "ctrl+n")  # create
        assert not isinstance(pilot.app.screen, RoutineWizard)

    drive(app, flow)
    made = routines_of(app)[-1]
    assert (made.type, made.name, made.amount, kind_of(made)) == ("tip-jar", "Tips", 250, tip_jar)
    row = next(r for r in read_file(app.db_path, lambda db: routines.routines(db, made.user_id)) if r.id == made.id)
    assert (row.kind.key, row.kind_label, row.summary) == ("tip-jar", "Tip jar", "a tip of $2.50 every week")
    assert row.next_run == made.next_due_on.isoformat()


def test_the_processor_runs_it_by_its_own_rules(book, household, tip_jar):
    rid = book.routine(BODY | {"source_id": household["checking"], "destination_id": household["savings"]})
    book.go_to(TODAY + dt.timedelta(days=14))
    book.process()  # the first week ran when it was made (today); two more weeks have come
    assert [due for due, _, _ in book.runs(rid)] == ["2026-11-22", "2026-11-29", "2026-12-06"]
    assert [outcome for _, outcome, _ in book.runs(rid)] == ["transferred"] * 3
    assert book.balance(household["savings"]) == 600
