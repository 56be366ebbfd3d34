"""A bank file read and aimed: its format (from the name or the content), its rows, the account each of its
accounts goes to, and for a CSV the mapping it is read with. Pure reading and the book's answers; nothing
is written (``apply`` writes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from astra_tui.core.errors import AstraError, checked
from astra_tui.core.importing import csvfile, ofx
from astra_tui.core.importing.plan import Target
from astra_tui.core.importing.rows import FileProblem
from astra_tui.core.parsing import clean_name
from astra_tui.core.read import accounts
from astra_tui.core.read import imports as read_imports
from astra_tui.core.read.db import Reader
from astra_tui.vocab import AccountKind

FORMATS = ("ofx", "qfx", "csv")
MAX_BYTES = 200 * 1024 * 1024  # a bank's download is far smaller; a bigger file is not one


@dataclass
class Source:
    """What an import would take in: the rows and the account each goes to, and what to remember."""

    file_name: str
    format: str
    targets: list[Target]
    notes: list[str] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # a file's accounts, to remember
    save_mapping: tuple[str, csvfile.Mapping, str] | None = None  # (name, mapping, header) to save
    csv: csvfile.CsvRead | None = None  # how a CSV was read (its first rows, for the app)


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or AstraError naming it."""
    p = Path(path).expanduser()
    try:
        if p.is_dir():
            raise AstraError("file", f"{p} is a folder, not a file")
        if p.stat().st_size > MAX_BYTES:
            raise AstraError("file", f"{p} is larger than 200 MB: not a bank's download")
        return p.read_bytes()
    except OSError as exc:
        raise AstraError("file", f"cannot read {p}: {exc.strerror or exc}") from None


def format_of(name: str, data: bytes, given: str | None) -> str:
    if given:
        if given not in FORMATS:
            raise AstraError("format", f"{given!r} is not one of {', '.join(FORMATS)}")
        return given
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    return "ofx" if ofx.looks_like_ofx(data) else "csv"


def _problem(name: str, problem: FileProblem) -> AstraError:
    where = f", {problem.where}," if problem.where else ""
    return AstraError("file", f"{name}{where} {problem.problem}")


def load(db: Reader, name: str, data: bytes, *, account: object = None, fmt: str | None = None,
         mapping_name: str | None = None, mapping_json: str | None = None, save_as: str | None = None,
         into: dict[str, object] | None = None) -> Source:
    """``data`` (the file called ``name``) read for import: AstraError naming the field (file, account,
    mapping, format) when it cannot be."""
    kind = format_of(name, data, fmt)
    account_id = accounts.account(db, account).id if account not in (None, "") else None
    try:
        if kind in ("ofx", "qfx"):
            return _ofx_source(db, name, kind, ofx.read_ofx(data), account_id, into or {})
        if account_id is None:
            raise AstraError("account", "give the account a CSV file is imported into (--account ID)")
        return _csv_source(db, name, data, account_id, mapping_name, mapping_json, save_as)
    except FileProblem as problem:
        raise _problem(name, problem) from None


def _ofx_source(db: Reader, name: str, kind: str, statements: list[ofx.Statement], account_id: int | None,
                into: dict[str, object]) -> Source:
    targets, links, missing = [], [], []
    for statement in statements:
        chosen = _chosen(db, statement, into)
        if chosen is None and account_id is not None and len(statements) == 1:
            chosen = account_id
        if chosen is None:
            chosen = read_imports.account_for_file(db, statement.file_account)
        if chosen is None:
            missing.append(statement)
            continue
        targets.append(Target(chosen, statement.rows, statement.file_account, statement.label))
        links.append((statement.file_account, chosen))
    if missing:
        if len(statements) == 1:
            raise AstraError("account", f"give the account to import {statements[0].label} into (--account ID); "
                             "it is remembered for next time")
        said = "; ".join(s.label for s in missing)
        raise AstraError("account", f"the file holds {len(statements)} accounts; say which account each goes to "
                         f"with --into LAST_DIGITS=ID for {said} (remembered for next time)")
    if len({t.account_id for t in targets}) < len(targets):
        raise AstraError("account", "two of the file's accounts would go into the same account")
    notes = [f"{s.label}: {len(s.rows)} transactions" for s in statements]
    for statement, target in zip(statements, targets):
        account = accounts.account(db, target.account_id)
        if statement.card != (account.kind == AccountKind.CREDIT_CARD):
            notes.append(f"note: the file's {statement.label} goes into {account.name}, a {account.kind} account")
        if statement.currency not in ("", "USD"):
            notes.append(f"note: the file's amounts are in {statement.currency}; they are read as dollars")
    return Source(name, kind, targets, notes, links)


def into_for(file_account: str, into: dict[str, object]) -> object | None:
    """The account ``into`` names for a file's account: the one given for the last digits of its number."""
    number = file_account.rsplit(":", 1)[-1]
    return next((ref for digits, ref in into.items() if digits and number.endswith(digits)), None)


def _chosen(db: Reader, statement: ofx.Statement, into: dict[str, object]) -> int | None:
    ref = into_for(statement.file_account, into)
    return accounts.account(db, ref).id if ref is not None else None


def _csv_source(db: Reader, name: str, data: bytes, account_id: int, mapping_name: str | None,
                mapping_json: str | None, save_as: str | None) -> Source:
    notes: list[str] = []
    base: csvfile.Mapping | None = None
    if mapping_name:
        named = read_imports.saved_mapping(db, mapping_name)
        base = csvfile.mapping_from(json.loads(named.spec))
        notes.append(f"read with the mapping {named.name!r}")
    header, _, delimiter = csvfile.sniff(data, base)
    key = csvfile.header_key(header)
    if base is None:
        saved = read_imports.mapping_for_header(db, key)
        if saved is not None:
            base = csvfile.mapping_from(json.loads(saved.spec))
            notes.append(f"recognised: read with the mapping {saved.name!r} saved for these columns")
        elif (layout := csvfile.layout_for(header)) is not None:
            base = layout.mapping
            notes.append(f"recognised as the layout {layout.name!r}")
            if base.delimiter == csvfile.AUTO and delimiter == ";" and base.decimal == ".":
                base = replace(base, decimal=",")  # columns split by ";" are a decimal-comma country's export
                notes.append("separated by ';': amounts read with a decimal comma")
    if mapping_json is not None:
        mapping = csvfile.mapping_from(mapping_json, base)
        notes.append("read with the mapping as chosen")
    elif base is None:
        raise AstraError("mapping", f"the columns ({csvfile.shown(header)}) are not a layout astra-tui knows; give one "
                         'with --map \'{"date": …, "amount": …, "description": […]}\' (and --save-mapping NAME to '
                         "keep it)")
    else:
        mapping = base
    read = csvfile.read_csv(data, mapping)
    skipped = f", {read.skipped} lines before the header skipped" if read.skipped else ""
    notes.append(f"dates read as {csvfile.said_pattern(read.date_format)}{skipped}")
    save = None
    if save_as is not None:
        save = (checked("save-mapping", lambda v: clean_name(v, max_length=100), save_as), mapping,
                csvfile.header_key(read.header))
    return Source(name, "csv", [Target(account_id, read.rows)], notes, [], save, read)
