"""The home screen: the current person's accounts, balances and total."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from astra_tui.core.money import format_money
from astra_tui.core.read import accounts
from astra_tui.core.read.db import Reader
from astra_tui.core.words import plural
from astra_tui.ui.base import DataScreen, money_cell, status_cell
from astra_tui.ui.forms import Field, FormScreen, ask_then_change
from astra_tui.ui.widgets import NavBar
from astra_tui.vocab import AccountKind, AccountStatus

WELCOME = (
    "Welcome to astra-tui.\n\n"
    "There is no one here yet. Press [b]a[/b] to add the first person, then [b]o[/b] to open an account.\n"
    "To look around first, quit and run [b]astra-tui --demo[/b]."
)
# Beneath the table, which is only as tall as its rows: what the keys in the footer lead to.
HINT = (
    "[b $accent]enter[/]  an account's transactions\n"
    "[b $accent]n[/]      a routine: money that moves by itself, on a date or by a rule\n"
    "[b $accent]2[/]      your routines     [b $accent]3[/]  every transfer they made"
)


class AccountsScreen(DataScreen):
    BINDINGS = [
        Binding("enter", "activity", "Activity", show=False, tooltip="activity"),
        Binding("o", "open_account", "Open", tooltip="open account"),
        Binding("d", "deposit", "Deposit", tooltip="record deposit"),
        Binding("b", "purchase", "Buy", tooltip="record purchase"),
        Binding("f", "freeze", "Freeze", tooltip="freeze / unfreeze"),
        Binding("c", "close_account", "Close", tooltip="close"),
        Binding("n", "app.new_routine", "Routine"),
        Binding("a", "add_person", "Person", tooltip="add person"),
        Binding("r", "rename", "Rename", tooltip="rename"),
    ]
    COMMANDS_HERE = (
        ("Open an account", "Add an account with an opening balance", "open_account"),
        ("Record a deposit", "Money into the highlighted account", "deposit"),
        ("Record a purchase", "Money out of the highlighted account", "purchase"),
        ("Freeze or unfreeze account", "Stop or allow routines moving money", "freeze"),
        ("Close account", "Close the highlighted account (balance must be $0.00)", "close_account"),
        ("Open account activity", "Transactions of the highlighted account", "activity"),
        ("Rename account", "Change the highlighted account's name", "rename"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.view: accounts.AccountsView | None = None
        already, self.astra.first_view = self.astra.first_view, None
        self.start_early_read(already)

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield Static("Accounts", id="heading", classes="heading")
        table: DataTable[Any] = DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        table.add_column("Account", key="name")
        table.add_column("Kind", key="kind")
        table.add_column("Status", key="status")
        table.add_column(Text("Balance", justify="right"), key="balance")
        yield table
        yield Static("", id="total", classes="total")
        attention = Static("", id="attention", classes="total")
        attention.display = False  # shown when routines need attention
        yield attention
        for line in ("coming", "expected"):  # runs predicted to fail soon; planned money that should have come
            notice = Static("", id=line, classes="notice")
            notice.display = False
            yield notice
        yield Static(HINT, id="hint", classes="hint")
        yield Static(WELCOME, id="welcome", classes="welcome")
        yield Footer(compact=True)

    def can_read(self) -> bool:
        return True  # balances as they are, with "Catching up…" in the title until the catch-up is done

    def load(self, db: Reader) -> accounts.AccountsView:
        """Plain sqlite3, so the first screen paints before SQLAlchemy has even been imported."""
        return accounts.accounts_view(db, self.astra.user_id, self.astra.clock.today())

    def show(self, data: accounts.AccountsView) -> None:
        self.view = data
        table = self.query_one("#accounts", DataTable)
        cursor = table.cursor_row
        table.clear()
        for a in data.accounts:
            table.add_row(Text(a.name), a.kind, status_cell(a.status), money_cell(a.balance), key=str(a.id))
        if data.accounts:
            table.move_cursor(row=min(cursor, len(data.accounts) - 1))
        self._show_attention(data.attention)
        self._show_notice("coming", [f"⚠ {w}" for w in data.warnings], "press 6 for the forecast", "bold yellow")
        self._show_notice("expected", [f"Expected: {o.said}" for o in data.expected], "press 7 to record or dismiss",
                          "")
        welcome = data.user is None
        self.query_one("#welcome").display = welcome
        table.display = self.query_one("#hint").display = not welcome
        if data.user is None:
            self.query_one("#heading", Static).update("Accounts")
            self.query_one("#total", Static).update("")
            return
        open_count = sum(1 for a in data.accounts if a.status != AccountStatus.CLOSED)
        self.query_one("#heading", Static).update(
            f"Accounts of {data.user.name} · transfer limit {format_money(data.user.transfer_limit)}")
        self.query_one("#total", Static).update(
            f"Total {format_money(data.total)} across {plural(open_count, 'account')}")

    def _show_attention(self, count: int) -> None:
        """Routines whose latest run failed, so that failures are not found by chance (issue 9 §5)."""
        line = self.query_one("#attention", Static)
        line.display = count > 0
        needs = "needs" if count == 1 else "need"
        warning = f"⚠ {plural(count, 'routine')} {needs} attention — press 2"
        line.update(Text(warning, style="bold red") if count else "")

    def _show_notice(self, line_id: str, lines: list[str], then: str, style: str, most: int = 3) -> None:
        """Up to ``most`` lines of what needs a look, and what to press for the rest."""
        line = self.query_one(f"#{line_id}", Static)
        line.display = bool(lines)
        more = f" and {len(lines) - most} more" if len(lines) > most else ""
        line.update(Text("\n".join(lines[:most]) + f"{more} — {then}" if lines else "", style=style))

    def _selected(self) -> accounts.AccountRow | None:
        return self.highlighted(self.view.accounts if self.view else [], "accounts", "account")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_activity()

    def action_activity(self) -> None:
        account = self._selected()
        if account:
            from astra_tui.ui.screens.activity import ActivityScreen

            self.app.push_screen(ActivityScreen(account))

    def action_add_person(self) -> None:
        from astra_tui.ui.screens.users import add_person_form

        self.app.push_screen(add_person_form())

    def action_open_account(self) -> None:
        from astra_tui.core import ledger

        user = self.view.user if self.view else None
        if user is None:
            self.notify("Add a person first (a).", severity="warning")
            return
        fields = [
            Field("name", "Name", placeholder="Everyday checking"),
            Field("kind", "Kind", choices=(("Checking", AccountKind.CHECKING), ("Savings", AccountKind.SAVINGS),
                                           ("Credit card", AccountKind.CREDIT_CARD))),
            Field("opening_balance", "Opening balance", value="0.00", placeholder="1,234.56 (negative: card debt)"),
        ]
        self.app.push_screen(FormScreen(
            f"Open an account for {user.name}", fields,
            lambda v: lambda s, c: ledger.add_account(s, c, user.id, v["name"], v["kind"], v["opening_balance"]),
            describe=lambda s, a: f"Opened {a.name} with {format_money(a.balance)}", submit_label="Open"))

    def _transaction_form(self, deposit: bool) -> None:
        from astra_tui.core import ledger

        account = self._selected()
        if account is None:
            return
        today = self.astra.clock.today().isoformat()
        fields = [Field("amount", "Amount", placeholder="20.00"), Field("date", "Date", value=today),
                  Field("description", "Description", placeholder="Salary" if deposit else "Groceries")]
        what = "deposit into" if deposit else "purchase from"
        form = FormScreen(
            f"Record a {what} {account.name}", fields,
            lambda v: lambda s, c: ledger.record(s, c, account.id, v["amount"], v["date"], v["description"],
                                                 outflow=not deposit),
            describe=lambda s, t: f"Recorded {format_money(t.amount)} on {account.name}", submit_label="Record")
        # A closed account is refused before the form opens, not after it was filled in.
        self.astra.precheck(lambda s, c: ledger.check_writable(ledger.get_account(s, account.id)),
                            lambda _: self.app.push_screen(form))

    def action_deposit(self) -> None:
        self._transaction_form(deposit=True)

    def action_purchase(self) -> None:
        self._transaction_form(deposit=False)

    def action_freeze(self) -> None:
        from astra_tui.core import ledger

        account = self._selected()
        if account:
            change = "unfreeze" if account.status == AccountStatus.FROZEN else "freeze"
            self.astra.change(lambda s, c: ledger.change_account_status(s, c, account.id, change),
                              describe=lambda s, a: f"{a.name} is {a.status}")

    def action_close_account(self) -> None:
        from astra_tui.core import ledger

        account = self._selected()
        if account is None:
            return

        # The core's checks first (money still in it, already closed): the question only when it can be done.
        ask_then_change(self, lambda s, c: ledger.change_account_status(s, c, account.id, "close"),
                        f"Close {account.name}? A closed account is read-only.", "Close",
                        describe=lambda s, a: f"{a.name} is closed")

    def action_rename(self) -> None:
        from astra_tui.core import corrections
        from astra_tui.ui.corrections import rename

        account = self._selected()
        if account:
            rename(self, account.name, lambda s, c, name: corrections.rename_account(s, c, account.id, name))
