"""Writing an import, all or nothing, in the caller's transaction (``service.perform`` processes due work
before and after it, as after any change).

The preview is made again inside the write transaction, so what is written is what the book holds at
that moment (another process may have imported the same file meanwhile). A refused row refuses the whole
file unless the person chose to skip refused rows. New rows become ``import`` transactions with one
``executemany``; each new deposit then sets its account's percentage-of-deposit routines going with the
walk's own rule (``walk.deposit_shares``), as a deposit typed by hand does; the next round-up counts the
new debits as it counts every imported or typed purchase.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable

from sqlmodel import Session

from astra_tui.core import money, store
from astra_tui.core.clock import Clock, utc_text
from astra_tui.core.errors import AstraError
from astra_tui.core.importing.plan import ImportPlan, plan
from astra_tui.core.importing.rows import BankRow
from astra_tui.core.importing.source import Source
from astra_tui.core.walk import deposit_shares
from astra_tui.db.engine import session_driver
from astra_tui.vocab import Origin, RoutineStatus


def refusal(preview: ImportPlan) -> AstraError | None:
    """Why the file as a whole is refused (its first refused row, and how many there are), or None."""
    refused = preview.refused
    if not refused:
        return None
    section, first = refused[0]
    more = f" ({len(refused)} rows are refused; --skip-refused imports the rest)" if len(refused) > 1 else (
        " (--skip-refused imports the rest)")
    column = f", {first.column}" if first.column else ""
    return AstraError("file", f"{preview.file_name}, row {first.row.number}{column}: {first.why}{more}")


def import_action(source: Source, skip_refused: bool = False) -> Callable[[Session, Clock], ImportPlan]:
    """The change that imports ``source``: returns the preview it carried out."""

    def act(session: Session, clock: Clock) -> ImportPlan:
        db = session_driver(session)
        preview = plan(db, clock, source.file_name, source.format, source.targets, source.notes)
        if not skip_refused and (problem := refusal(preview)) is not None:
            raise problem
        now = utc_text(clock.now())
        for section in preview.accounts:
            _write(db, section.account_id, section.new_rows, source.file_name, now)
        for file_account, account_id in source.links:
            db.execute("INSERT INTO import_accounts (file_account, account_id, created_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (file_account) DO UPDATE SET account_id = excluded.account_id",
                       (file_account, account_id, now))
        if source.save_mapping is not None:
            name, mapping, header = source.save_mapping
            db.execute("INSERT INTO import_mappings (name, spec, header, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, header = excluded.header, "
                       "updated_at = excluded.updated_at", (name, json.dumps(mapping.to_json()), header, now, now))
        return preview

    def dry_check(session: Session, clock: Clock) -> None:
        """The refusals alone, before due work is processed: the rows read, their dates, the account; not the
        comparison with what was imported before (a row refused is never one imported before)."""
        preview = plan(session_driver(session), clock, source.file_name, source.format, source.targets,
                       compare=False)
        if not skip_refused and (problem := refusal(preview)) is not None:
            raise problem

    act.dry_check = dry_check  # type: ignore[attr-defined]  # service.perform tries this, not a 100,000-row write
    return act


def _write(db: sqlite3.Connection, account_id: int, rows: list[BankRow], file_name: str, now: str) -> None:
    sql = db.execute
    if not rows:
        return
    seq = sql("SELECT seq FROM sqlite_sequence WHERE name = 'transactions'").fetchone()
    first = max(int(seq[0]) if seq else 0, int(sql("SELECT COALESCE(MAX(id), 0) FROM transactions").fetchone()[0])) + 1
    ordered = sorted(rows, key=lambda r: (r.posted_on or dt.date.min, r.number))
    numbered = [(tid, r, r.posted_on, r.amount) for tid, r in enumerate(ordered, first)
                if r.posted_on is not None and r.amount is not None]
    db.executemany(
        "INSERT INTO transactions (id, account_id, posted_on, amount, description, origin, transfer_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
        [(tid, account_id, day.isoformat(), amount, r.description, Origin.IMPORT, now)
         for tid, r, day, amount in numbered])
    db.executemany(
        "INSERT INTO imported_rows (account_id, key, transaction_id, posted_on, amount, description, file_name, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(account_id, r.key, tid, day.isoformat(), amount, r.description, file_name[:200], now)
         for tid, r, day, amount in numbered])
    total = sum(amount for _, _, _, amount in numbered)
    sql("UPDATE accounts SET balance = balance + ? WHERE id = ?", (total, account_id))
    balance = int(sql("SELECT balance FROM accounts WHERE id = ?", (account_id,)).fetchone()[0])
    if abs(balance) > money.MAX_CENTS:
        raise AstraError("file", "its new rows would take the balance past 999,999,999.99")
    deposits = [(tid, day, amount) for tid, _, day, amount in numbered if amount > 0]
    routines = [r for r in store.deposit_routines(db, account_id) if r.status == RoutineStatus.ACTIVE]
    if not deposits or not routines:
        return
    state = store.load_around(db, routines)
    for tid, day, amount in deposits:  # in date order, as if each had been typed on its day
        store.write(db, deposit_shares(state, account_id, tid, amount, day, now))


def forget_mapping(session: Session, clock: Clock, mapping_id: int) -> None:
    """A saved mapping is deleted (files of its layout are no longer recognised by it)."""
    session_driver(session).execute("DELETE FROM import_mappings WHERE id = ?", (mapping_id,))
