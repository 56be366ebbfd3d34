"""Tables that fit the terminal they are in.

A ``FittedTable`` gives each column its natural width (its widest cell or its label) and
gives the one flexible column (a reason, a message, a note) the width that is left, so
the text a person needs is on screen without scrolling sideways. When the terminal is too
narrow for that, the columns marked as able to shrink give way first, down to their
``least`` width, and their cells wrap onto more lines (or, in a column marked ``elide``,
are cut short with "…"); the flexible column wraps too. A row is as tall as its tallest
cell. A table that takes the free height (``1fr``) is never taller than its rows. On a resize
the rows are laid out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable


@dataclass(frozen=True)
class Col:
    key: str
    label: str | Text
    least: int | None = None  # may shrink to this width when space is short (None: never shrinks)
    flex: bool = False  # takes the width the other columns leave
    elide: bool = False  # when narrower than its cells, cut each line with "…" instead of wrapping


Rows = Sequence[tuple[Sequence[Any], str | None]]  # (cells, row key)


def natural_width(cell: Any) -> int:
    text = cell.plain if isinstance(cell, Text) else "" if cell is None else str(cell)
    return max((cell_len(line) for line in text.split("\n")), default=0)


def fit_widths(cols: Sequence[Col], natural: Sequence[int], room: int) -> list[int]:
    """Content widths for ``cols`` in ``room`` cells (padding already taken off).

    Other columns keep their natural width; the flexible column takes the rest, or, if it is
    not the last column, no more than it needs. Where the rest is less than it needs, the
    shrinkable columns give way, the rightmost first, never below their own ``least``: the
    flexible column holds what a person came to read.
    """
    widths = list(natural)
    flex = next((i for i, c in enumerate(cols) if c.flex), None)
    if flex is None:
        return widths

    def left() -> int:
        return room - (sum(widths) - widths[flex])

    least = cols[flex].least or 0
    want = max(natural[flex], least)
    for i in reversed(range(len(cols))):
        short = want - left()
        if short <= 0:
            break
        floor = cols[i].least
        if i != flex and floor is not None and widths[i] > floor:
            widths[i] -= min(short, widths[i] - floor)
    # The last column runs to the edge (the row's highlight with it); one in the middle takes
    # only what it needs, so the columns after it stay near the text they belong to.
    widths[flex] = max(least, left() if flex == len(cols) - 1 else min(left(), want))
    return widths


def lines_in(cell: Any, natural: int, width: int, elide: bool, console: Any) -> int:
    """How many lines ``cell`` takes in a column ``width`` wide (a cut cell is set to be cut)."""
    text = cell.plain if isinstance(cell, Text) else "" if cell is None else str(cell)
    if natural <= width:
        return text.count("\n") + 1
    if elide and isinstance(cell, Text):
        cell.no_wrap, cell.overflow = True, "ellipsis"  # Rich cuts each line with "…" as it draws it
        return text.count("\n") + 1
    return len((cell if isinstance(cell, Text) else Text(text)).wrap(console, width))


class FittedTable(DataTable[Any]):
    """A DataTable whose column widths and row heights follow its own width. Fill it with ``fill``."""

    def __init__(self, *cols: Col, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cols = cols
        self.filled: list[tuple[Sequence[Any], str | None]] = []
        self.fitted_for = 0  # the width the rows were laid out for
        for col in cols:
            self.add_column(col.label, key=col.key, width=natural_width(col.label))

    def room(self) -> int:
        # The widget's own width once laid out; before that, the terminal's (tables span the screen).
        width = self.size.width or self.app.size.width
        return width - self.styles.scrollbar_size_vertical

    def fill(self, rows: Rows, keep_cursor: bool = False) -> None:
        """Replace the rows: widths from the cells and the room there is, heights from the widths. With
        ``keep_cursor`` the cursor stays on the same line (or the last), as after acting on a row of a list
        that stays: it is then on the row that came after the one gone."""
        cursor = self.cursor_row
        self.filled = list(rows)
        self._lay_out()
        if keep_cursor and self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1), animate=False)

    def _lay_out(self) -> None:
        room = self.room()
        self.fitted_for = room
        naturals = [[natural_width(cell) for cell in cells] for cells, _ in self.filled]
        natural = [natural_width(c.label) for c in self.cols]
        for widths_of_row in naturals:
            natural = [max(a, b) for a, b in zip(natural, widths_of_row)]
        padding = 2 * self.cell_padding * len(self.cols)
        widths = fit_widths(self.cols, natural, room - padding)
        self.clear()
        for column, width in zip(self.ordered_columns, widths):
            column.width, column.auto_width = width, False
        console = self.app.console
        elide = [col.elide for col in self.cols]
        total = self.header_height if self.show_header else 0
        for (cells, key), widths_of_row in zip(self.filled, naturals):
            height = max(lines_in(cell, n, width, cut, console)
                         for cell, n, width, cut in zip(cells, widths_of_row, widths, elide))
            self.add_row(*cells, key=key, height=height)
            total += height
        height_rule = self.styles.height
        if height_rule is not None and height_rule.is_fraction:
            # A short list is only as tall as its rows: what comes after it (the page line, the
            # "nothing here" note) sits right beneath, not at the bottom of an empty box.
            self.styles.max_height = total

    def on_resize(self, event: events.Resize) -> None:
        if self.filled and self.room() != self.fitted_for:
            cursor, scroll = self.cursor_row, self.scroll_y
            self._lay_out()
            self.move_cursor(row=cursor, animate=False)
            self.scroll_y = scroll
