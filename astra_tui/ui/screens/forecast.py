"""The forecast: every account's projected balance over the coming days, the lowest points, and the runs
that would happen — predicted failures first (issue 11 §3).

Computed off the UI thread by the same walk that processes for real (``core.forecast``), from today's
balances, routines, pending transfers and planned income and bills.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Select, Static

from astra_tui.core.forecast import Forecast, forecast
from astra_tui.core.read import accounts
from astra_tui.core.read.db import Reader
from astra_tui.core.words import plural
from astra_tui.ui.base import DataScreen, money_cell, status_cell
from astra_tui.ui.chart import BalanceChart, Size, chart_text, style_of
from astra_tui.ui.fit import Col, FittedTable
from astra_tui.ui.widgets import NavBar

HORIZONS = (("30 days", 30), ("90 days", 90), ("6 months", 182), ("1 year", 365), ("3 years", 1096))
ALL = 0  # the account choice meaning every account of the person
SHOWN = 100  # runs listed, failures first: a year of a big household makes thousands, and a table of them costs


@dataclass
class ForecastData:
    forecast: Forecast | None
    accounts: list[tuple[str, int]]  # the account choices: the person's open accounts
    chart: tuple[Size, Text] | None = None  # the chart, built in the worker for the size it had


class ForecastScreen(DataScreen):
    BINDINGS = [
        Binding("slash", "choose", "Choose", tooltip="choose the horizon and the account"),
    ]
    COMMANDS_HERE = (("Choose forecast horizon", "How far ahead, and for which account", "choose"),)

    def __init__(self) -> None:
        super().__init__()
        self.days = 90
        self.account_id: int | None = None
        self.choices_for: tuple[int | None, list[tuple[str, int]]] | None = None
        self.chart = BalanceChart(id="chart")

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield Static("Forecast", id="heading", classes="heading")
        with Horizontal(id="filters"):
            yield Select(HORIZONS, value=self.days, allow_blank=False, id="f-days", compact=True)
            yield Select([("All accounts", ALL)], value=ALL, allow_blank=False, id="f-account", compact=True)
        yield self.chart
        yield FittedTable(Col("name", "Account"), *(Col(key, Text(label, justify="right")) for key, label in (
                          ("today", "Today"), ("lowest", "Lowest"))), Col("on", "on"),
                          Col("end", Text("At the end", justify="right")),
                          id="projected", cursor_type="none", zebra_stripes=True)
        yield FittedTable(Col("due", "Date"), Col("routine", "Routine", least=12, elide=True),
                          Col("outcome", "Outcome"), Col("amount", Text("Amount", justify="right")),
                          Col("why", "Note", flex=True, least=20),
                          id="runs", cursor_type="row", zebra_stripes=True)
        yield Static("", id="notes", classes="total")
        yield Footer(compact=True)

    def load(self, db: Reader) -> ForecastData:
        user_id = self.astra.user_id
        if user_id is None:
            return ForecastData(None, [])
        own = [(a.name, a.id) for a in accounts.accounts(db, user_id, open_only=True)]
        chosen = self.account_id if any(a == self.account_id for _, a in own) else None
        f = forecast(db, self.astra.clock, user_id, account_id=chosen, days=self.days)
        size = self.chart.last_size
        built = (size, chart_text(f.accounts, *size, self.chart.theme_name)) if size[0] else None
        return ForecastData(f, own, built)

    def show(self, data: ForecastData) -> None:
        if self.choices_for != (self.astra.user_id, data.accounts):  # another person, or an account opened or closed
            self.choices_for = (self.astra.user_id, data.accounts)
            choice = self.query_one("#f-account", Select)
            choice.set_options([("All accounts", ALL), *data.accounts])
            if any(a == self.account_id for _, a in data.accounts):
                choice.value = self.account_id  # still there: still chosen (a closed one shows all accounts)
        f = data.forecast
        heading = self.query_one("#heading", Static)
        if f is None:
            heading.update("Forecast · no one here yet: add a person first (5, then a)")
            return
        heading.update(self.astra.heading("Forecast", f"{f.first} to {f.last}"))
        self.chart.show(f.accounts, data.chart)
        self.query_one("#projected", FittedTable).fill(  # each name in its line's colour: the chart's legend
            [((Text(f"━ {a.name}", style=style_of(index)), money_cell(a.today), money_cell(a.lowest),
               a.lowest_on.isoformat(), money_cell(a.end)), str(a.id)) for index, a in enumerate(f.accounts)])
        ordered = sorted(f.runs, key=lambda r: (not r.failed, r.due_on))[:SHOWN]  # predicted failures first
        self.query_one("#runs", FittedTable).fill(
            [((r.due_on.isoformat(), Text(r.routine_name), status_cell(r.outcome),
               money_cell(r.amount) if r.amount else Text("—", justify="right"), Text(r.why)), None)
             for r in ordered] or [(("—", "", "", "", "no runs in this time"), None)])
        failures = f.failures
        said = (f"{plural(len(failures), 'predicted failure')}, the first on {failures[0].due_on}" if failures
                else "No run would fail")
        if len(f.runs) > SHOWN:  # the command line lists them all
            said += f" · {SHOWN} of {len(f.runs):,} runs listed"
        self.query_one("#notes", Static).update("\n".join([said, *f.notes]))

    @on(Select.Changed)
    def choose_again(self) -> None:
        days = self.query_one("#f-days", Select).value
        account = self.query_one("#f-account", Select).value
        chosen = (int(days), int(account) or None)  # type: ignore[arg-type]
        if chosen == (self.days, self.account_id):  # the selects also say "changed" when their options are filled in
            return
        self.days, self.account_id = chosen
        self.reload()

    def action_choose(self) -> None:
        self.query_one("#f-days", Select).focus()
