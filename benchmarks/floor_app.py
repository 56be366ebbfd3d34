"""The Line-API floor: the least any Textual app pays to put a page of history rows on the screen.

    python -m benchmarks.floor_app

A home screen; ``3`` opens the list screen (Header, the list, a page line, Footer), whose list is a
``ScrollView`` drawing pre-made lines with ``render_line``; ``]`` swaps in the next 100 rows. The rows
have the history's shape (two lines a transfer: date, amount, route, reason; status, routine and kind)
and are all made, as ``Strip``s, before any key is pressed: what is left is Textual's own work from a
key to a painted screen. ``benchmarks.outside`` times it from outside, beside the app.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Header, Static

PAGE = 100
PAGES = 5
ROUTES = ("Checking → Savings", "Bills → Travel", "Emergency → House", "Groceries → Car", "Visa → Store card")
KINDS = ("Recurring transfer", "Sweep", "Percentage of balance", "One-time transfer", "Send to someone")
STATUSES = (("processed", Style(color="green")), ("failed", Style(color="red")), ("pending", Style(color="yellow")))
DIM = Style(dim=True)
WIDTH = 118


def transfer_lines(i: int) -> tuple[Strip, Strip]:
    """Transfer ``i`` of the made-up history, as its two lines."""
    day = f"2026-{11 - i // 300 % 11:02d}-{28 - i // 12 % 28:02d}"
    amount = f"${(i * 37) % 997}.{i % 100:02d}"
    status, style = STATUSES[i % 7 % 3]
    first = f" {day}  {amount:>8}  {ROUTES[i % 5]:<46}  {'insufficient funds' if style.color else ''}"
    second = [Segment(f" {status:<20} ", style), Segment(f"Floor {i} · {KINDS[i % 5]}", DIM)]
    return (Strip([Segment(first.ljust(WIDTH))]).adjust_cell_length(WIDTH),
            Strip(second).adjust_cell_length(WIDTH))


LINES = [[line for i in range(page * PAGE, (page + 1) * PAGE) for line in transfer_lines(i)]
         for page in range(PAGES)]  # every page's lines, made before the app starts


class Rows(ScrollView):
    """A page of pre-made lines, drawn a screen line at a time."""

    DEFAULT_CSS = "Rows { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__(id="rows")
        self.lines: list[Strip] = []

    def show(self, lines: list[Strip]) -> None:
        self.lines = lines
        self.virtual_size = Size(WIDTH, len(lines))
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= len(self.lines):
            return Strip.blank(self.size.width, self.rich_style)
        return self.lines[index].crop_extend(scroll_x, scroll_x + self.size.width, self.rich_style)


class ListScreen(Screen[None]):
    BINDINGS = [Binding("right_square_bracket", "next_page", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Line-API floor list", id="heading")
        yield Rows()
        yield Static("", id="page")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        self.query_one(Rows).show(LINES[self.page % PAGES])
        self.page += 1
        self.query_one("#page", Static).update(f"Page {self.page} of {PAGES} · {PAGE * PAGES} transfers  ·  "
                                               "] next page")

    def action_next_page(self) -> None:
        self.fill()


class HomeScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Line-API floor: 3 opens the list, ] turns its page")
        yield Footer()


class FloorApp(App[None]):
    BINDINGS = [Binding("3", "switch_mode('list')", "List"), Binding("q", "quit", "Quit")]
    MODES = {"home": HomeScreen, "list": ListScreen}
    DEFAULT_MODE = "home"


if __name__ == "__main__":
    FloorApp().run()
