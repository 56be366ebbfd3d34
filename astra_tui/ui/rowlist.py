"""A list that draws only the lines on screen: the long lists (history, activity, notifications, runs).

``RowList`` is built on Textual's Line API (a ``ScrollView`` whose ``render_line`` draws one line
at a time). It holds a window of rows — a page read with keyset paging — never the book, and
fitting, drawing and a page swap cost what the visible lines cost: a DataTable lays out and renders
every cell of every row it is given, at every ``clear`` and ``add_row``.

It fits its columns as ``FittedTable`` does (``ui.fit``: natural widths, one flexible column that
gets what is left, shrinkable columns giving way first, cut or wrapped cells), so the reason column
stays readable at 80 columns. A row is as tall as its tallest cell. The header stays put while the
rows scroll. The cursor moves with the arrows, Page Up/Down, Home/End and the mouse; Enter says
``Selected``. Its look comes from the stylesheet through component classes, as a DataTable's does:
``rowlist--header``, ``rowlist--cursor`` (stronger while focused) and ``rowlist--even-row``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from astra_tui.ui.fit import Col, Rows, fit_widths, natural_width

PADDING = 1  # cells of padding either side of a cell, as a DataTable's


def _as_text(cell: Any) -> Text:
    return cell if isinstance(cell, Text) else Text("" if cell is None else str(cell))


def cell_lines(cell: Any, natural: int, width: int, elide: bool, console: Console) -> list[Text]:
    """The lines a cell takes in a column ``width`` wide, each exactly ``width`` cells."""
    text = _as_text(cell)
    justify = text.justify if text.justify in ("left", "center", "right") else "left"
    if natural <= width:
        lines = list(text.split("\n", allow_blank=True)) if "\n" in text.plain else [text.copy()]
    elif elide:
        lines = list(text.split("\n", allow_blank=True))
        for line in lines:
            line.truncate(width, overflow="ellipsis")
    else:
        lines = list(text.wrap(console, width, justify=justify))
    for line in lines:
        line.align(justify, width)
    return lines or [Text(" " * width)]


class RowList(ScrollView, can_focus=True):
    """Rows of cells under a header, drawn a line at a time. Fill it with ``fill``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowlist--header", "rowlist--cursor", "rowlist--even-row"}

    DEFAULT_CSS = """
    RowList {
        background: $surface;
        color: $foreground;
        height: 1fr;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .rowlist--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .rowlist--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .rowlist--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .rowlist--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .rowlist--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .rowlist--even-row {
            background: $surface-darken-1 40%;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False, init=False)

    class Highlighted(Message):
        def __init__(self, row_list: RowList, row: int) -> None:
            super().__init__()
            self.row_list, self.row = row_list, row

        @property
        def control(self) -> RowList:
            return self.row_list

    class Selected(Highlighted):
        pass

    def __init__(self, *cols: Col, zebra_stripes: bool = True, show_cursor: bool = True,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cols = cols
        self.zebra_stripes = zebra_stripes
        self.show_cursor = show_cursor
        self.filled: list[tuple[Sequence[Any], str | None]] = []
        self.widths: list[int] = [natural_width(c.label) for c in cols]
        self.fitted_for = 0  # the room the rows were laid out for
        self._naturals: list[list[int]] = []
        self._heights: list[int] = []
        self._starts: list[int] = []  # the first line of each row, counted from the first row
        self._lines = 0
        self._cache: dict[tuple[int, int], Strip] = {}  # (row, line in row) → drawn line
        self._header: Strip | None = None

    # -- what the screens ask -----------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.filled)

    def get_row_at(self, row: int) -> Sequence[Any]:
        return self.filled[row][0]

    def row_key(self, row: int) -> str | None:
        return self.filled[row][1]

    def fill(self, rows: Rows, keep_cursor: bool = False) -> None:
        """Replace the rows. The cursor goes to the top; with ``keep_cursor`` (the same list read again) it stays
        on the row it was on, found by its key (rows added above it move it down), or else on the same line
        (or the last), as after acting on a row of a list that stays, and the view does not move."""
        cursor, scroll = self.cursor_row, self.scroll_y
        key = self.filled[cursor][1] if keep_cursor and 0 <= cursor < len(self.filled) else None
        self.filled = list(rows)
        self._naturals = [[natural_width(cell) for cell in cells] for cells, _ in self.filled]
        self._lay_out()
        if not keep_cursor:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.move_cursor(0)
            return
        same = next((i for i, (_, k) in enumerate(self.filled) if key is not None and k == key), None)
        self.scroll_to(y=min(scroll, max(0, self._lines + 1 - self.scrollable_content_region.height)),
                       animate=False, immediate=True)
        self.move_cursor(same if same is not None else min(cursor, self.row_count - 1))

    def move_cursor(self, row: int, animate: bool = False) -> None:
        self.cursor_row = max(0, min(row, self.row_count - 1))

    # -- layout ---------------------------------------------------------------------------------

    def room(self) -> int:
        # The widget's own width once laid out (the scrollbar's gutter is kept, so it never changes
        # when a page scrolls); before that, the terminal's (the lists span the screen).
        if self.size.width:
            return self.scrollable_content_region.width
        return self.app.size.width - self.styles.scrollbar_size_vertical

    def _lay_out(self) -> None:
        room = self.room()
        self.fitted_for = room
        natural = [natural_width(c.label) for c in self.cols]
        for widths_of_row in self._naturals:
            natural = [max(a, b) for a, b in zip(natural, widths_of_row)]
        self.widths = fit_widths(self.cols, natural, room - 2 * PADDING * len(self.cols))
        console = self.app.console
        heights = []
        for (cells, _), widths_of_row in zip(self.filled, self._naturals):
            height = 1
            for cell, n, width, col in zip(cells, widths_of_row, self.widths, self.cols):
                if n > width and not col.elide:
                    height = max(height, len(_as_text(cell).wrap(console, width)))
                elif isinstance(cell, (Text, str)):
                    height = max(height, _as_text(cell).plain.count("\n") + 1)
            heights.append(height)
        self._heights = heights
        self._starts, line = [], 0
        for height in heights:
            self._starts.append(line)
            line += height
        self._lines = line
        self._cache.clear()
        self._header = None
        self.virtual_size = Size(room, line + 1)
        if self.styles.height is not None and self.styles.height.is_fraction:
            # A short list is only as tall as its rows: what comes after it (the page line, the
            # "nothing here" note) sits right beneath, not at the bottom of an empty box.
            self.styles.max_height = line + 1
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._header = None
        self.refresh()

    def on_focus(self) -> None:
        self._restyle()

    def on_blur(self) -> None:
        self._restyle()

    def _restyle(self) -> None:
        self._cache.clear()
        self._header = None
        self.refresh()

    # -- drawing --------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widths follow the width the rows are drawn at, whatever sizes the layout passed through on
        # the way (a Resize can come while a neighbour's scroll bar is still showing).
        if self.size.width and self.room() != self.fitted_for:
            cursor = self.cursor_row
            self._lay_out()
            self.move_cursor(cursor)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            if self._header is None:
                style = self.rich_style + self.get_component_rich_style("rowlist--header")
                self._header = self._strip([[_as_text(c.label)] for c in self.cols], 0, style, width)
            return self._header
        line = int(self.scroll_y) + y - 1
        if not 0 <= line < self._lines:
            return Strip.blank(width, self.rich_style)
        row = bisect_right(self._starts, line) - 1
        key = (row, line - self._starts[row])
        strip = self._cache.get(key)
        if strip is None:
            for n, drawn in enumerate(self._row_strips(row, width)):  # a row's cells are laid out once
                self._cache[(row, n)] = drawn
            strip = self._cache[key]
        return strip

    def _row_strips(self, row: int, width: int) -> list[Strip]:
        style = self.rich_style
        if self.zebra_stripes and row % 2 == 0:
            style += self.get_component_rich_style("rowlist--even-row")
        on_top = None
        if self.show_cursor and row == self.cursor_row:
            cursor = self.get_component_rich_style("rowlist--cursor")
            style += cursor
            on_top = Style(color=cursor.color)  # the cursor's colour reads over a cell's own, as in a DataTable
        console = self.app.console
        cells = [cell_lines(cell, n, w, col.elide, console)
                 for cell, n, w, col in zip(self.filled[row][0], self._naturals[row], self.widths, self.cols)]
        return [self._strip(cells, line, style, width, on_top) for line in range(self._heights[row])]

    def _strip(self, cells: list[list[Text]], line: int, style: Style, width: int,
               on_top: Style | None = None) -> Strip:
        pad = " " * PADDING
        text = Text(end="", no_wrap=True)
        for lines, w in zip(cells, self.widths):
            text.append(pad)
            if line < len(lines):
                part = lines[line]
                if len(part) != w:
                    part = part.copy()
                    part.align("left", w)
                text.append_text(part)
            else:
                text.append(" " * w)
            text.append(pad)
        # The row's style goes under every cell's own, the cursor's colour (if any) over it.
        segments = Segment.apply_style(text.render(self.app.console), style, on_top or None)
        return Strip(segments, text.cell_len).crop_extend(0, width, style)

    # -- the cursor -----------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        for row in {old, new}:
            for line in range(self._heights[row] if 0 <= row < len(self._heights) else 0):
                self._cache.pop((row, line), None)
        self.refresh()
        if self.row_count:
            self._keep_in_view(new)
            self.post_message(self.Highlighted(self, new))

    def _keep_in_view(self, row: int) -> None:
        top, bottom = self._starts[row], self._starts[row] + self._heights[row]
        shown = max(1, self.scrollable_content_region.height - 1)  # less the header
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + shown:
            self.scroll_to(y=min(top, bottom - shown), animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_cursor_to(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else self.row_count - 1)

    def action_page(self, step: int) -> None:
        """As far as a screenful of lines, a whole row at a time."""
        if not self.row_count:
            return
        shown = max(1, self.scrollable_content_region.height - 1)
        target = self._starts[self.cursor_row] + step * shown
        self.move_cursor(max(0, min(bisect_right(self._starts, target) - 1, self.row_count - 1)))

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0 or not self.row_count:
            return
        line = int(self.scroll_y) + offset.y - 1
        if line < self._lines:
            row = bisect_right(self._starts, line) - 1
            if row == self.cursor_row and event.chain == 2:
                self.action_select()
            self.move_cursor(row)
