"""Small widgets shared by the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import DataTable, Static

from astra_tui.ui.fit import Col, FittedTable
from astra_tui.ui.navigation import nav_bar_markup, nav_bar_width, place_of

if TYPE_CHECKING:
    from astra_tui.core.kinds import PreviewRow

class NavBar(Static):
    """The global keys, always visible; the current screen is highlighted. Every entry is clickable."""

    DEFAULT_CSS = """
    NavBar {
        height: 1;
        background: $panel;
        padding: 0 0 0 1;
        link-style: none;
        link-style-hover: reverse;
    }
    """

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        """The whole line where it fits; at 80 columns the global keys lose their words (help says them)."""
        place = place_of(type(self.screen))
        width = self.size.width or self.app.size.width
        compact = nav_bar_width() + 1 > width  # the bar's one cell of padding
        self.update(nav_bar_markup(place.mode if place else "", compact=compact))


def preview_table(table_id: str) -> FittedTable:
    """The next runs of a routine: the note gets the width that is left, and wraps rather than being cut."""
    return FittedTable(Col("when", "When", least=12), Col("amount", Text("Amount", justify="right")),
                       Col("note", "Note", flex=True, least=24), id=table_id, cursor_type="none")


def fill_preview(table: DataTable[Any], rows: list[PreviewRow], empty: str = "no more runs") -> None:
    assert isinstance(table, FittedTable), "made by preview_table"
    table.fill([((Text(p.when), Text(p.amount, justify="right"), Text(p.note)), None) for p in rows]
               or [(("—", "", empty), None)])
