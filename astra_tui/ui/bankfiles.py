"""Bank files in the app (issue 12 §4): importing a file from an account's screen — the file (a path with
completion), the account, for a CSV the mapping with the first rows shown as they will be read, the
preview, then confirm. (Saving an export or a statement: ``ui/save_file.py``.)

Everything is read and previewed off the UI thread with the core's own import (``core.importing``): the
preview is the one the command line's ``--dry-run`` prints, and confirming is the same change.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from astra_tui.core.errors import AstraError
from astra_tui.core.money import format_money
from astra_tui.core.read.db import Reader
from astra_tui.core.words import plural
from astra_tui.ui.csv_mapping import MappingForm
from astra_tui.ui.fit import Col, FittedTable
from astra_tui.ui.forms import in_words
from astra_tui.ui.host import host_of
from astra_tui.ui.messages import ChangeRefused, LedgerChanged

SAMPLE = 8  # rows shown as they will be read
BIG = 5_000  # rows from which reading and writing show a progress bar


class PathSuggester(Suggester):
    """Completes a path as typed: the first entry of its folder that starts with what follows the last slash."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """Looked up in a thread: a slow or network folder never holds up the screen."""
        return await asyncio.to_thread(self._complete, value) if value else None

    @staticmethod
    def _complete(value: str) -> str | None:
        if not value:
            return None
        typed = Path(os.path.expanduser(value))
        folder, start = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
        hidden_too = start.startswith(".")  # dot files only when asked for
        try:
            names = sorted(entry.name for entry in os.scandir(folder)
                           if entry.name.startswith(start) and (hidden_too or not entry.name.startswith(".")))
        except OSError:
            return None
        if not names or names[0] == start:
            return None
        return value + names[0][len(start):] + (os.sep if (folder / names[0]).is_dir() else "")


class ImportScreen(ModalScreen[Any]):
    """Import a bank file into one of the person's accounts."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+c", "app.help_quit", show=False, system=True)]

    class Looked(Message):
        def __init__(self, source: Any, preview: Any, header: list[str]) -> None:
            super().__init__()
            self.source, self.preview, self.header = source, preview, header

    class LookFailed(Message):
        """The file could not be read as it is; ``header`` is a CSV's columns when they could be found, so the
        mapping can be made here."""

        def __init__(self, field: str | None, problem: str, header: list[str] | None = None) -> None:
            super().__init__()
            self.field, self.problem, self.header = field, problem, header or []

    class NeedAccounts(Message):
        """A file of several accounts: (the bank's account number, how it reads, the account it went to before)."""

        def __init__(self, statements: list[tuple[str, str, int | None]]) -> None:
            super().__init__()
            self.statements = statements

    class Choices(Message):
        def __init__(self, accounts: list[tuple[str, int]]) -> None:
            super().__init__()
            self.accounts = accounts

    def __init__(self, account_id: int, user_id: int, account_name: str, folder: Path | None = None) -> None:
        super().__init__(classes="form-screen")
        self.account_id, self.user_id = account_id, user_id
        self.choices = [(account_name, account_id)]  # the person's other open accounts are read when it opens
        self.folder = folder or Path.home()
        self.source: Any = None
        self.preview: Any = None
        self.header: list[str] = []
        self.filling = False  # the mapping's fields are being filled in from a file, not changed by the person
        self.mapping_shown = False
        self.used_mapping: str | None = None  # the mapping the rows shown were read with
        self.statements: list[str] = []  # a multi-account file's accounts, as the rows below the file name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="import-dialog"):
            yield Label("Import a bank file (OFX, QFX or CSV)", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("File", classes="field-label")
                yield Input(placeholder=f"{self.folder}{os.sep}statement.ofx", id="field-file",
                            suggester=PathSuggester(), compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Into", classes="field-label")
                yield Select(self.choices, value=self.account_id, allow_blank=False, id="field-account",
                             compact=True)
            yield Static("Type the file's path (→ completes it), then enter.", id="about", classes="dialog-note")
            yield Vertical(id="ofx-accounts")
            yield MappingForm(id="csv-map")
            yield FittedTable(Col("row", "Row"), Col("date", "Date"), Col("amount", Text("Amount", justify="right")),
                              Col("status", "Reads as"), Col("what", "Description", flex=True, least=16),
                              id="sample", cursor_type="none", zebra_stripes=True)
            yield Static("", id="summary")
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="progress")
            yield Checkbox("Skip refused rows", id="skip")
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="submit", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#csv-map").display = False
        self.query_one("#sample").display = False
        self.query_one("#progress").display = False
        self.query_one("#field-file", Input).focus()
        self._read_choices()

    @work(thread=True, exclusive=True, group="import-choices", exit_on_error=False)
    def _read_choices(self) -> None:
        from astra_tui.core.read import accounts

        self.post_message(self.Choices(host_of(self).reads.read(lambda db: [(a.name, a.id) for a in accounts.accounts(
            db, self.user_id, open_only=True)])))

    def on_import_screen_choices(self, message: Choices) -> None:
        self.choices = message.accounts
        self.filling = True
        self.query_one("#field-account", Select).set_options(self.choices)
        self.query_one("#field-account", Select).value = self.account_id
        self.call_after_refresh(self._filled)

    # -- reading the file ---------------------------------------------------------------------------------
    @on(Input.Submitted, "#field-file")
    @on(Select.Changed, "#field-account")
    def look_again(self) -> None:
        if not self.filling and self.query_one("#field-file", Input).value.strip():
            self.look()

    @on(Select.Changed, "#csv-map Select")
    @on(Checkbox.Changed, "#csv-map Checkbox")
    @on(Input.Submitted, "#csv-map Input")
    @on(Select.Changed, "#ofx-accounts Select")
    def mapping_changed(self) -> None:
        if self.filling or (self.source is None and not self.header and not self.statements):
            return
        if self.mapping_shown and self._mapping_json() == self.used_mapping and not self.statements:
            return  # the fields were filled in from the file: nothing the person changed
        self.look()

    def look(self) -> None:
        self.query_one("#form-error", Static).update("")
        self.query_one("#submit", Button).disabled = True
        self.query_one("#progress").display = True
        path = self.query_one("#field-file", Input).value.strip()
        account = self.query_one("#field-account", Select).value
        csv_mapping = self._mapping_json() if self.mapping_shown else None
        self.used_mapping = csv_mapping
        save_as = self.query_one(MappingForm).save_as() if self.mapping_shown else None
        into = self._into()
        self._look(path, account, csv_mapping, save_as, into)

    @work(thread=True, exclusive=True, group="import-look", exit_on_error=False)
    def _look(self, path: str, account: Any, csv_mapping: str | None, save_as: str | None,
              into: dict[str, object]) -> None:
        from astra_tui.core.importing import source as sources
        from astra_tui.core.importing.plan import plan

        host = host_of(self)
        try:
            data = sources.read_bytes(path)
            name = Path(path).name

            def read(db: Reader) -> tuple[Any, Any]:
                found = sources.load(db, name, data, account=account, mapping_json=csv_mapping, save_as=save_as,
                                     into=into)
                return found, plan(db, host.clock, name, found.format, found.targets, found.notes)

            found, preview = host.reads.read(read)
        except AstraError as exc:
            self.post_message(self._why_not(exc, path, into))
            return
        except Exception as exc:  # a bug, or a database that cannot be read: said here, never a stuck dialog
            self.post_message(self.LookFailed(None, f"the file could not be read: {type(exc).__name__}: {exc}"))
            raise
        header = found.csv.header if found.csv is not None else []
        self.post_message(self.Looked(found, preview, header))

    def _why_not(self, exc: AstraError, path: str, into: dict[str, object]) -> Message:
        """What the dialog can offer when the file cannot be read as it is (in the worker's thread): a file of
        several accounts asks where each goes; a CSV shows its columns to map, and the encoding to change."""
        from astra_tui.core.importing import csvfile, ofx
        from astra_tui.core.importing import source as sources
        from astra_tui.core.importing.rows import FileProblem
        from astra_tui.core.read import imports as read_imports

        try:
            data = sources.read_bytes(path)
            kind = sources.format_of(path, data, None)
            if kind in ("ofx", "qfx") and exc.field == "account":
                statements = ofx.read_ofx(data)
                if len(statements) > 1:
                    remembered = host_of(self).reads.read(lambda db: [
                        read_imports.account_for_file(db, st.file_account) for st in statements])
                    return self.NeedAccounts([(st.file_account.rsplit(":", 1)[-1], st.label,
                                               into_id if isinstance(into_id, int) else known)
                                              for st, known in zip(statements, remembered)
                                              for into_id in [sources.into_for(st.file_account, into)]])
            if kind == "csv":
                return self.LookFailed(exc.field, exc.problem, csvfile.sniff(data)[0])
        except (AstraError, FileProblem):
            pass
        return self.LookFailed(exc.field, exc.problem)

    def on_import_screen_look_failed(self, message: LookFailed) -> None:
        from astra_tui.core.importing.csvfile import Mapping, guessed

        self.query_one("#progress").display = False
        self.source = self.preview = None
        self.query_one("#form-error", Static).update(in_words(message.field, message.problem, {"file": "File"}))
        if message.header and not (self.mapping_shown and message.header == self.header):
            self._fill_mapping(guessed(message.header) or Mapping(), message.header)
            self.query_one("#about", Static).update("CSV · choose below which column holds what")

    def on_import_screen_need_accounts(self, message: NeedAccounts) -> None:
        """One choice a bank account, below the file; each remembered once imported."""
        self.query_one("#progress").display = False
        self.source = self.preview = None
        self.query_one("#form-error", Static).update("The file holds several accounts: choose where each goes.")
        if self.statements:
            return
        self.statements = [number for number, _, _ in message.statements]
        box = self.query_one("#ofx-accounts", Vertical)
        self.filling = True
        for index, (_, label, known) in enumerate(message.statements):
            chosen = known if known is not None else (self.account_id if index == 0 else None)
            select: Select[Any] = Select(self.choices, prompt="(choose where it goes)", allow_blank=True,
                                         compact=True)
            if chosen is not None:
                select.value = chosen
            box.mount(Horizontal(Label(label[:22], classes="field-label"), select, classes="form-row"))
        self.call_after_refresh(self._filled)

    def on_import_screen_looked(self, message: Looked) -> None:
        self.query_one("#progress").display = False
        self.source, self.preview = message.source, message.preview
        source, preview = message.source, message.preview
        self.query_one("#about", Static).update(" · ".join([source.format.upper(), *source.notes]))
        if source.csv is not None:
            self._fill_mapping(source.csv.mapping, message.header)
        self.query_one("#form-error", Static).update("")
        self._show_sample(preview)
        self._show_summary(preview)

    def _fill_mapping(self, mapping: Any, header: list[str]) -> None:
        if self.mapping_shown and header == self.header:
            return  # the person's own choices stay as they are
        self.filling, self.mapping_shown, self.header = True, True, header
        form = self.query_one(MappingForm)
        form.display = True
        form.fill(mapping, header)
        self.used_mapping = form.to_json()
        self.call_after_refresh(self._filled)

    def _filled(self) -> None:
        self.filling = False

    def _mapping_json(self) -> str:
        return self.query_one(MappingForm).to_json()

    def _into(self) -> dict[str, object]:
        chosen: dict[str, object] = {}
        for number, select in zip(self.statements, self.query("#ofx-accounts Select").results(Select)):
            if select.value is not Select.NULL:
                chosen[number] = select.value
        return chosen

    def _show_sample(self, preview: Any) -> None:
        table = self.query_one("#sample", FittedTable)
        table.display = True
        shown = [r for section in preview.accounts for r in section.rows][:SAMPLE]
        status = {"new": Text("new", style="green"), "duplicate": Text("duplicate", style="dim"),
                  "refused": Text("refused", style="bold red"), "ignored": Text("moves nothing", style="dim")}
        table.fill([((str(r.row.number), r.row.posted_on.isoformat() if r.row.posted_on else "—",
                      Text(format_money(r.row.amount), justify="right") if r.row.amount is not None else Text("—"),
                      status[r.status], Text(f"{r.row.description}: {r.why}" if r.why else r.row.description)), None)
                    for r in shown])

    def _show_summary(self, preview: Any) -> None:
        lines = []
        for section in preview.accounts:
            counts = [plural(section.count("new"), "new row"), f"{section.count('duplicate')} duplicate",
                      f"{section.count('refused')} refused"]
            if section.count("ignored"):
                counts.append(f"{section.count('ignored')} moving nothing")
            change = f"; {format_money(section.change)} in all" if section.count("new") else ""
            lines.append(f"Into {section.account_name}: {', '.join(counts)}{change}.")
            lines += [f"  It would set off: {effect}" for effect in section.effects[:6]]
        refused = preview.refused
        for _, r in refused[:3]:
            where = f", {r.column}" if r.column else ""
            lines.append(f"  Refused: row {r.row.number}{where}: {r.why}")
        if len(refused) > 3:
            lines.append(f"  … and {plural(len(refused) - 3, 'more refused row')}")
        if refused:
            lines.append("A refused row holds back the whole file; tick Skip refused rows to import the rest.")
        looks = sum(1 for section in preview.accounts for r in section.rows if r.status == "new" and r.why)
        if looks:
            lines.append(f"{plural(looks, 'new row')} match the date and amount of one already here (from "
                         "another file, or typed): look before importing.")
        self.query_one("#summary", Static).update("\n".join(lines))
        self._allow_import()

    @on(Checkbox.Changed, "#skip")
    def _allow_import(self) -> None:
        preview = self.preview
        can = preview is not None and preview.count("new") > 0 and (
            not preview.refused or self.query_one("#skip", Checkbox).value)
        self.query_one("#submit", Button).disabled = not can

    # -- importing ----------------------------------------------------------------------------------------
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        from astra_tui.core.importing.apply import import_action

        if self.source is None:
            return
        self.query_one("#submit", Button).disabled = True
        self.query_one("#progress").display = True
        skip = self.query_one("#skip", Checkbox).value
        new = self.preview.count("new") if self.preview else 0
        host_of(self).change(import_action(self.source, skip), reply_to=self, describe=lambda db, done: _told(done))
        if new >= BIG:
            self.query_one("#about", Static).update(f"Importing {new:,} rows…")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_change_refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.query_one("#progress").display = False
        self.query_one("#form-error", Static).update(in_words(message.field, message.problem, {"file": "File"}))
        self._allow_import()

    def on_ledger_changed(self, message: LedgerChanged) -> None:
        message.stop()
        self.dismiss(message.result)


def _told(done: Any) -> str:
    """The toast after an import: how many into which accounts, and what was left out."""
    into = ", ".join(f"{plural(section.count('new'), 'transaction')} into {section.account_name}"
                     for section in done.accounts if section.count("new"))
    skipped = done.count("refused")
    said = f"Imported {into} from {done.file_name}." if into else "Nothing new was imported."
    return said + (f" {plural(skipped, 'refused row')} skipped." if skipped else "")
