"""The command line's bank files (issue 12): ``import`` (OFX, QFX, CSV, with a preview), ``mappings``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from astra_tui.cli.context import Context
from astra_tui.cli.output import emit, print_table
from astra_tui.core.errors import AstraError
from astra_tui.core.read.db import Reader
from astra_tui.core.words import plural


def _into(pairs: list[str]) -> dict[str, object]:
    chosen: dict[str, object] = {}
    for pair in pairs:
        digits, _, ref = pair.partition("=")
        if not digits.strip().isalnum() or not ref.strip():
            raise AstraError("into", f"{pair!r} is not DIGITS=ID (the last digits of the bank's account number, "
                             "then the account it goes into)")
        chosen[digits.strip()] = ref.strip()
    return chosen


def _import(ctx: Context, a: argparse.Namespace) -> None:
    from pathlib import Path

    from astra_tui.core.importing import source as sources
    from astra_tui.core.importing.plan import plan

    data = sources.read_bytes(a.file)
    name = Path(a.file).name
    into = _into(a.into)

    def aim(db: Reader) -> Any:
        return sources.load(db, name, data, account=a.account, fmt=a.format, mapping_name=a.mapping,
                            mapping_json=a.map, save_as=a.save_mapping, into=into)

    source = ctx.read(aim)
    if a.dry_run:
        done = ctx.read(lambda db: plan(db, ctx.clock, name, source.format, source.targets, source.notes))
    else:
        from astra_tui.core.importing.apply import import_action  # the writing (SQLModel with it): not for a preview

        done = ctx.perform(import_action(source, a.skip_refused))  # refuses, writing nothing, if a row is refused
    if a.json:
        emit(True, import_json(done, written=not a.dry_run), lambda: None)
    else:
        _import_text(done, written=not a.dry_run)


def _section_json(s: Any) -> dict[str, Any]:
    from astra_tui.core.money import money_json

    return {"account_id": s.account_id, "account_name": s.account_name, "file_account": s.file_account,
            "file_label": s.file_label, "new": s.count("new"), "duplicate": s.count("duplicate"),
            "refused": s.count("refused"), "ignored": s.count("ignored"), "change": money_json(s.change),
            "effects": s.effects}


def import_json(preview: Any, written: bool) -> dict[str, Any]:
    from astra_tui.core.money import money_json

    return {
        "file": preview.file_name, "format": preview.format, "written": written, "notes": preview.notes,
        "accounts": [_section_json(s) for s in preview.accounts],
        "rows": [{"account_id": s.account_id, "row": r.row.number,
                  "date": r.row.posted_on.isoformat() if r.row.posted_on else None,
                  "amount": money_json(r.row.amount) if r.row.amount is not None else None,
                  "description": r.row.description, "status": r.status, "column": r.column, "why": r.why}
                 for s in preview.accounts for r in s.rows],
    }


SHOWN = 50  # rows of each kind the text lists (--json lists them all)


def _import_text(preview: Any, written: bool) -> None:
    for s in preview.accounts:
        section = _section_json(s)
        bank = f", from the {section['file_label']}" if section["file_label"] else ""
        print(f"{preview.file_name} into {section['account_name']} (account {section['account_id']}){bank}: "
              f"{section['new']} new, {section['duplicate']} duplicate, {section['refused']} refused"
              + (f", {section['ignored']} moving nothing" if section["ignored"] else "")
              + (f"; change {section['change']}" if section["new"] else ""))
        alike = sum(1 for r in s.rows if r.status == "new" and r.reason)
        for status, title, count in (("refused", "Refused", section["refused"]),
                                     ("duplicate", "Duplicates", section["duplicate"]),
                                     ("ignored", "Moving nothing", section["ignored"]),
                                     ("new", "New, but like one already there (look before trusting it)", alike)):
            if not count:
                continue
            print(f"  {title}:")
            for r in [r for r in s.rows if r.status == status and (status != "new" or r.reason)][:SHOWN]:
                where = f", {r.column}" if r.column else ""
                print(f"    row {r.row.number}{where}: {r.row.description}: {r.why}")
            if count > SHOWN:
                print(f"    … and {count - SHOWN:,} more (--json lists them all)")
        if s.effects:
            print("  It sets off:" if written else "  It would set off:")
            for line in s.effects:
                print(f"    {line}")
    for note in preview.notes:
        print(f"({note})")
    new = preview.count("new")
    if not written:
        print(f"Dry run: {plural(new, 'transaction')} would be imported; nothing was written.")
    elif new:
        print(f"Imported {plural(new, 'transaction')}.")
    else:
        print("Nothing new: every row was imported before (or moves nothing).")


def _mappings(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import imports as read_imports

    if a.action == "list":
        rows = ctx.read(lambda db: [_mapping_json(m) for m in read_imports.mappings(db)])
        emit(a.json, rows, lambda: print_table(("NAME", "COLUMNS", "UPDATED"),
                                               [(r["name"], ", ".join(r["columns"]) or "-", r["updated_at"][:10])
                                                for r in rows]))
        return
    found = ctx.read(lambda db: read_imports.saved_mapping(db, a.name, "name"))
    shape = _mapping_json(found)
    if a.action == "delete":
        from astra_tui.core.importing.apply import forget_mapping

        ctx.perform(lambda s, c: forget_mapping(s, c, found.id))
        emit(a.json, shape, lambda: print(f"Deleted the mapping {found.name!r}."))
        return
    emit(a.json, shape, lambda: print(json.dumps(shape["mapping"], indent=2, ensure_ascii=False)))


def _mapping_json(m: Any) -> dict[str, Any]:
    return {"name": m.name, "mapping": json.loads(m.spec), "columns": [c for c in m.header.split("\t") if c],
            "updated_at": m.updated_at[:19]}


def _write_out(text: str, output: str | None) -> None:
    """``text`` printed, or written to a new private file at ``output`` (an existing file is never replaced)."""
    if output is None:
        print(text, end="")
        return
    from astra_tui.core.files import write_new_private

    path = write_new_private(output, text)
    print(f"Wrote {path}.")


def _export(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import exports
    from astra_tui.core.errors import checked
    from astra_tui.core.read import accounts
    from astra_tui.core.schedule import parse_date

    if a.action == "journal":
        text = ctx.read(lambda db: exports.journal(db, ctx.clock.today()))
    else:
        first = checked("from", parse_date, a.first) if a.first else None
        last = checked("to", parse_date, a.last) if a.last else None
        if first and last and last < first:
            raise AstraError("to", f"{last} is before --from {first}")

        def query(db: Reader) -> str:
            account_id = accounts.account(db, a.account).id if a.account else None
            return exports.export(db, a.action, a.format, account_id, first, last)

        text = ctx.read(query)
    _write_out(text, a.output)


def _statements(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import statements

    text = ctx.read(lambda db: statements.render(statements.statement(db, a.account, a.month, ctx.clock.today()),
                                                 a.format))
    _write_out(text, a.output)


BANK_FILES = {"import": _import, "mappings": _mappings, "export": _export, "statements": _statements}
