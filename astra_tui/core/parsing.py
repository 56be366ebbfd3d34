"""How people and scripts write ids and names, checked without pydantic (the read layer and the
command line's arguments use these before any body model is imported)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

MAX_NAME = 100


def parse_id(value: Any) -> int:
    """An id: a positive integer, or a string of digits (Astra ids are strings)."""
    if isinstance(value, bool):
        raise ValueError("expected an id, got true/false")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    elif isinstance(value, Decimal) and value == value.to_integral_value() and value.is_finite():
        number = int(value)
    else:
        raise ValueError(f"{value!r} is not an id")
    if number <= 0 or number > 2**63 - 1:
        raise ValueError(f"{number} is not an id")
    return number


def clean_name(value: Any, *, max_length: int = MAX_NAME) -> str:
    """A display name: trimmed, not empty, at most ``max_length``, no control characters."""
    if not isinstance(value, str):
        raise ValueError("expected text")
    text = value.strip()
    if not text:
        raise ValueError("is empty")
    if len(text) > max_length:
        raise ValueError(f"is {len(text)} characters; at most {max_length} are allowed")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise ValueError("contains a control character")
    return text
