from decimal import Decimal

import pytest

from astra_tui.core.money import format_money, format_percent, money_json, parse_money, parse_percent, percent_of


@pytest.mark.parametrize(
    "raw, cents",
    [
        (20, 2000), ("20", 2000), (Decimal("20.5"), 2050), ("20.5", 2050), ("20.50", 2050),
        ("1,234.56", 123456), ("$1,234.56", 123456), (" $ 7 ", 700), ("0.01", 1), (".5", 50),
        ("999,999,999.99", 99_999_999_999), ("1,000,000", 100_000_000), (Decimal("-0"), 0), ("-0.00", 0),
    ],
)
def test_parse_money_accepts_the_spec_forms(raw, cents):
    assert parse_money(raw) == cents


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("20.555", "more than two decimals"), (Decimal("0.001"), "more than two decimals"),
        ("", "is empty"), ("   ", "is empty"), ("NaN", "is not an amount"), ("inf", "is not an amount"),
        (Decimal("NaN"), "is not an amount"), ("1e3", "is not an amount"), ("1,23", "is not an amount"),
        ("1,2345.00", "is not an amount"), ("abc", "is not an amount"), ("1000000000", "largest amount"),
        ("-5", "negative"), (True, "true/false"), (None, "written exactly"), ("12..5", "is not an amount"),
        ("$$5", "is not an amount"), ("5 5", "is not an amount"), ("١٢", "is not an amount"),
    ],
)
def test_parse_money_rejects_with_a_reason(raw, problem):
    with pytest.raises(ValueError, match=problem):
        parse_money(raw)


def test_signed_amounts_only_when_allowed():
    assert parse_money("-$12.99", allow_negative=True) == -1299
    assert parse_money("$-12.99", allow_negative=True) == -1299
    assert parse_money("+5", allow_negative=True) == 500


def test_binary_floats_are_refused_outright():
    # JSON numbers arrive as Decimal; a binary float (0.1 + 0.2 = 0.30000000000000004) never becomes money.
    for value in (0.1 + 0.2, 20.5, float("nan")):
        with pytest.raises(ValueError, match="written exactly"):
            parse_money(value)


@pytest.mark.parametrize("raw, bps", [(33, 3300), ("12.5", 1250), ("100", 10000), ("0.01", 1), ("33%", 3300)])
def test_parse_percent_to_basis_points(raw, bps):
    assert parse_percent(raw) == bps


@pytest.mark.parametrize("raw, problem", [("100.01", "more than 100"), ("0", "more than 0"), ("12.345", "decimals"),
                                          ("-5", "more than 0"), (Decimal("Infinity"), "not a percentage")])
def test_parse_percent_rejects(raw, problem):
    with pytest.raises(ValueError, match=problem):
        parse_percent(raw)


def test_percent_of_rounds_half_up_once():
    assert percent_of(10000, 3300) == 3300
    assert percent_of(150, 3300) == 50  # 49.5 → 50
    assert percent_of(149, 3300) == 49  # 49.17 → 49
    assert percent_of(1, 5000) == 1  # 0.5 → 1
    assert percent_of(1, 4999) == 0
    assert percent_of(12345, 10000) == 12345


def test_formatting():
    assert format_money(123456) == "$1,234.56"
    assert format_money(-5) == "-$0.05"
    assert money_json(-123456) == "-1234.56"
    assert money_json(0) == "0.00"
    assert format_percent(3300) == "33 %"
    assert format_percent(1250) == "12.5 %"
    assert format_percent(1205) == "12.05 %"


@pytest.mark.parametrize("raw, problem", [
    ("5%", "'5%' is a percentage; expected an amount of money"), ("-5 %", "is a percentage"),
    ("$5%", "is a percentage"), ("1.000", "1.000 has more than two decimals"), (Decimal("1.000"), "more than two"),
    ("1,000.000", "more than two decimals"), (Decimal("20.500"), "more than two decimals"),
])
def test_money_is_written_as_money(raw, problem):
    with pytest.raises(ValueError, match=problem):
        parse_money(raw, allow_negative=True)


@pytest.mark.parametrize("raw, problem", [
    ("$5", "'\\$5' is an amount of money; expected a percentage"), ("5$", "is an amount of money"),
    ("12.500", "12.500 has more than two decimals"), (Decimal("33.000"), "more than two decimals"),
])
def test_a_percentage_is_written_as_a_percentage(raw, problem):
    with pytest.raises(ValueError, match=problem):
        parse_percent(raw)
