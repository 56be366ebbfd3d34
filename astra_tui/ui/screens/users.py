"""The household: switch the current person, add a person, set a transfer limit."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from astra_tui.core import ledger
from astra_tui.core.money import format_money
from astra_tui.core.read import people
from astra_tui.core.read.db import Reader
from astra_tui.ui.base import DataScreen
from astra_tui.ui.forms import Field, FormScreen
from astra_tui.ui.widgets import NavBar


def add_person_form() -> FormScreen:
    return FormScreen("Add a person", [Field("name", "Name", placeholder="Alex"),
                                       Field("transfer_limit", "Transfer limit (per transfer)", value="5,000.00")],
                      lambda v: lambda s, c: ledger.add_user(s, c, v["name"], v["transfer_limit"]),
                      describe=lambda s, u: f"Added {u.name}", submit_label="Add")


class UsersScreen(DataScreen):
    BINDINGS = [
        Binding("enter", "switch_user", "Switch to", show=False, tooltip="switch to"),
        Binding("s", "switch_user", "Switch to", tooltip="switch to"),
        Binding("a", "add_person", "Add person", tooltip="add person"),
        Binding("l", "set_limit", "Set limit", tooltip="set transfer limit"),
        Binding("r", "rename", "Rename", tooltip="rename"),
    ]
    COMMANDS_HERE = (
        ("Switch person", "Act as the highlighted person", "switch_user"),
        ("Add a person", "A new member of the household", "add_person"),
        ("Set transfer limit", "The highlighted person's cap per transfer", "set_limit"),
        ("Rename person", "Change the highlighted person's name", "rename"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[people.UserRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield Static("People in the household", classes="heading")
        table: DataTable[Any] = DataTable(id="users", cursor_type="row", zebra_stripes=True)
        table.add_column("Name", key="name")
        table.add_column(Text("Transfer limit", justify="right"), key="limit")
        table.add_column("", key="current")
        yield table
        yield Static("Enter or s switches to the highlighted person.", classes="total")
        yield Footer(compact=True)

    def load(self, db: Reader) -> list[people.UserRow]:
        return people.users(db)

    def show(self, data: list[people.UserRow]) -> None:
        self.rows = data
        table = self.query_one("#users", DataTable)
        table.clear()
        for u in data:
            current = "◀ you" if u.id == self.astra.user_id else ""
            table.add_row(Text(u.name), Text(format_money(u.transfer_limit), justify="right"), current, key=str(u.id))

    def _selected(self) -> people.UserRow | None:
        return self.highlighted(self.rows, "users")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_switch_user()

    def action_switch_user(self) -> None:
        user = self._selected()
        if user:
            self.astra.set_user(user.id, user.name)
            self.notify(f"Now acting as {user.name}")

    def action_add_person(self) -> None:
        self.app.push_screen(add_person_form())  # the first person added becomes the current one (AstraApp._change)

    def action_set_limit(self) -> None:
        user = self._selected()
        if user is None:
            return
        self.app.push_screen(FormScreen(
            f"Transfer limit of {user.name}",
            [Field("transfer_limit", "Largest amount one transfer may move", value=format_money(user.transfer_limit))],
            lambda v: lambda s, c: ledger.set_transfer_limit(s, c, user.id, v["transfer_limit"]),
            describe=lambda s, u: f"{u.name} may now move up to {format_money(u.transfer_limit)} at a time"))

    def action_rename(self) -> None:
        from astra_tui.core import corrections
        from astra_tui.ui.corrections import rename

        user = self._selected()
        if user is None:
            return

        def renamed(result: Any) -> None:
            if result is not None and result.id == self.astra.user_id:
                self.astra.set_user(result.id, result.name)  # the title bar names the current person

        rename(self, user.name, lambda s, c, name: corrections.rename_user(s, c, user.id, name), renamed)
