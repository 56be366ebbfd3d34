import datetime as dt

import pytest

from astra_tui.core.clock import FixedClock, SystemClock, at_local, clock_from, local_date, parse_instant
from astra_tui.core.schedule import last_index_on_or_before, nth_date, parse_date


def test_month_end_clamps_and_comes_back_from_the_start_date():
    start = dt.date(2027, 1, 31)
    dates = [nth_date(start, "monthly", n) for n in range(4)]
    assert dates == [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31), dt.date(2027, 4, 30)]
    assert nth_date(dt.date(2028, 1, 31), "monthly", 1) == dt.date(2028, 2, 29)  # leap year


def test_weekly_and_biweekly_steps():
    start = dt.date(2026, 11, 22)
    assert nth_date(start, "weekly", 3) == dt.date(2026, 12, 13)
    assert nth_date(start, "bi-weekly", 1) == start + dt.timedelta(days=14)
    assert nth_date(start, "bi-weekly", 26) == start + dt.timedelta(days=364)


@pytest.mark.parametrize("frequency", ["weekly", "bi-weekly", "monthly"])
def test_last_index_on_or_before_matches_walking(frequency):
    start = dt.date(2027, 1, 31)
    for offset in range(0, 800, 13):
        day = start + dt.timedelta(days=offset)
        n = last_index_on_or_before(start, frequency, day)
        assert nth_date(start, frequency, n) <= day < nth_date(start, frequency, n + 1)
    assert last_index_on_or_before(start, frequency, start - dt.timedelta(days=1)) == -1


def test_today_is_the_los_angeles_date():
    # 07:59 UTC on Nov 22 is 23:59 on Nov 21 in Los Angeles (PST, UTC−8).
    assert FixedClock(dt.datetime(2026, 11, 22, 7, 59, tzinfo=dt.UTC)).today() == dt.date(2026, 11, 21)
    assert FixedClock(dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)).today() == dt.date(2026, 11, 22)


def test_dst_boundaries():
    # Spring forward 2027-03-14: midnight is 08:00 UTC, the next midnight 07:00 UTC.
    assert at_local(dt.date(2027, 3, 14)) == dt.datetime(2027, 3, 14, 8, tzinfo=dt.UTC)
    assert at_local(dt.date(2027, 3, 15)) == dt.datetime(2027, 3, 15, 7, tzinfo=dt.UTC)
    assert local_date(dt.datetime(2027, 3, 15, 6, 59, tzinfo=dt.UTC)) == dt.date(2027, 3, 14)
    # Fall back 2026-11-01: the 1 o'clock hour happens twice; both are Nov 1.
    assert local_date(dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 1)
    assert local_date(dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 1)
    assert local_date(dt.datetime(2026, 11, 2, 7, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 1)


def test_parse_instant_forms():
    assert parse_instant("2026-11-22T10:00:00Z") == dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
    assert parse_instant("2026-11-22T10:00:00+01:00") == dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
    assert parse_instant("2026-11-22T10:00") == dt.datetime(2026, 11, 22, 18, tzinfo=dt.UTC)  # naive = LA
    assert parse_instant("2026-07-01") == dt.datetime(2026, 7, 1, 7, tzinfo=dt.UTC)  # PDT midnight
    for bad in ("", "yesterday", "2026-13-01T00:00", "2026-11-22T25:00"):
        with pytest.raises(ValueError):
            parse_instant(bad)


def test_clock_from_environment_text():
    assert isinstance(clock_from(None), SystemClock)
    for empty in ("", "  "):  # given but empty is a mistake, not the real clock
        with pytest.raises(ValueError, match="is empty"):
            clock_from(empty)
    assert clock_from("2026-11-22T12:00Z").today() == dt.date(2026, 11, 22)


def test_parse_date_is_strict():
    assert parse_date("2026-02-28") == dt.date(2026, 2, 28)
    for bad in ("2026-02-30", "2026/02/28", "20260228", "2026-2-28", 20260228, "2026-02-28T00:00"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_dates_outside_the_calendar_astra_tui_keeps_are_refused():
    for text in ("9999-12-31T23:00:00-08:00", "0001-01-01T00:00:00+01:00", "0001-01-01", "3000-01-01T08:00:00Z",
                 "1899-12-31T23:59"):
        with pytest.raises(ValueError, match="outside the dates astra-tui keeps"):
            parse_instant(text)
    assert local_date(parse_instant("3000-01-01T07:59:59Z")) == dt.date(2999, 12, 31)  # the zone decides
    for text in ("9999-12-24", "0001-01-01", "3000-01-01", "1899-12-31"):
        with pytest.raises(ValueError, match="outside the dates astra-tui keeps"):
            parse_date(text)
    assert parse_date("2999-12-31") == dt.date(2999, 12, 31)
    assert parse_date("1900-01-01") == dt.date(1900, 1, 1)
