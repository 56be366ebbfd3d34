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

# The calendar astra-tui keeps (a decision): the clock, start dates and transaction dates all lie
# within it. A date outside is a typo (0026 for 2026), and from any date inside every schedule
# stays computable (a year of weekly runs, the next runs of a monthly one) without leaving
# Python's calendar, which ends on 9999-12-31.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def check_day(day: dt.date, shown: str | None = None) -> dt.date:
    """``day`` if it lies within the calendar astra-tui keeps, else ValueError saying so."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{shown or day.isoformat()} is outside the dates astra-tui keeps, "
                         f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    return day


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
    """The app-time date of an instant; a naive one is UTC, as instants are stored."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
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
            parsed = dt.datetime.combine(dt.date.fromisoformat(raw), dt.time())
        else:
            parsed = dt.datetime.fromisoformat(raw.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=APP_TZ)
    try:
        instant = parsed.astimezone(dt.UTC)
        day = local_date(instant)
    except OverflowError:  # past either end of Python's calendar (year 1, year 9999)
        instant, day = parsed, parsed.date()
    check_day(day, raw)
    return instant


def clock_from(text: str | None) -> Clock:
    """``--now`` / ``ASTRA_TUI_NOW`` → a frozen clock; not given (None) → the system clock.

    Given but empty is an error, not the real clock: the real clock would process for real.
    """
    if text is None:
        return SystemClock()
    return FixedClock(parse_instant(text))


def utc_text(instant: dt.datetime) -> str:
    """How instants are stored: naive UTC text, the format SQLAlchemy uses for SQLite."""
    return instant.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
