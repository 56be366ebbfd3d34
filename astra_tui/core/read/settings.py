"""Settings the person chose (kept in the settings table), with their defaults."""

from __future__ import annotations

from astra_tui.core.read.db import Reader, one

WARNING_DAYS = "warning_days"
DEFAULT_WARNING_DAYS = 7


def warning_days(db: Reader) -> int:
    """How many days ahead a run the forecast says would fail is warned about."""
    value = one(db, "SELECT value FROM settings WHERE key = ?", (WARNING_DAYS,))
    return int(value) if value is not None and str(value).isdigit() else DEFAULT_WARNING_DAYS


PREDICTIONS_ON = "predictions_on"  # the day the warnings were last brought up to date (by core.predictions)


def predictions_on(db: Reader) -> str | None:
    """The day (``YYYY-MM-DD``) the predictions were last looked at; the book has not changed since unless
    a change or processing did, and each of those looks at them again."""
    value = one(db, "SELECT value FROM settings WHERE key = ?", (PREDICTIONS_ON,))
    return str(value) if value is not None else None
