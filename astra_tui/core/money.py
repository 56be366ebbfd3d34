"""Money is an int of cents; percentages are ints of basis points (SPEC §2).

Decimal is used only here, at the edges, to parse and format. Nothing in this
module (or anywhere money flows) uses binary floating point.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_CENTS = 99_999_999_999  # 999,999,999.99
BPS_PER_WHOLE = 10_000  # 100 % in basis points

_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$")
_PLAIN = re.compile(r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)$")


_MONEY, _PERCENT = "an amount of money", "a percentage"
# The sign each kind of number may be written with, and the one that says it is the other kind.
_UNITS = {_MONEY: ("$", "%"), _PERCENT: ("%", "$")}


def _to_decimal(value: object, what: str) -> Decimal:
    """Turn an accepted input into a finite Decimal, or raise ValueError saying why."""
    if isinstance(value, bool):
        raise ValueError(f"expected {what}, got true/false")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not {what}")
        return value
    if not isinstance(value, str):
        # Binary floating point is refused: JSON is parsed into Decimal, the UI passes text.
        raise ValueError(f"expected {what} written exactly (text, a whole number or a decimal)")
    text = value.strip()
    if not text:
        raise ValueError(f"is empty; expected {what}")
    own, other = _UNITS[what]
    if other in text:
        other_kind = _PERCENT if other == "%" else _MONEY
        raise ValueError(f"{text!r} is {other_kind}; expected {what}")
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:].lstrip()
    if own == "$" and text.startswith("$"):
        text = text[1:].lstrip()
    if own == "%" and text.endswith("%"):
        text = text[:-1].rstrip()
    if text and text[0] in "+-" and not sign:
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if _GROUPED.match(text):
        text = text.replace(",", "")
    elif not _PLAIN.match(text):
        raise ValueError(f"{value.strip()!r} is not {what}")
    try:
        return Decimal(sign + text)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only valid text
        raise ValueError(f"{value.strip()!r} is not {what}") from None


def _hundredths(value: object, what: str) -> int:
    number = _to_decimal(value, what)
    scaled = number * 100
    exponent = number.as_tuple().exponent
    # "1.000" is written with three decimals even though its value has none (SPEC §2).
    if scaled != scaled.to_integral_value() or (isinstance(exponent, int) and exponent < -2):
        raise ValueError(f"{_show(value)} has more than two decimals")
    hundredths = int(scaled)
    return 0 if hundredths == 0 else hundredths  # folds -0 into 0


def _show(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def parse_money(value: object, *, allow_negative: bool = False) -> int:
    """Parse ``20``, ``20.5``, ``"1,234.56"``, ``"$1,234.56"`` into cents.

    Raises ValueError with a message meant to follow the field name.
    """
    cents = _hundredths(value, _MONEY)
    if abs(cents) > MAX_CENTS:
        raise ValueError(f"{_show(value)} is above the largest amount, 999,999,999.99")
    if cents < 0 and not allow_negative:
        raise ValueError(f"{_show(value)} is negative")
    return cents


def parse_percent(value: object) -> int:
    """Parse ``33`` or ``12.5`` (or ``"12.5%"``) into basis points: 3300, 1250."""
    bps = _hundredths(value, _PERCENT)
    if bps <= 0:
        raise ValueError("must be more than 0 %")
    if bps > BPS_PER_WHOLE:
        raise ValueError(f"{_show(value)} % is more than 100 %")
    return bps


def percent_of(cents: int, bps: int) -> int:
    """``bps`` of ``cents``, rounded half-up to the cent once."""
    return (cents * bps + BPS_PER_WHOLE // 2) // BPS_PER_WHOLE


def format_money(cents: int, *, symbol: bool = True, grouped: bool = True) -> str:
    """``123456`` → ``$1,234.56``; ``-5`` → ``-$0.05``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    digits = f"{whole:,}" if grouped else str(whole)
    return f"{sign}{'$' if symbol else ''}{digits}.{part:02d}"


def money_json(cents: int) -> str:
    """The JSON form of money: a plain string with two decimals, ``"1234.56"``."""
    return format_money(cents, symbol=False, grouped=False)


def format_percent(bps: int) -> str:
    """``3300`` → ``33 %``; ``1250`` → ``12.5 %``."""
    whole, part = divmod(bps, 100)
    if part == 0:
        return f"{whole} %"
    return f"{whole}.{part:02d}".rstrip("0") + " %"


def percent_json(bps: int) -> str:
    """The JSON form of a percentage: ``"33.00"``."""
    return money_json(bps)
