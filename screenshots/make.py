"""Make the README's screenshots from the demo household: python screenshots/make.py

Each main screen is saved as an SVG beside this script, at a fixed size and a
fixed clock, so the pictures change only when the app does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.ui_helpers import demo_app, keys, settle, steady_cursors  # noqa: E402

SIZE = (100, 30)
SHOTS = {
    "since-last-run": (),
    "accounts": ("enter",),
    "routines": ("enter", "2"),
    "routine-detail": ("enter", "2", "down", "down", "enter"),
    "wizard-kinds": ("enter", "n"),
    "wizard-review": ("enter", "n", "down", "down", "enter", "ctrl+n", "tab", *"50", "ctrl+n"),
    "history": ("enter", "3"),
    "notifications": ("enter", "4"),
    "forecast": ("enter", "6"),
    "planned": ("enter", "7"),
    "import": ("enter", "enter", "i", *"tests/data/preamble.csv", "enter"),  # a path from the repository's root
}


async def shoot(name: str, presses: tuple[str, ...], folder: Path) -> None:
    app = demo_app(folder / f"{name}.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, *presses)
        app.save_screenshot(str(HERE / f"{name}.svg"))


def main() -> None:
    os.chdir(HERE.parent)  # the import screenshot names a file of tests/data by a path from here
    steady_cursors()
    with tempfile.TemporaryDirectory() as folder:
        for name, presses in SHOTS.items():
            asyncio.run(shoot(name, presses, Path(folder)))
            print(f"screenshots/{name}.svg")


if __name__ == "__main__":
    main()
