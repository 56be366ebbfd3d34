"""The new-routine wizard: kind → accounts → fields → review, for every kind.

Every rule comes from the core: the body is checked by ``parse_body`` as it is
typed, then by a dry run of ``create_routines`` before the review, which shows
the core's preview of the next five runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from astra_tui.core import routines, views
from astra_tui.core.bodies import parse_body
from astra_tui.core.errors import AstraError
from astra_tui.core.kinds import ALL_KINDS, BY_KEY, Kind
from astra_tui.core.money import format_money
from astra_tui.core.queries import routine_runs
from astra_tui.core.service import dry_run
from astra_tui.db.models import Routine, User
from astra_tui.ui.messages import ChangeRefused, LedgerChanged
from astra_tui.ui.widgets import fill_preview, preview_table

STEPS = ("step-kind", "step-accounts", "step-fields", "step-review")
LABELS = {
    "amount": ("Amount", "20.00"),
    "start_date": ("Start date", "YYYY-MM-DD"),
    "min_balance": ("Floor to keep in the source", "100.00"),
    "percent_of_transaction": ("Percent of each deposit", "33"),
    "minimum_transaction_threshold": ("Smallest deposit that counts", "50.00"),
    "percent_of_balance": ("Percent of the balance", "25"),
    "threshold": ("Refill when destination is below", "200.00"),
    "amount_start": ("First week's amount ($1–$5)", "1.00"),
    "amount_increment": ("Added each week ($1–$5)", "1.00"),
}
FREQUENCIES = (("Weekly", "weekly"), ("Every two weeks", "bi-weekly"), ("Monthly", "monthly"))


@dataclass
class Choices:
    own: list[views.AccountRow]
    spending: list[views.AccountRow]
    people: list[views.UserRow]
    theirs: dict[int, list[views.AccountRow]]


class RoutineWizard(Screen[None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+n", "next", "Next"),
    ]

    class Reviewed(Message):
        def __init__(self, preview: list[views.PreviewRow], limit: int) -> None:
            super().__init__()
            self.preview = preview
            self.limit = limit

    class ChoicesLoaded(Message):
        def __init__(self, choices: Choices) -> None:
            super().__init__()
            self.choices = choices

    def __init__(self, user_id: int) -> None:
        super().__init__(classes="wizard")
        self.user_id = user_id
        self.kind: Kind | None = None
        self.choices = Choices([], [], [], {})
        self.touched: set[str] = set()
        self.body: dict[str, Any] = {}

    @property
    def astra(self) -> Any:
        return self.app

    # -- layout -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("New routine · 1 of 4 · choose a kind", id="wizard-title", classes="heading")
        with ContentSwitcher(initial="step-kind", id="steps"):
            # The explanation is indented as a block, so a long one wraps under itself, not to column 0.
            yield OptionList(*[Option(Group(Text(k.label, style="bold"), Padding(Text(k.explanation, style="dim"),
                                                                               (0, 0, 0, 2))), id=k.key)
                               for k in ALL_KINDS], id="step-kind")
            yield VerticalScroll(id="step-accounts")
            yield VerticalScroll(id="step-fields")
            with Vertical(id="step-review"):
                yield Static("", id="review-summary")
                yield preview_table("review-table")
                yield Static("", id="review-note", classes="dialog-note")
        yield Static("", id="wizard-error", classes="form-error")
        with Horizontal(classes="dialog-buttons", id="wizard-buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Next", variant="primary", id="next", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._load_choices()
        self._update_buttons()

    @work(thread=True, exit_on_error=False)
    def _load_choices(self) -> None:
        with Session(self.astra.engine) as s:
            people = [u for u in views.users(s) if u.id != self.user_id]
            choices = Choices(views.eligible_accounts(s, self.user_id),
                              views.eligible_accounts(s, self.user_id, spending=True), people,
                              {p.id: views.eligible_accounts(s, p.id) for p in people})
        self.post_message(self.ChoicesLoaded(choices))

    def on_routine_wizard_choices_loaded(self, message: ChoicesLoaded) -> None:
        self.choices = message.choices

    @property
    def step(self) -> str:
        return self.query_one("#steps", ContentSwitcher).current or STEPS[0]

    def _go(self, step: str) -> None:
        self.query_one("#steps", ContentSwitcher).current = step
        self.query_one("#wizard-error", Static).update("")
        n = STEPS.index(step) + 1
        what = {1: "choose a kind", 2: "choose accounts", 3: "fill in the details", 4: "review and confirm"}[n]
        label = f" · {self.kind.label}" if self.kind and n > 1 else ""
        self.query_one("#wizard-title", Static).update(f"New routine{label} · {n} of 4 · {what}")
        self._update_buttons()
        target = {"step-kind": "#step-kind", "step-accounts": "#step-accounts Select",
                  "step-fields": "#step-fields Input", "step-review": "#next"}[step]
        found = self.query(target)
        if found:
            found.first().focus()

    def _update_buttons(self) -> None:
        self.query_one("#back", Button).disabled = self.step == STEPS[0]
        self.query_one("#next", Button).label = "Create" if self.step == "step-review" else "Next"

    # -- step 1: kind -----------------------------------------------------------
    @on(OptionList.OptionSelected, "#step-kind")
    async def kind_chosen(self, event: OptionList.OptionSelected) -> None:
        self.kind = BY_KEY[event.option.id or "quick"]
        await self._build_accounts()
        self._go("step-accounts")

    # -- step 2: accounts -------------------------------------------------------
    def _account_options(self, accounts: list[views.AccountRow], exclude: int | None = None) -> list[tuple[str, int]]:
        return [(f"{a.name} ({a.kind}, {format_money(a.balance)})", a.id) for a in accounts if a.id != exclude]

    def _destination_pool(self, person: int | None) -> list[views.AccountRow]:
        assert self.kind is not None
        if self.kind.key == "p2p":
            return self.choices.theirs.get(person, []) if person else []
        return self.choices.own

    async def _build_accounts(self) -> None:
        box = self.query_one("#step-accounts", VerticalScroll)
        await box.remove_children()
        assert self.kind is not None
        own = self._account_options(self.choices.own)
        source = own[0][1] if own else None
        widgets: list[Any] = [_row("From (source account)",
                                   Select(own, value=source if own else Select.BLANK, id="source",
                                          allow_blank=not own))]
        person = None
        if self.kind.key == "p2p":
            people = [(p.name, p.id) for p in self.choices.people]
            person = people[0][1] if people else None
            widgets += [_row("Send to (person)", Select(people, value=person if people else Select.BLANK,
                                                        id="person", allow_blank=not people))]
        destinations = self._account_options(self._destination_pool(person), exclude=source)
        widgets += [_row("To (destination account)",
                         Select(destinations, value=destinations[0][1] if destinations else Select.BLANK,
                                id="destination", allow_blank=not destinations))]
        if self.kind.key == "round-up":
            spending = self._account_options(self.choices.spending)
            widgets += [_row("Spending account to round up",
                             Select(spending, value=spending[0][1] if spending else Select.BLANK, id="spending",
                                    allow_blank=not spending))]
        await box.mount_all(widgets)

    @on(Select.Changed, "#source")
    @on(Select.Changed, "#person")
    def _refresh_destinations(self) -> None:
        if self.kind is None or not self.query("#destination"):
            return
        source = self._value("#source")
        pool = self._destination_pool(self._value("#person"))
        options = self._account_options(pool, exclude=source)  # the source is never offered as destination
        destination = self.query_one("#destination", Select)
        current = destination.value
        destination.set_options(options)
        values = [v for _, v in options]
        if values:
            destination.value = current if current in values else values[0]

    def _value(self, selector: str) -> Any:
        found = self.query(selector)
        if not found:
            return None
        value = found.first().value  # type: ignore[attr-defined]
        return None if value is Select.BLANK else value

    # -- step 3: fields ---------------------------------------------------------
    async def _build_fields(self) -> None:
        assert self.kind is not None
        box = self.query_one("#step-fields", VerticalScroll)
        await box.remove_children()
        today = self.astra.clock.today().isoformat()
        widgets: list[Any] = [_row("Name", Input(value=f"My {self.kind.label.lower()}", id="f-name"))]
        for f in self.kind.fields:
            if f.form == "id":
                continue
            if f.name == "frequency":
                widgets += [_row("How often", Select(FREQUENCIES, value="monthly", allow_blank=False,
                                                     id="f-frequency"))]
                continue
            label, placeholder = LABELS[f.name]
            value = today if f.name == "start_date" else ""
            if f.name == "start_date" and self.kind.key == "p2p":
                label, value = "Date (empty: send at once)", ""
            widgets += [_row(label, Input(value=value, placeholder=placeholder, id=f"f-{f.name}"))]
        await box.mount_all(widgets)
        self.astra.steady_inputs(box)
        self.touched = set()

    def _body(self) -> dict[str, Any]:
        assert self.kind is not None
        body: dict[str, Any] = {"type": self.kind.type, "name": self.query_one("#f-name", Input).value,
                                "source_id": self._value("#source"), "destination_id": self._value("#destination")}
        if self.kind.key == "p2p":
            body["destination_user_id"] = self._value("#person")
        if self.kind.key == "round-up":
            body["spending_id"] = self._value("#spending")
        for f in self.kind.fields:
            if f.form == "id":
                continue
            widget = self.query_one(f"#f-{f.name}")
            value = widget.value  # type: ignore[attr-defined]
            if f.name == "start_date" and self.kind.key == "p2p" and not str(value).strip():
                continue  # absent: sent at once
            body[f.name] = value
        return body

    @on(Input.Changed, "#step-fields Input")
    def _field_changed(self, event: Input.Changed) -> None:
        self.touched.add((event.input.id or "")[2:])
        self._check(only_touched=True)

    def _check(self, only_touched: bool) -> Any:
        """Validate with the core; show the first error (only for touched fields while typing)."""
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        error = self.query_one("#wizard-error", Static)
        try:
            model = parse_body(self._body())
        except AstraError as exc:
            field = (exc.field or "").split(".")[0]
            if only_touched and field not in self.touched:
                error.update("")
                return None
            error.update(exc.message)
            if self.query(f"#f-{field}"):
                self.query_one(f"#f-{field}").add_class("-invalid")
            return None
        error.update("")
        return model

    @on(Input.Submitted, "#step-fields Input")
    async def _submitted(self) -> None:
        await self.action_next()

    # -- step 4: review ---------------------------------------------------------
    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _review(self, model: Any) -> None:
        """Dry-run the creation (ledger rules) and compute the preview, off the UI thread."""
        try:
            dry_run(self.astra.engine, self.astra.clock,
                    lambda s, c: routines.create_routines(s, c, self.user_id, [model], False))
        except AstraError as exc:
            self.post_message(ChangeRefused(exc.message))
            return
        with Session(self.astra.engine) as s:
            preview = views.preview_body(s, self.astra.clock, self.user_id, model)
            user = s.get(User, self.user_id)
            limit = user.transfer_limit if user else 0
        self.post_message(self.Reviewed(preview, limit))

    def on_routine_wizard_reviewed(self, message: Reviewed) -> None:
        assert self.kind is not None
        model = parse_body(self._body())
        draft = Routine(type=model.type, name=model.name, source_id=model.source_id,
                        destination_id=model.destination_id,
                        **{f.column: getattr(model, f.name) for f in self.kind.fields})
        names = {a.id: a.name for a in self.choices.own + self.choices.spending}
        for accounts in self.choices.theirs.values():
            names.update({a.id: a.name for a in accounts})
        self.query_one("#review-summary", Static).update(
            f"[b]{model.name}[/b] · {self.kind.label}\n"
            f"{names.get(model.source_id, '?')} → {names.get(model.destination_id, '?')} · {self.kind.summary(draft)}")
        fill_preview(self.query_one("#review-table", DataTable), message.preview)
        capped = any("capped" in p.note for p in message.preview)
        self.query_one("#review-note", Static).update(
            f"Your transfer limit is {format_money(message.limit)} per transfer"
            + (": amounts above it are capped." if capped else ".")
            + ("\nA quick transfer runs as soon as you create it." if self.kind.key == "quick" else ""))
        self._go("step-review")

    def on_change_refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.query_one("#wizard-error", Static).update(message.message)
        field = message.message.split(":", 1)[0].strip()
        if self.query(f"#f-{field}"):
            self.query_one(f"#f-{field}").add_class("-invalid")
        self.query_one("#next", Button).disabled = False

    def _create(self) -> None:
        model = parse_body(self._body())
        self.query_one("#next", Button).disabled = True

        def describe(s: Session, created: list[Routine]) -> str:
            routine = s.get(Routine, created[0].id)
            assert routine is not None
            runs = routine_runs(s, routine.id)
            run = runs[-1] if runs else None
            if run is not None:
                detail = f" — {run.reason}" if run.reason else ""
                return f"{routine.name}: {run.outcome}{detail}"
            return f"Created {routine.name}"

        self.astra.change(lambda s, c: routines.create_routines(s, c, self.user_id, [model], False),
                          describe=describe, reply_to=self)

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        message.stop()
        self.dismiss(None)

    # -- navigation -------------------------------------------------------------
    @on(Button.Pressed, "#next")
    async def action_next(self) -> None:
        step = self.step
        if step == "step-kind":
            option_list = self.query_one("#step-kind", OptionList)
            if option_list.highlighted is not None:
                option_list.action_select()
        elif step == "step-accounts":
            if self._value("#source") is None or self._value("#destination") is None:
                self.query_one("#wizard-error", Static).update(
                    "Choose both accounts. Only open accounts that can send or receive money are offered.")
                return
            await self._build_fields()
            self._go("step-fields")
        elif step == "step-fields":
            model = self._check(only_touched=False)
            if model is not None:
                self._review(model)
        else:
            self._create()

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        index = STEPS.index(self.step)
        if index > 0:
            self._go(STEPS[index - 1])
            self.query_one("#next", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _row(label: str, widget: Any) -> Horizontal:
    return Horizontal(Label(label, classes="row-label"), widget, classes="field-row")

