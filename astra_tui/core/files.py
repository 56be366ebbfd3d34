"""Files astra-tui writes for a person (exports, statements): new, private, never replacing one that is there."""

from __future__ import annotations

import os
from pathlib import Path

from astra_tui.core.errors import AstraError


def write_new_private(path: str | Path, text: str) -> Path:
    """``text`` in a new file at ``path``, readable only by its owner (0600, as the database). A file already
    there is not replaced, and a folder that does not exist is not made."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise AstraError("output", f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise AstraError("output", f"the folder {target.parent} does not exist")
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AstraError("output", f"{target} already exists; give a new file name") from None
    except OSError as exc:
        raise AstraError("output", f"cannot create {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
