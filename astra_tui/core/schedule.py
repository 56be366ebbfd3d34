"""Due dates of repeating routines (SPEC §4 rule 1).

The n-th date is always computed from the start date, never from the previous
occurrence, so a monthly routine that starts on the 31st clamps to short months
and comes back to the 31st (Jan 31 → Feb 28 → Mar 31 → Apr 30).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from astra_tui.core.clock import check_day
from astra_tui.vocab import Frequency

WEEKLY, BIWEEKLY, MONTHLY = Frequency.WEEKLY, Frequency.BIWEEKLY, Frequency.MONTHLY
FREQUENCIES = tuple(Frequency)

_DAYS: dict[str, int] = {WEEKLY: 7, BIWEEKLY: 14}
_LABELS: dict[str, str] = {WEEKLY: "weekly", BIWEEKLY: "every two weeks", MONTHLY: "monthly"}


def nth_date(start: dt.date, frequency: str, n: int) -> dt.date:
    """The ``n``-th due date (0-based) of a schedule starting on ``start``."""
    if frequency == MONTHLY:
        return start + relativedelta(months=n)  # relativedelta clamps to the month's end
    return start + dt.timedelta(days=_DAYS[frequency] * n)


def last_index_on_or_before(start: dt.date, frequency: str, day: dt.date) -> int:
    """The largest n with ``nth_date(start, frequency, n) <= day`` (−1 if none)."""
    if day < start:
        return -1
    if frequency == MONTHLY:
        n = (day.year - start.year) * 12 + (day.month - start.month)
        while n >= 0 and nth_date(start, frequency, n) > day:
            n -= 1
        return n
    return (day - start).days // _DAYS[frequency]


def parse_date(value: object) -> dt.date:
    """A calendar date written ``YYYY-MM-DD``. Raises ValueError saying why not."""
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return check_day(value)
    if not isinstance(value, str):
        raise ValueError("expected a date written YYYY-MM-DD")
    text = value.strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None
    return check_day(day)


def frequency_label(frequency: str) -> str:
    return _LABELS[frequency]
