"""Small helpers for the words a person reads: counts with the right plural."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 transfer``, ``2 transfers``, ``0 routines``; ``many`` for irregular plurals."""
    word = noun if count == 1 else (many or f"{noun}s")
    return f"{count:,} {word}"
