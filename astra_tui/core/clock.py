"""The one place that reads the wall clock (SPEC §2).

Everything else receives a ``Clock``. Calendar dates are dates in the app's
timezone (America/Los_Angeles); instants are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

APP_TIMEZONE_NAME = "America/Los_Angeles"


def _load_zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # pragma: no cover - machines without a tz database
        from dateutil import tz  # python-dateutil ships its own copy of the tz data

        zone = tz.gettz(name)
        if zone is None:
            raise
        return zone


APP_TZ = _load_zone(APP_TIMEZONE_NAME)


class Clock:
    """The current instant, in UTC, and today's date in the app's timezone."""

    def now(self) -> dt.datetime:
        raise NotImplementedError

    def today(self) -> dt.date:
        return local_date(self.now())


class SystemClock(Clock):
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@dataclass
class FixedClock(Clock):
    """A frozen instant. Tests and ``--now`` use it; ``advance`` moves it on."""

    instant: dt.datetime

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware instant")
        self.instant = self.instant.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self.instant

    def advance(self, **delta: int) -> None:
        self.instant = self.instant + dt.timedelta(**delta)

    def set_date(self, day: dt.date, hour: int = 12) -> None:
        """Move to ``hour`` o'clock, app time, on ``day``."""
        self.instant = at_local(day, hour)


def local_date(instant: dt.datetime) -> dt.date:
    return instant.astimezone(APP_TZ).date()


def at_local(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """The UTC instant of ``hour:minute`` app time on ``day``."""
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=APP_TZ)
    return local.astimezone(dt.UTC)


def parse_instant(text: str) -> dt.datetime:
    """An ISO 8601 instant; ``Z`` or an offset, or naive = app time. A bare date is midnight."""
    raw = text.strip()
    if not raw:
        raise ValueError("is empty; expected an ISO 8601 date and time")
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            return at_local(day)
        parsed = dt.datetime.fromisoformat(raw.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=APP_TZ)
    return parsed.astimezone(dt.UTC)


def clock_from(text: str | None) -> Clock:
    """``--now`` / ``ASTRA_TUI_NOW`` → a frozen clock; nothing → the system clock."""
    if text is None or text == "":
        return SystemClock()
    return FixedClock(parse_instant(text))


def utc_text(instant: dt.datetime) -> str:
    """How instants are stored: naive UTC text, the format SQLAlchemy uses for SQLite."""
    return instant.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
