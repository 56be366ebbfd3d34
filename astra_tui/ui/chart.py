"""The forecast's chart: one line per account over the horizon, today at the left, each lowest point marked.

Drawn by Plotext through textual-plotext's figure (Textualize's wrapper of it): a terminal line chart in
braille dots with real axes, and no state shared between charts. Building a chart is pure Python and costs
tens of milliseconds for a year of a big household, so the forecast's worker builds it, at the size the
chart has on screen, beside the forecast; the widget only shows the text it was given (and builds anew on
a resize). Balances are plotted in whole dollars — money stays integer cents everywhere; the chart only
draws it — and the y axis is labelled as money.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plotext._dict import themes as plotext_themes
from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.color import Color
from textual.widget import Widget
from textual_plotext.plot import Plot, _rgbify_theme

from astra_tui.core.forecast import AccountForecast

# As RGB, so a line and its account's name in the table beside it are the same colour in every terminal theme.
COLORS = ((0, 185, 215), (130, 200, 80), (225, 90, 180), (240, 165, 45), (100, 140, 245), (235, 80, 80),
          (200, 200, 200))
LOWEST = "●"
Size = tuple[int, int]


def color_of(index: int) -> tuple[int, int, int]:
    """The colour of the ``index``-th account's line (the table beside the chart names its accounts in it)."""
    return COLORS[index % len(COLORS)]


def style_of(index: int) -> str:
    """The same colour as a Rich style."""
    red, green, blue = color_of(index)
    return f"rgb({red},{green},{blue})"


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


def dollars_label(value: int) -> str:
    return f"-${-value:,}" if value < 0 else f"${value:,}"


def thinned(values: Sequence[int], most: int) -> tuple[list[int], list[int]]:
    """(days, values) of a line with at most about ``most`` points: each stretch of days keeps its lowest and
    its highest, in order, so the shape and every low point survive (a chart has only so many dots)."""
    if len(values) <= most:
        return list(range(len(values))), list(values)
    stretch = -(-len(values) * 2 // most)
    days: list[int] = []
    for start in range(0, len(values), stretch):
        part = values[start:start + stretch]
        low, high = start + part.index(min(part)), start + part.index(max(part))
        days += sorted({low, high})
    return days, [values[d] for d in days]


def chart_text(accounts: Sequence[AccountForecast], width: int, height: int, theme: str = "textual-clear") -> Text:
    """The chart of ``accounts`` for a widget ``width`` by ``height``, as text (any thread may build it), in
    the Plotext ``theme`` (``BalanceChart.theme_name``: the app's colours)."""
    if not accounts or width < 20 or height < 5:
        return Text()
    plt = Plot()
    plt.theme(theme)
    plt.plotsize(width, height)
    plt._set_size(width, height)  # as textual-plotext's own widget does, or the size does not hold
    first, length = accounts[0].first, len(accounts[0].balances)
    every: list[int] = []
    for index, account in enumerate(accounts):
        dollars = [b // 100 for b in account.balances]
        every += dollars
        days, values = thinned(dollars, 4 * width)  # two braille dots a cell across, lows and highs
        plt.plot(days, values, color=color_of(index), marker="braille")  # the table beneath is the legend
    for index, account in enumerate(accounts):  # the lowest points after every line, so none is drawn over
        low = account.balances.index(account.lowest)
        plt.scatter([low], [account.lowest // 100], marker=LOWEST, color=color_of(index))
    low, high = min(every), max(every)
    room = max((high - low) // 20, 1)  # a line at the very top or bottom stays clear of the frame
    plt.ylim(low - room, high + room)
    ticks = money_ticks(low, high)
    plt.yticks(ticks, [dollars_label(t) for t in ticks])  # type: ignore[arg-type]  # (its stubs say float)
    spots = sorted({0, *(length * k // 4 for k in (1, 2, 3)), length - 1})
    shape = "%b %d" if length <= 200 else "%b %Y"  # a year or more: the two ends would read the same day
    plt.xticks(spots, [(first + dt.timedelta(days=s)).strftime(shape) for s in spots])  # type: ignore[arg-type]
    plt.xlim(0, max(length - 1, 1))
    return Text.from_ansi(plt.build())


class BalanceChart(Widget):
    """Projected balances, one line an account, from the first day of the forecast to its last."""

    DEFAULT_CSS = """
    BalanceChart {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(id=id)
        self.accounts: list[AccountForecast] = []
        self.built: tuple[Size, Text] | None = None
        self.last_size: Size = (0, 0)  # read by the worker that builds the chart for this size
        self.theme_name = "textual-clear"  # until mounted: the app's colours then

    def on_mount(self) -> None:
        """A Plotext theme of the app's own colours (canvas and axes on its surface, its text colour), as
        textual-plotext's own widget makes one."""
        name = f"astra-{self.app.theme}"
        if name not in plotext_themes:
            colors = self.app.theme_variables
            surface, text = Color.parse(colors["surface"]).rgb, Color.parse(colors["foreground"]).rgb
            plotext_themes[name] = _rgbify_theme(surface, surface, text, "default", [text])
        self.theme_name = name

    def on_resize(self, event: events.Resize) -> None:
        self.last_size = (event.size.width, event.size.height)

    def show(self, accounts: Sequence[AccountForecast], built: tuple[Size, Text] | None = None) -> None:
        """Draw ``accounts``; ``built`` is their chart made elsewhere for a size (used while the size holds)."""
        self.accounts, self.built = list(accounts), built
        self.refresh()

    def render(self) -> RenderResult:
        size = (self.size.width, self.size.height)
        if self.built is None or self.built[0] != size:
            self.built = (size, chart_text(self.accounts, *size, self.theme_name))
        return self.built[1]
