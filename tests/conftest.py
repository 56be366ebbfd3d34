"""Shared fixtures: a real SQLite file per test, a frozen clock, and a household builder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from astra_tui.core import ledger, routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.clock import FixedClock, at_local
from astra_tui.core.processor import ProcessSummary, process_due
from astra_tui.core.service import apply, perform
from astra_tui.db.engine import open_database
from astra_tui.db.models import Account, Routine, RoutineRun, Transaction, Transfer

START = dt.date(2026, 11, 22)


class Book:
    """A test's database and clock, with short ways to act as a person would."""

    def __init__(self, engine: Engine, clock: FixedClock) -> None:
        self.engine = engine
        self.clock = clock

    # -- acting -------------------------------------------------------------
    def do(self, action: Any) -> Any:
        result, _ = perform(self.engine, self.clock, action)
        return result

    def user(self, name: str = "Alex", limit: str | None = None) -> int:
        return self.do(lambda s, c: ledger.add_user(s, c, name, limit)).id

    def account(self, user: Any = "Alex", name: str = "Checking", balance: str = "0", kind: str = "checking") -> int:
        return self.do(lambda s, c: ledger.add_account(s, c, user, name, kind, balance)).id

    def txn(self, account_id: int, amount: str, day: dt.date | None = None, description: str = "") -> int:
        return self.do(lambda s, c: ledger.add_transaction(s, c, account_id, amount, day, description)).id

    def routine(self, body: dict[str, Any], user: Any = "Alex") -> int:
        model = parse_body(body)
        return self.do(lambda s, c: routines.create_routines(s, c, user, [model], False))[0].id

    def pause(self, routine_id: int) -> None:
        self.do(lambda s, c: routines.pause_routine(s, c, routine_id))

    def activate(self, routine_id: int) -> None:
        self.do(lambda s, c: routines.activate_routine(s, c, routine_id))

    def delete(self, routine_id: int) -> None:
        self.do(lambda s, c: routines.delete_routine(s, c, routine_id))

    def setup(self, action: Any) -> Any:
        """A change without processing, for arranging a scene."""
        return apply(self.engine, self.clock, action)

    def go_to(self, day: dt.date, hour: int = 12) -> None:
        self.clock.set_date(day, hour)

    def process(self) -> ProcessSummary:
        return process_due(self.engine, self.clock)

    # -- reading ------------------------------------------------------------
    def read(self, read: Any) -> Any:
        """A read of the read layer (``core.read``) on this database, as the app and the command line read."""
        from astra_tui.core.read.db import read_file

        return read_file(str(self.engine.url.database), read)

    def balance(self, account_id: int) -> int:
        with Session(self.engine) as s:
            account = s.get(Account, account_id)
            assert account is not None
            return account.balance

    def runs(self, routine_id: int) -> list[tuple[str, str, str]]:
        with Session(self.engine) as s:
            rows = s.exec(select(RoutineRun).where(RoutineRun.routine_id == routine_id)
                          .order_by(RoutineRun.due_on, RoutineRun.id)).all()
            return [(r.due_on.isoformat(), r.outcome, r.reason) for r in rows]

    def transfers(self, routine_id: int | None = None) -> list[Transfer]:
        with Session(self.engine) as s:
            statement = select(Transfer).order_by(Transfer.id)
            if routine_id is not None:
                statement = statement.where(Transfer.routine_id == routine_id)
            return list(s.exec(statement).all())

    def routine_row(self, routine_id: int) -> Routine:
        with Session(self.engine) as s:
            routine = s.get(Routine, routine_id)
            assert routine is not None
            return routine

    def transactions(self, account_id: int) -> list[Transaction]:
        with Session(self.engine) as s:
            return list(s.exec(select(Transaction).where(Transaction.account_id == account_id)
                               .order_by(Transaction.id)).all())


@pytest.fixture(autouse=True, scope="session")
def steady_text_cursors() -> Any:
    """No text cursor blinks in any test: snapshots and screenshots show the same frame every time."""
    from tests.ui_helpers import steady_cursors

    restore = steady_cursors()
    yield
    restore()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at_local(START, 9))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "astra.db"


@pytest.fixture
def engine(db_path: Path) -> Engine:
    return open_database(db_path)


@pytest.fixture
def book(engine: Engine, clock: FixedClock) -> Book:
    return Book(engine, clock)


@pytest.fixture
def household(book: Book) -> dict[str, int]:
    """Alex with checking ($1,000) and savings ($0); Sam with checking ($100)."""
    book.user("Alex")
    book.user("Sam")
    return {
        "alex": 1,
        "sam": 2,
        "checking": book.account("Alex", "Checking", "1000"),
        "savings": book.account("Alex", "Savings", "0", "savings"),
        "sam_checking": book.account("Sam", "Sam checking", "100"),
    }


LONG = bool(os.environ.get("ASTRA_TUI_LONG"))  # the long mode: many more kills, cases and examples


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "broken_ledger: the test breaks the ledger on purpose; no check after it")


@pytest.fixture(autouse=True)
def ledger_checked_after_each_test(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """After every test, each astra-tui database it left in its folder passes ``astra-tui check``
    (the same invariants, in process): balances equal their transactions, each processed transfer
    has exactly its two transactions, no run twice, no transfer overdrew an account."""
    yield
    if request.node.get_closest_marker("broken_ledger"):
        return
    from astra_tui.core.check import ledger_violations
    from astra_tui.db.engine import HEAD_REVISION, current_revision, make_engine

    for path in sorted(tmp_path.rglob("*.db")):
        try:
            if not path.is_file() or current_revision(path) != HEAD_REVISION:
                continue  # not a database, damaged on purpose, or an old schema kept for a test
        except Exception:
            continue
        checked = make_engine(path)
        try:
            assert ledger_violations(checked) == [], f"{path.name} after {request.node.name}"
        finally:
            checked.dispose()
