"""Consistent copies of the database with SQLite's online backup API.

A copy is taken inside one read transaction, so it is the ledger as of one
instant even while another process writes. Copies are private (0600) like the
database, and never overwrite an existing file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from astra_tui.db.errors import DatabaseProblem

BUSY_TIMEOUT_S = 5.0


def backup_to(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` to ``target`` (a new file, or a folder to put it in)."""
    source, target = Path(source), Path(target)
    if target.is_dir():
        stem = source.name.removesuffix(".db")
        target = _free_name(target / f"{stem}-backup.db")
    elif target.exists() or Path(f"{target}-wal").exists():
        raise DatabaseProblem(f"{target} already exists; give a new file name or a folder")
    elif not target.parent.is_dir():
        raise DatabaseProblem(f"the folder {target.parent} does not exist")
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise DatabaseProblem(f"cannot create {target}: {exc.strerror}") from None
    os.close(descriptor)
    try:
        _copy(source, target)
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    return target


def backup_beside(path: Path, revision: str) -> Path:
    """Before a schema upgrade: ``astra.db`` → ``astra.db.schema-0002.bak`` (numbered if taken)."""
    return backup_to(path, _free_name(path.with_name(f"{path.name}.schema-{revision}.bak")))


def _free_name(wanted: Path) -> Path:
    candidate, number = wanted, 1
    while candidate.exists():
        number += 1
        candidate = wanted.with_name(f"{wanted.stem}-{number}{wanted.suffix}")
    return candidate


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            dst.close()
    finally:
        src.close()
