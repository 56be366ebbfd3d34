"""Planned income and bills: the dates that have come and wait to be recorded or dismissed, and every
planned item with its schedule and next date (issue 11 §1).

Recording a date makes it a manual transaction on that date (its amount may be changed first), as if the
person had typed it in: a percentage of the deposit is queued, round-ups count a bill. Dismissing one
records nothing. The rules are the core's (``core.planned``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.widgets import Footer, Header, Static

from astra_tui.core.money import format_money, money_json
from astra_tui.core.read import accounts, planned
from astra_tui.core.read.db import Reader
from astra_tui.ui.base import DataScreen, money_cell
from astra_tui.ui.corrections import CompactForm, signed
from astra_tui.ui.fit import Col, FittedTable
from astra_tui.ui.forms import ConfirmScreen, Field, ask_then_change
from astra_tui.ui.widgets import NavBar
from astra_tui.vocab import Frequency

SCHEDULES = (("Once", "once"), ("Weekly", Frequency.WEEKLY), ("Every two weeks", Frequency.BIWEEKLY),
             ("Monthly", Frequency.MONTHLY))
KINDS = (("Income", "income"), ("Bill", "bill"))


@dataclass
class PlannedData:
    expected: list[planned.Occurrence]
    items: list[tuple[planned.PlannedRow, planned.News]]
    accounts: list[tuple[str, str]]  # (name, id) of the person's open accounts, for the form


class PlannedScreen(DataScreen):
    BINDINGS = [
        Binding("r", "record", "Record", tooltip="record the highlighted expected date"),
        Binding("d", "dismiss_date", "Dismiss", tooltip="dismiss it (the money did not come)"),
        Binding("a", "add", "Add", tooltip="plan income or a bill"),
        Binding("e", "edit", "Edit", tooltip="edit the highlighted planned item"),
        Binding("x", "delete", "Delete", tooltip="delete it"),
    ]
    COMMANDS_HERE = (
        ("Record expected money", "The highlighted expected date, as a transaction on its date", "record"),
        ("Dismiss expected money", "The highlighted expected date did not come", "dismiss_date"),
        ("Plan income or a bill", "A salary, the rent: once or on a schedule", "add"),
        ("Edit planned item", "Change the highlighted planned item", "edit"),
        ("Delete planned item", "No more dates of it are expected or forecast", "delete"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.data = PlannedData([], [], [])

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar()
        yield Static("Planned income and bills", id="heading", classes="heading")
        yield Static("Expected now — the money should have come: r records it, d dismisses it",
                     classes="subheading")
        yield FittedTable(Col("due", "Date"), Col("what", "What", flex=True, least=16), Col("account", "Account"),
                          Col("amount", Text("Amount", justify="right")),
                          id="expected", cursor_type="row", zebra_stripes=True)
        yield Static("Planned — never posted by itself; the forecast counts on it", classes="subheading")
        yield FittedTable(Col("what", "What", least=12, elide=True), Col("account", "Account", least=8, elide=True),
                          Col("amount", Text("Amount", justify="right")), Col("when", "When", flex=True, least=16),
                          Col("next", "Next"), id="planned", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def load(self, db: Reader) -> PlannedData:
        user_id = self.astra.user_id
        if user_id is None:
            return PlannedData([], [], [])
        today = self.astra.clock.today()
        items = planned.planned_items(db, user_id)
        own = [(a.name, str(a.id)) for a in accounts.accounts(db, user_id, open_only=True)]
        return PlannedData(planned.expected(db, today, user_id), planned.news_of(db, items, today), own)

    def show(self, data: PlannedData) -> None:
        self.data = data
        self.query_one("#heading", Static).update(self.astra.heading("Planned income and bills"))
        expected = self.query_one("#expected", FittedTable)
        expected.fill([((o.due_on.isoformat(), Text(o.description), Text(o.account), money_cell(o.amount)),
                        f"{o.planned_id}:{o.due_on}") for o in data.expected]
                      or [(("—", "nothing expected now", "", ""), None)], keep_cursor=True)
        self.query_one("#planned", FittedTable).fill(
            [((Text(p.description), Text(p.account), money_cell(p.amount), p.schedule,
               news.next_on.isoformat() if news.next_on else "—"), str(p.id)) for p, news in data.items]
            or [(("no planned income or bills yet", "", "", "press a to plan one", ""), None)], keep_cursor=True)

    # -- the expected dates ------------------------------------------------------------------
    def _expected(self) -> planned.Occurrence | None:
        if not self.data.expected:
            self.notify("Nothing is expected now.", severity="warning")
            return None
        return self.highlighted(self.data.expected, "expected", "expected date")

    def action_record(self) -> None:
        from astra_tui.core.planned import record_planned

        o = self._expected()
        if o is None:
            return
        bill = o.amount < 0
        label = "Amount paid" if bill else "Amount that came in"
        self.app.push_screen(CompactForm(
            escape(f"Record {o.description} of {o.due_on} in {o.account}"),
            [Field("amount", label, value=money_json(abs(o.amount)))],
            lambda v: lambda s, c: record_planned(s, c, o.planned_id, o.due_on.isoformat(), signed(v["amount"], bill)),
            describe=lambda db, done: f"Recorded {format_money(done[1].amount)} on {o.due_on} in {o.account}",
            note="It is recorded as a transaction on its date, as if you had typed it in.", submit_label="Record"))

    def action_dismiss_date(self) -> None:
        from astra_tui.core.planned import dismiss_planned

        o = self._expected()
        if o is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.astra.change(lambda s, c: dismiss_planned(s, c, o.planned_id, o.due_on.isoformat()),
                                  describe=lambda db, _: f"Dismissed {o.description} of {o.due_on}")

        self.app.push_screen(ConfirmScreen(escape(f"Dismiss {o.said}? Nothing is recorded; it is no longer expected."),
                                           "Dismiss"), confirmed)

    # -- the planned items ---------------------------------------------------------------------
    def _item(self) -> planned.PlannedRow | None:
        rows = [p for p, _ in self.data.items]
        if not rows:
            self.notify("No planned item yet: press a to plan one.", severity="warning")
            return None
        return self.highlighted(rows, "planned", "planned item")

    def action_add(self) -> None:
        from astra_tui.core.planned import add_planned

        user_id = self.astra.user_id
        if user_id is None:
            self.notify("Add a person first (5, then a).", severity="warning")
            return
        if not self.data.accounts:
            self.notify("Open an account first: press o on Accounts (1).", severity="warning")
            return
        today = self.astra.clock.today().isoformat()
        fields = [Field("description", "What", placeholder="Salary, Rent"),
                  Field("kind", "Income or bill", choices=KINDS),
                  Field("amount", "Amount", placeholder="2,150.00"),
                  Field("account", "Account", choices=tuple(self.data.accounts)),
                  Field("date", "Date (the first)", value=today),
                  Field("every", "How often", choices=SCHEDULES),
                  Field("until", "Until (optional)", placeholder="YYYY-MM-DD")]
        self.app.push_screen(CompactForm(
            "Plan income or a bill", fields,
            lambda v: lambda s, c: add_planned(s, c, user_id, v["account"], v["description"],
                                               signed(v["amount"], v["kind"] == "bill"), v["date"], v["every"],
                                               v["until"] or None),
            describe=lambda db, item: f"Planned {item.description}", submit_label="Plan",
            note="It is never posted by itself: when its date comes, it waits here to be recorded."))

    def action_edit(self) -> None:
        from astra_tui.core.planned import update_planned

        p = self._item()
        if p is None:
            return
        bill = p.amount < 0
        fields = [Field("description", "What", value=p.description),
                  Field("amount", "Amount paid" if bill else "Amount that comes in", value=money_json(abs(p.amount))),
                  Field("date", "Date (the first)", value=p.start_on.isoformat()),
                  Field("every", "How often", value=p.frequency or "once", choices=SCHEDULES),
                  Field("until", "Until (optional)", value=p.end_on.isoformat() if p.end_on else "",
                        placeholder="YYYY-MM-DD")]
        self.app.push_screen(CompactForm(
            escape(f"Edit {p.description} · {p.account}"), fields,
            lambda v: lambda s, c: update_planned(
                s, c, p.id, description=v["description"], amount=signed(v["amount"], bill),
                start_on=None if v["date"] == p.start_on.isoformat() else v["date"], every=v["every"],
                until=v["until"] or "none"),
            describe=lambda db, item: f"Saved {item.description}", submit_label="Save",
            note="A new date or schedule starts it anew from that date."))

    def action_delete(self) -> None:
        from astra_tui.core.planned import delete_planned

        p = self._item()
        if p is not None:
            ask_then_change(self, lambda s, c: delete_planned(s, c, p.id),
                            f"Delete {p.description} ({p.schedule})? What was recorded stays.", "Delete",
                            describe=lambda db, item: f"Deleted {item.description}")
