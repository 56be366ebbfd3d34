"""The tables of SPEC §3. Money columns are integer cents, percentages basis points.

These are storage models only (``table=True`` skips validation); input is
validated by the plain models in ``astra_tui.core.bodies`` before it gets here.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import Column, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from astra_tui.vocab import (
    AccountKind,
    AccountStatus,
    NotificationKind,
    Origin,
    Outcome,
    PlannedStatus,
    RoutineStatus,
    TransferStatus,
)

# Short names for the shared vocabulary (astra_tui.vocab); each is the enum member itself.
CHECKING, SAVINGS, CREDIT_CARD = AccountKind.CHECKING, AccountKind.SAVINGS, AccountKind.CREDIT_CARD
ACCOUNT_KINDS = tuple(AccountKind)
OPEN, FROZEN, CLOSED = AccountStatus.OPEN, AccountStatus.FROZEN, AccountStatus.CLOSED
ORIGIN_OPENING, ORIGIN_MANUAL, ORIGIN_IMPORT, ORIGIN_TRANSFER = tuple(Origin)
ACTIVE, INACTIVE, COMPLETED, FAILED, DELETED = tuple(RoutineStatus)
TRANSFERRED, SKIPPED = Outcome.TRANSFERRED, Outcome.SKIPPED  # and FAILED
PENDING, PROCESSED, CANCELLED = TransferStatus.PENDING, TransferStatus.PROCESSED, TransferStatus.CANCELLED
TRANSFER_CREATED, TRANSFER_UPDATED, ROUTINE_UPDATED, DEPOSIT_NOTICE, FORECAST_WARNING = tuple(NotificationKind)
PLANNED_ACTIVE, PLANNED_DELETED = tuple(PlannedStatus)

DEFAULT_TRANSFER_LIMIT = 500_000


class _Stored(Protocol):
    id: int | None


def row_id(row: _Stored) -> int:
    """The id of a row that SQLite has numbered (loaded, or added and flushed)."""
    assert row.id is not None, f"{type(row).__name__} has no id before it is flushed"
    return row.id


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(100, collation="NOCASE"), nullable=False, unique=True))
    transfer_limit: int = Field(default=DEFAULT_TRANSFER_LIMIT)
    active: bool = Field(default=True)
    created_at: dt.datetime
    # The newest routine run this user has been told about (the "since last run" summary).
    seen_run_id: int = Field(default=0)


class Account(SQLModel, table=True):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_accounts_user_name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    name: str = Field(sa_column=Column(String(100, collation="NOCASE"), nullable=False))
    kind: str
    status: str = Field(default=OPEN)
    balance: int = Field(default=0)
    created_at: dt.datetime


class Routine(SQLModel, table=True):
    __tablename__ = "routines"
    __table_args__ = (
        Index("ix_routines_user_status", "user_id", "status"),
        Index("ix_routines_status_due", "status", "next_due_on"),
        Index("ix_routines_source_type", "source_id", "type"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id")
    type: str
    name: str
    source_id: int = Field(foreign_key="accounts.id")
    destination_id: int = Field(foreign_key="accounts.id")
    destination_user_id: int | None = Field(default=None, foreign_key="users.id")
    spending_id: int | None = Field(default=None, foreign_key="accounts.id")
    amount: int | None = None
    min_balance: int | None = None
    threshold: int | None = None
    percent_bps: int | None = None
    minimum_transaction_threshold: int | None = None
    amount_start: int | None = None
    amount_increment: int | None = None
    frequency: str | None = None
    start_date: dt.date | None = None
    status: str = Field(default=ACTIVE)
    created_at: dt.datetime
    created_on: dt.date  # the creation date in the app's timezone
    updated_at: dt.datetime
    # Schedule cursor: the next occurrence to process and its 0-based index.
    next_due_on: dt.date | None = None
    next_index: int = Field(default=0)


class Transfer(SQLModel, table=True):
    __tablename__ = "transfers"
    __table_args__ = (
        UniqueConstraint("routine_id", "trigger_transaction_id", name="uq_transfers_trigger"),
        Index("ix_transfers_user_date", "user_id", "scheduled_for", "id"),
        # Only transfers between two people: the "received from someone else" half of a person's history.
        Index("ix_transfers_received", "destination_user_id", "scheduled_for", "id",
              sqlite_where=text("destination_user_id != user_id")),
        Index("ix_transfers_source_date", "source_id", "scheduled_for", "id"),
        Index("ix_transfers_destination_date", "destination_id", "scheduled_for", "id"),
        Index("ix_transfers_routine_date", "routine_id", "scheduled_for", "id"),
        Index("ix_transfers_status_date", "status", "scheduled_for", "id"),
        Index("ix_transfers_date", "scheduled_for", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    routine_id: int = Field(foreign_key="routines.id")
    user_id: int = Field(foreign_key="users.id")  # the sending user
    destination_user_id: int = Field(foreign_key="users.id")
    source_id: int = Field(foreign_key="accounts.id")
    destination_id: int = Field(foreign_key="accounts.id")
    amount: int
    capped: bool = Field(default=False)
    status: str
    scheduled_for: dt.date
    reason: str | None = None
    # For percentage-of-deposit transfers: the deposit that triggered it.
    trigger_transaction_id: int | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class Transaction(SQLModel, table=True):
    __tablename__ = "transactions"
    __table_args__ = (
        Index("ix_transactions_account_date", "account_id", "posted_on", "id"),
        Index("ix_transactions_transfer", "transfer_id"),
        # A deleted transaction's id is never given to a new one: queued and past runs of a
        # percentage-of-deposit routine name their deposit by id (schema 0004).
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="accounts.id")
    posted_on: dt.date
    amount: int
    description: str = ""
    origin: str
    transfer_id: int | None = Field(default=None, foreign_key="transfers.id")
    created_at: dt.datetime


class RoutineRun(SQLModel, table=True):
    """One row per (routine, due date): the audit trail and the idempotency key.

    ``trigger_id`` is 0 for scheduled runs; a percentage-of-deposit routine can
    have several deposits due the same day, so its runs carry the deposit's id.
    """

    __tablename__ = "routine_runs"
    __table_args__ = (
        UniqueConstraint("routine_id", "due_on", "trigger_id", name="uq_runs_routine_due"),
        Index("ix_runs_outcome", "outcome", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    routine_id: int = Field(foreign_key="routines.id")
    due_on: dt.date
    trigger_id: int = Field(default=0)
    outcome: str
    reason: str = ""
    transfer_id: int | None = Field(default=None, foreign_key="transfers.id")
    created_at: dt.datetime


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user", "user_id", "id"),
        Index("ix_notifications_user_unread", "user_id", "read"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id")
    created_at: dt.datetime
    kind: str
    message: str
    read: bool = Field(default=False)
    routine_id: int | None = Field(default=None, foreign_key="routines.id")
    transfer_id: int | None = Field(default=None, foreign_key="transfers.id")


class PlannedItem(SQLModel, table=True):
    """Money a person expects: income (positive) or a bill (negative), once or on a schedule. Never posted
    by itself: each date is recorded (as a manual transaction) or dismissed by the person."""

    __tablename__ = "planned_items"
    __table_args__ = (Index("ix_planned_items_user_status", "user_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id")
    account_id: int = Field(foreign_key="accounts.id")
    description: str
    amount: int
    start_on: dt.date
    frequency: str | None = None  # None: once, on start_on
    end_on: dt.date | None = None  # the last date it may fall on
    status: str = Field(default=PLANNED_ACTIVE)
    created_at: dt.datetime
    updated_at: dt.datetime


class PlannedOccurrence(SQLModel, table=True):
    """One date of a planned item that the person recorded or dismissed (the others are expected)."""

    __tablename__ = "planned_occurrences"
    __table_args__ = (
        UniqueConstraint("planned_id", "due_on", name="uq_planned_occurrences_due"),
        Index("ix_planned_occurrences_transaction", "transaction_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    planned_id: int = Field(foreign_key="planned_items.id")
    due_on: dt.date
    outcome: str
    transaction_id: int | None = Field(default=None, foreign_key="transactions.id")
    created_at: dt.datetime


class Prediction(SQLModel, table=True):
    """A routine run the forecast says would fail soon: one per (routine, date), told once."""

    __tablename__ = "predictions"
    __table_args__ = (
        UniqueConstraint("routine_id", "due_on", name="uq_predictions_routine_due"),
        Index("ix_predictions_user_due", "user_id", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    routine_id: int = Field(foreign_key="routines.id")
    due_on: dt.date
    user_id: int = Field(foreign_key="users.id")
    message: str
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None = None  # it stopped being true (it may come back, untold)


class ImportedRow(SQLModel, table=True):
    """A row of a bank file that was imported into an account, by its key: the file's own transaction id
    (an OFX FITID) or a fingerprint of a CSV row. Kept when its transaction is deleted (what it was is
    copied here), so importing the same or an overlapping file again adds nothing."""

    __tablename__ = "imported_rows"
    __table_args__ = (UniqueConstraint("account_id", "key", name="uq_imported_rows_account_key"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="accounts.id")
    key: str
    transaction_id: int  # no foreign key: the transaction may be deleted, and the row still counts as seen
    posted_on: dt.date
    amount: int
    description: str = ""
    file_name: str = ""
    created_at: dt.datetime


class ImportMapping(SQLModel, table=True):
    """How to read a bank's CSV layout, saved by name (the mapping's fields as JSON) and the header it was
    made for, so a file with the same header is recognised."""

    __tablename__ = "import_mappings"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(100, collation="NOCASE"), nullable=False, unique=True))
    spec: str  # JSON
    header: str = ""  # the columns, joined by a tab, of the file it was saved from ("" when it has none)
    created_at: dt.datetime
    updated_at: dt.datetime


class ImportAccount(SQLModel, table=True):
    """Which account a bank file's account (an OFX file's bank and account id) is imported into."""

    __tablename__ = "import_accounts"

    id: int | None = Field(default=None, primary_key=True)
    file_account: str = Field(sa_column=Column(String, nullable=False, unique=True))
    account_id: int = Field(foreign_key="accounts.id")
    created_at: dt.datetime


class Setting(SQLModel, table=True):
    """Small facts kept between runs of the app, such as who the current person is."""

    __tablename__ = "settings"

    key: str = Field(primary_key=True)
    value: str


metadata = SQLModel.metadata
