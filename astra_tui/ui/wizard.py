"""The new-routine wizard: kind → accounts → fields → review, for every kind.

Every rule comes from the core: the body is checked by ``parse_body`` as it is
typed, then by a dry run of ``create_routines`` before the review, which shows
the core's preview of the next five runs.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from astra_tui.core import routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.errors import AstraError
from astra_tui.core.forecast import WhatIf, what_if
from astra_tui.core.kinds import ALL_KINDS, BY_KEY, CAPPED_AT_LIMIT, Form, Kind, Review
from astra_tui.core.money import format_money
from astra_tui.core.preview import preview_body
from astra_tui.core.read import accounts, people, runs
from astra_tui.core.read.db import Reader
from astra_tui.core.walk_state import RoutineState
from astra_tui.ui import wizard_choices as pools
from astra_tui.ui.forms import field_key, in_words
from astra_tui.ui.host import Host, host_of
from astra_tui.ui.messages import ChangeRefused, LedgerChanged
from astra_tui.ui.widgets import fill_preview, preview_table
from astra_tui.ui.wizard_choices import PERSON, SPENDING, Choices, kind_fields

STEPS = ("step-kind", "step-accounts", "step-fields", "step-review")


class RoutineWizard(Screen[None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="cancel"),
        Binding("ctrl+b", "back", "Back", tooltip="back"),
        Binding("ctrl+n", "next", "Next", tooltip="next (enter too)"),
        Binding("ctrl+c", "app.help_quit", show=False, system=True),
    ]

    class Reviewed(Message):
        def __init__(self, preview: Review, limit: int, summary: str, what_if: WhatIf) -> None:
            super().__init__()
            self.preview = preview
            self.limit = limit
            self.summary = summary  # the routine in one line, as the lists will say it
            self.what_if = what_if  # the coming days with and without it

    class ChoicesLoaded(Message):
        def __init__(self, choices: Choices) -> None:
            super().__init__()
            self.choices = choices

    def __init__(self, user_id: int) -> None:
        super().__init__(classes="wizard")
        self.user_id = user_id
        self.kind: Kind | None = None
        self.choices = Choices()
        self.touched: set[str] = set()
        self.body: dict[str, Any] = {}

    @property
    def astra(self) -> Host:
        return host_of(self)

    @property
    def is_modal(self) -> bool:
        """Modal for the keys (Textual's binding chain stops here): the app's global keys (n, 1–5, q, …)
        do not act while the wizard is open, only its own keys and escape do. Drawn as a full screen."""
        return True

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
            with VerticalScroll(id="step-review"):
                yield Static("", id="review-summary")
                yield preview_table("review-table")
                yield Static("", id="review-note", classes="dialog-note")
                yield Static("", id="review-forecast", classes="dialog-note")
        yield Static("", id="wizard-error", classes="form-error")
        with Horizontal(classes="dialog-buttons", id="wizard-buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Next", variant="primary", id="next", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._load_choices()
        self._update_buttons()

    @work(thread=True, exit_on_error=False)
    def _load_choices(self) -> None:
        def read(db: Reader) -> Choices:
            others = [u for u in people.users(db) if u.id != self.user_id]
            return Choices(accounts.accounts(db, self.user_id, open_only=True), others,
                           {p.id: accounts.accounts(db, p.id, open_only=True) for p in others}, loaded=True)

        self.post_message(self.ChoicesLoaded(self.astra.reads.read(read)))

    async def on_routine_wizard_choices_loaded(self, message: ChoicesLoaded) -> None:
        self.choices = message.choices
        if self.step == "step-accounts":  # a kind was chosen before the accounts were read
            await self._build_accounts()
            self._go("step-accounts")

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
        assert event.option.id is not None
        self.kind = BY_KEY[event.option.id]
        await self._build_accounts()
        self._go("step-accounts")

    # -- step 2: accounts -------------------------------------------------------
    async def _build_accounts(self) -> None:
        """The account choices for the kind; where a choice would be empty, the sentence saying why."""
        box = self.query_one("#step-accounts", VerticalScroll)
        await box.remove_children()
        assert self.kind is not None
        if not self.choices.loaded:
            await box.mount(Static("Reading your accounts…", classes="about"))
            return
        sources = pools.sources(self.choices)
        if not sources:
            await box.mount(_missing("From", pools.missing_source(self.choices)))
            return
        widgets: list[Any] = [_row("From (source account)", Select(pools.options(sources), value=sources[0].id,
                                                                   allow_blank=False, id="source"))]
        person = None
        if self.kind.has_field(PERSON):
            if not self.choices.people:
                await box.mount_all([*widgets, _missing("Send to", pools.missing_person())])
                return
            person = self.choices.people[0].id
            widgets.append(_row("Send to (person)", Select([(p.name, p.id) for p in self.choices.people],
                                                           value=person, allow_blank=False, id="person")))
        widgets.append(Vertical(self._destination(sources[0].id, person), id="destination-box"))
        if self.kind.has_field(SPENDING):
            spending = pools.spending(self.choices)
            widgets.append(_row("Spending account to round up",
                                Select(pools.options(spending), value=spending[0].id, allow_blank=False,
                                       id="spending")) if spending else _missing("Spending", pools.missing_spending()))
        await box.mount_all(widgets)

    def _destination(self, source: int | None, person: int | None, current: Any = None) -> Any:
        assert self.kind is not None
        pool = pools.destinations(self.kind, self.choices, source, person)
        if not pool:
            return _missing("To", pools.missing_destination(self.kind, self.choices, person))
        values = [a.id for a in pool]
        return _row("To (destination account)", Select(pools.options(pool), allow_blank=False, id="destination",
                                                       value=current if current in values else values[0]))

    @on(Select.Changed, "#source")
    @on(Select.Changed, "#person")
    async def _refresh_destinations(self) -> None:
        """The source is never offered as the destination; another person means their accounts."""
        found = self.query("#destination-box")
        if self.kind is None or not found:
            return
        box = found.first(Vertical)
        await box.remove_children()
        await box.mount(self._destination(self._value("#source"), self._value("#person"), self._value("#destination")))

    def _value(self, selector: str) -> Any:
        found = self.query(selector)
        if not found:
            return None
        value = found.first().value  # type: ignore[attr-defined]
        return None if value is Select.NULL else value

    def _missing_choice(self) -> str:
        """The first sentence saying what is missing, or "" when every choice is made."""
        missing = self.query(MissingChoice)
        return missing.first(MissingChoice).sentence if missing else ""

    # -- step 3: fields ---------------------------------------------------------
    async def _build_fields(self) -> None:
        assert self.kind is not None
        box = self.query_one("#step-fields", VerticalScroll)
        await box.remove_children()
        today = self.astra.clock.today().isoformat()
        widgets: list[Any] = [_row("Name", Input(value=f"My {self.kind.label.lower()}", id="f-name"))]
        for f in kind_fields(self.kind, today=today):
            widget = (Select(f.choices, value=f.value, allow_blank=False, id=f"f-{f.name}") if f.choices
                      else Input(value=f.value, placeholder=f.placeholder, id=f"f-{f.name}"))
            widgets += [_row(f.label, widget)]
        await box.mount_all(widgets)
        self.touched = set()

    def _body(self) -> dict[str, Any]:
        assert self.kind is not None
        body: dict[str, Any] = {"type": self.kind.type, "name": self.query_one("#f-name", Input).value,
                                "source_id": self._value("#source"), "destination_id": self._value("#destination")}
        if self.kind.has_field(PERSON):
            body[PERSON] = self._value("#person")
        if self.kind.has_field(SPENDING):
            body[SPENDING] = self._value("#spending")
        for f in self.kind.fields:
            if f.form is Form.ID:
                continue
            widget = self.query_one(f"#f-{f.name}")
            value = widget.value  # type: ignore[attr-defined]
            if f.optional and not str(value).strip():
                continue  # left empty: absent from the body (a transfer sent at once)
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
            if only_touched and field_key(exc.field) not in self.touched:
                error.update("")
            else:
                self._show_error(exc.field, exc.problem)
            return None
        error.update("")
        return model

    def _labels(self) -> dict[str, str]:
        assert self.kind is not None
        return self.kind.field_labels(new=True)

    @on(Input.Submitted, "#step-fields Input")
    async def _submitted(self) -> None:
        await self.action_next()

    # -- step 4: review ---------------------------------------------------------
    def _review(self, model: Any) -> None:
        """The creation tried with the ledger's rules and rolled back (its refusal is said inline), then
        the preview of its next runs and the forecast with and without it, read off the UI thread."""
        self.astra.precheck(lambda s, c: routines.create_routines(s, c, self.user_id, [model], False),
                            lambda _: self._read_review(model), reply_to=self)

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _read_review(self, model: Any) -> None:
        user_id, clock = self.user_id, self.astra.clock

        def read(db: Reader) -> RoutineWizard.Reviewed:
            draft = RoutineState.draft(user_id, model, clock.today())
            user = people.user(db, user_id)
            return self.Reviewed(preview_body(db, clock, user_id, model), user.transfer_limit if user else 0,
                                 draft.kind.summary(draft), what_if(db, clock, user_id, [model]))

        self.post_message(self.astra.reads.read(read))

    def on_routine_wizard_reviewed(self, message: Reviewed) -> None:
        assert self.kind is not None
        model = parse_body(self._body())
        names = self.choices.names()
        self.query_one("#review-summary", Static).update(Text.assemble(
            (model.name, "bold"), f" · {self.kind.label}\n",
            f"{names.get(model.source_id, '?')} → {names.get(model.destination_id, '?')} · {message.summary}"))
        review = message.preview
        fill_preview(self.query_one("#review-table", DataTable), review.rows)
        capped = any(CAPPED_AT_LIMIT in p.note for p in review.rows)  # not a card's cap at what is owed
        self.query_one("#review-note", Static).update(Text.assemble(
            (f"{review.warning}\n", "bold yellow") if review.warning else "",
            f"Your transfer limit is {format_money(message.limit)} per transfer",
            ": amounts above it are capped." if capped else ".",
            f"\n{self.kind.review_note}" if self.kind.review_note else ""))
        self.query_one("#review-forecast", Static).update(what_if_text(message.what_if))
        self._go("step-review")

    def on_change_refused(self, message: ChangeRefused) -> None:
        message.stop()
        self._show_error(message.field, message.problem)
        self.query_one("#next", Button).disabled = False

    def _show_error(self, field: str | None, problem: str) -> None:
        """The core's error under the fields, in the wizard's words, and the field it names marked."""
        self.query_one("#wizard-error", Static).update(in_words(field, problem, self._labels()))
        for widget in self.query(f"#f-{field_key(field)}"):
            widget.add_class("-invalid")

    def _create(self) -> None:
        model = parse_body(self._body())
        self.query_one("#next", Button).disabled = True

        def describe(db: Reader, created: list[Any]) -> str:
            routine = created[0]
            run = runs.latest_run(db, routine.id)
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
            missing = self._missing_choice()
            if missing or self._value("#source") is None or self._value("#destination") is None:
                self.query_one("#wizard-error", Static).update(missing or "Choose both accounts.")
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


def what_if_text(w: WhatIf, most: int = 3) -> Text:
    """The forecast's answer to "what if I make it": each account it touches, its lowest point without and
    with it, and the runs that would start failing because of it."""
    lines: list[Any] = [(f"The next {(w.last - w.first).days} days with it (forecast):", "bold")]
    for change in w.changes:
        b, a = change.before, change.after
        lines.append(f"\n  {a.name}: lowest {format_money(a.lowest)} on {a.lowest_on} "
                     f"(without it {format_money(b.lowest)} on {b.lowest_on})")
    if w.newly_failing:
        lines.append(("\n⚠ Would start failing because of it:", "bold yellow"))
        for run in w.newly_failing[:most]:
            lines.append((f"\n  {run.warning}", "yellow"))
        more = len(w.newly_failing) - most
        if more > 0:
            lines.append((f"\n  and {more} more (the forecast, 6, lists them once it is made)", "yellow"))
    else:
        lines.append("\n  No run would start failing because of it.")
    return Text.assemble(*lines)


def _row(label: str, widget: Any) -> Horizontal:
    return Horizontal(Label(label, classes="row-label"), widget, classes="field-row")


class MissingChoice(Static):
    """In place of a choice that would be empty: what is missing and how to get it."""

    def __init__(self, label: str, sentence: str) -> None:
        super().__init__(Text.assemble((label, "bold"), ": ", sentence), classes="about empty-choice")
        self.sentence = sentence


_missing = MissingChoice

