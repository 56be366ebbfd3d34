"""The words the whole program shares (SPEC §3): one ``StrEnum`` per closed set of values.

Statuses, outcomes, kinds of account, origins, frequencies and notification kinds are stored in
SQLite as these strings, parsed by the command line, shown by the UI and compared by the rules.
This module imports nothing of the program, so the data layer, the core, the command line and the
UI may all use it. A member *is* its string (``AccountKind.CHECKING == "checking"``), so rows read
back from SQLite compare equal to members without conversion.
"""

from __future__ import annotations

from enum import StrEnum


class AccountKind(StrEnum):
    CHECKING = "checking"
    SAVINGS = "savings"
    CREDIT_CARD = "credit-card"


class AccountStatus(StrEnum):
    OPEN = "open"
    FROZEN = "frozen"
    CLOSED = "closed"


class Origin(StrEnum):
    """Where a transaction came from."""

    OPENING = "opening"
    MANUAL = "manual"
    IMPORT = "import"
    TRANSFER = "transfer"


class RoutineStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"  # shown to people as "paused"
    COMPLETED = "completed"
    FAILED = "failed"
    DELETED = "deleted"


class Outcome(StrEnum):
    """What one run of a routine did."""

    TRANSFERRED = "transferred"
    FAILED = "failed"
    SKIPPED = "skipped"


class TransferStatus(StrEnum):
    PENDING = "pending"
    PROCESSED = "processed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class NotificationKind(StrEnum):
    """Astra's webhooks, kept as notifications."""

    TRANSFER_CREATED = "transfer_created"
    TRANSFER_UPDATED = "transfer_updated"
    ROUTINE_UPDATED = "routine_updated"
    DEPOSIT_NOTICE = "deposit_notice"
    FORECAST_WARNING = "forecast_warning"  # ours: a run the forecast says would fail soon


class PlannedStatus(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"


class PlannedOutcome(StrEnum):
    """What the person did with one date of a planned item."""

    RECORDED = "recorded"
    DISMISSED = "dismissed"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "bi-weekly"
    MONTHLY = "monthly"
