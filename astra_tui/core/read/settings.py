"""Settings the person chose (kept in the settings table), with their defaults."""

from __future__ import annotations

from astra_tui.core.read.db import Reader, one

WARNING_DAYS = "warning_days"
DEFAULT_WARNING_DAYS = 7


def warning_days(db: Reader) -> int:
    """How many days ahead a run the forecast says would fail is warned about."""
    value = one(db, "SELECT value FROM settings WHERE key = ?", (WARNING_DAYS,))
    return int(value) if value is not None and str(value).isdigit() else DEFAULT_WARNING_DAYS
