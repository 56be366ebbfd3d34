"""One account's transactions, newest first, a page at a time (keyset paging)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from astra_tui.core.read import activity
from astra_tui.core.read.accounts import AccountRow
from astra_tui.core.read.db import Reader
from astra_tui.ui.base import PagedScreen, money_cell
from astra_tui.ui.fit import Col
from astra_tui.ui.rowlist import RowList


class ActivityScreen(PagedScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("right_square_bracket", "next_page", "Next", tooltip="next page"),
        Binding("left_square_bracket", "previous_page", "Prev", tooltip="previous page"),
        Binding("e", "edit", "Edit", tooltip="edit a deposit or purchase"),
        Binding("x", "delete", "Delete", tooltip="delete it"),
        Binding("i", "import_file", "Import", tooltip="import a bank file (OFX, QFX, CSV)"),
        Binding("s", "statement", "Statement", tooltip="save a month's statement"),
        Binding("w", "export", "Export", tooltip="save the transactions as CSV or JSON"),
    ]

    COMMANDS_HERE = (
        ("Edit transaction", "Change the amount, date or description of the highlighted transaction", "edit"),
        ("Delete transaction", "Remove the highlighted transaction, after asking", "delete"),
        ("Import a bank file", "OFX, QFX or CSV into this account, with a preview", "import_file"),
        ("Save a statement", "One month of this account: text, CSV or HTML", "statement"),
        ("Export transactions", "This account's transactions as CSV or JSON", "export"),
    )
    NOUN = "transaction"

    def __init__(self, account: AccountRow) -> None:
        super().__init__()
        self.account = account

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Activity of {self.account.name}", classes="heading")
        yield RowList(Col("date", "Date"), Col("description", "Description", flex=True, least=20),
                      Col("origin", "Origin"), Col("amount", Text("Amount", justify="right")), id="activity")
        yield Static("", id="page", classes="total", markup=False)
        yield Footer(compact=True)

    def load(self, db: Reader) -> list[activity.TransactionRow]:
        return activity.transactions(db, self.account.id, self.cursors[-1], self.PAGE_SIZE + 1)

    def count(self, db: Reader) -> int:
        return activity.transaction_count(db, self.account.id)

    def show(self, data: list[activity.TransactionRow]) -> None:
        rows = [((t.posted_on.isoformat(), Text(t.description), t.origin, money_cell(t.amount)), str(t.id))
                for t in self.take_page(data)]
        self.query_one("#activity", RowList).fill(rows, keep_cursor=self.same_page)
        self.update_hint()

    def cursor_after(self, row: activity.TransactionRow) -> tuple[dt.date, int]:
        return (row.posted_on, row.id)

    def _selected(self) -> activity.TransactionRow | None:
        return self.highlighted(self.rows, "activity", "transaction")

    def action_edit(self) -> None:
        from astra_tui.ui.corrections import edit_transaction

        txn = self._selected()
        if txn:
            edit_transaction(self, txn, self.account.name)

    def action_delete(self) -> None:
        from astra_tui.ui.corrections import delete_transaction

        txn = self._selected()
        if txn:
            delete_transaction(self, txn, self.account.name)

    def action_import_file(self) -> None:
        from astra_tui.ui.bankfiles import ImportScreen

        if self.account.status == "closed":
            self.notify(f"{self.account.name} is closed; a closed account is read-only.", severity="warning")
            return
        self.app.push_screen(ImportScreen(self.account.id, self.account.user_id, self.account.name),
                             lambda _: self.reload())

    def action_statement(self) -> None:
        from astra_tui.core import statements
        from astra_tui.ui.save_file import SaveScreen

        today = self.astra.clock.today()
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
        account = self.account
        self.app.push_screen(SaveScreen(
            f"Statement of {account.name}", [("HTML page", "html"), ("Text", "text"), ("CSV", "csv")],
            lambda fmt: f"statement-{_file_part(account.name)}-{last_month}.{'txt' if fmt == 'text' else fmt}",
            lambda db, fmt, values: statements.render(statements.statement(db, account.id, values["month"], today),
                                                      fmt),
            [("month", "Month (YYYY-MM)", last_month)]))

    def action_export(self) -> None:
        from astra_tui.core import exports
        from astra_tui.ui.save_file import SaveScreen

        account, today = self.account, self.astra.clock.today()
        self.app.push_screen(SaveScreen(
            f"Export the transactions of {account.name}", [("CSV", "csv"), ("JSON", "json")],
            lambda fmt: f"transactions-{_file_part(account.name)}-{today}.{fmt}",
            lambda db, fmt, values: exports.export(db, "transactions", fmt, account.id)))


def _file_part(name: str) -> str:
    """An account's name as part of a file name: letters, digits and dashes."""
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-").lower() or "account"
