"""The forecast's chart: one line per account over the horizon, today at the left, each lowest point marked.

Drawn by textual-plotext (Plotext inside a Textual widget): a terminal line chart that follows the app's
theme, sizes itself to its widget and renders on the UI thread from plain numbers in well under a frame.
Balances are plotted in whole dollars (money stays integer cents everywhere; the chart only draws it), and
the y axis is labelled as money.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual_plotext import PlotextPlot

from astra_tui.core.forecast import AccountForecast

# As RGB, so a line and its account's name in the table beside it are the same colour in every terminal theme.
COLORS = ((0, 185, 215), (130, 200, 80), (225, 90, 180), (240, 165, 45), (100, 140, 245), (235, 80, 80),
          (200, 200, 200))
LOWEST = "●"


def _dollars(cents: int) -> int:
    return cents // 100


def money_ticks(low: int, high: int, count: int = 5) -> list[int]:
    """Round whole-dollar values from ``low`` to ``high`` for the y axis, at most about ``count`` of them, a
    step of 1, 2 or 5 times a power of ten apart."""
    span = max(high - low, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            size = step * factor
            if span <= count * size:
                first = -(-low // size) * size  # the first multiple of the step at or above the lowest value
                return list(range(first, high + 1, size)) or [low]
        step *= 10


def color_of(index: int) -> tuple[int, int, int]:
    """The colour of the ``index``-th account's line (the table beside the chart names its accounts in it)."""
    return COLORS[index % len(COLORS)]


def style_of(index: int) -> str:
    """The same colour as a Rich style."""
    red, green, blue = color_of(index)
    return f"rgb({red},{green},{blue})"


def dollars_label(value: int) -> str:
    return f"-${-value:,}" if value < 0 else f"${value:,}"


class BalanceChart(PlotextPlot):
    """Projected balances, one line an account, from the first day of the forecast to its last."""

    def show(self, accounts: Sequence[AccountForecast]) -> None:
        plt = self.plt
        plt.clear_figure()
        if not accounts:
            self.refresh()
            return
        first, length = accounts[0].first, len(accounts[0].balances)
        days = list(range(length))
        every: list[int] = []
        for index, account in enumerate(accounts):
            color = color_of(index)
            values = [_dollars(b) for b in account.balances]
            every += values
            plt.plot(days, values, color=color, marker="braille")  # the table beneath is the legend
            low = account.balances.index(account.lowest)
            plt.scatter([low], [_dollars(account.lowest)], marker=LOWEST, color=color)
        low, high = min(every), max(every)
        room = max((high - low) // 20, 1)  # a line at the very top or bottom stays clear of the frame
        plt.ylim(low - room, high + room)
        ticks = money_ticks(low, high)
        plt.yticks(ticks, [dollars_label(t) for t in ticks])  # type: ignore[arg-type]  # (its stubs say float)
        spots = sorted({0, *(length * k // 4 for k in (1, 2, 3)), length - 1})
        plt.xticks(spots, [(first + dt.timedelta(days=s)).strftime("%b %d") for s in spots])  # type: ignore[arg-type]
        plt.xlim(0, max(length - 1, 1))
        self.refresh()
