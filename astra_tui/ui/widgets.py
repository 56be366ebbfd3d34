"""Small widgets shared by the screens."""

from __future__ import annotations

from textual.widgets import Static

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
