"""Small widgets shared by the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import DataTable, Static

if TYPE_CHECKING:
    from astra_tui.core.views import PreviewRow

NAV = (("1", "accounts", "Accounts"), ("2", "routines", "Routines"), ("3", "history", "History"),
       ("4", "notifications", "Alerts"), ("5", "users", "Users"))


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

    def __init__(self, current: str) -> None:
        parts = []
        for key, mode, label in NAV:
            entry = f"[@click=app.switch_mode('{mode}')][b $accent]{key}[/] {label}[/]"
            parts.append(f"[reverse]{entry}[/reverse]" if mode == current else entry)
        keys = " ".join(f"[@click=app.{action}][b $accent]{key}[/] {label}[/]"
                        for key, action, label in (("f5", "process", "Run due"), ("?", "help", "Help"),
                                                   ("q", "quit", "Quit")))
        super().__init__(" ".join(parts) + " │ " + keys)


def preview_table(table_id: str) -> DataTable[Any]:
    """The next runs of a routine. Fixed widths: the columns do not jump when the rows arrive."""
    table: DataTable[Any] = DataTable(id=table_id, cursor_type="none")
    table.add_column("When", width=26)  # "the day after each deposit", "when below $1,000.00"
    table.add_column(Text("Amount", justify="right"), width=12)
    table.add_column("Note")
    return table


def fill_preview(table: DataTable[Any], rows: list[PreviewRow], empty: str = "no more runs") -> None:
    table.clear()
    for p in rows:
        table.add_row(p.when, Text(p.amount, justify="right"), p.note)
    if not rows:
        table.add_row("—", "", empty)
