"""The core and the data layer never import Textual (STYLE.md 1), and nothing reads the clock but the clock."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "astra_tui"


def test_importing_the_core_and_the_command_line_does_not_import_textual():
    code = (
        "import sys\n"
        "import astra_tui.core.processor, astra_tui.core.routines, astra_tui.core.ledger\n"
        "import astra_tui.core.read.routines, astra_tui.cli.commands, astra_tui.cli.shapes\n"
        "import astra_tui.core.check, astra_tui.core.demo, astra_tui.db.engine, astra_tui.db.models, astra_tui.cli\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_first_screen_paints_without_the_heavy_libraries():
    """Start-up speed (README, "Speed"): the app and its accounts screen import neither SQLAlchemy,
    nor SQLModel, nor pydantic; those load in a worker after the first paint."""
    code = (
        "import sys\n"
        "import astra_tui.ui, astra_tui.ui.app, astra_tui.ui.screens.accounts, astra_tui.core.read.accounts\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_only_the_clock_module_reads_the_wall_clock():
    pattern = re.compile(r"datetime\.now\(|date\.today\(|datetime\.utcnow\(|time\.time\(")
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "clock.py" and pattern.search(p.read_text())]
    assert offenders == []


def test_no_float_in_the_core_or_the_data_layer():
    """Money is int cents and percentages basis points: the word float has no place there."""
    offenders = [f"{path.name}:{number}: {line.strip()}"
                 for path in list((PACKAGE / "core").rglob("*.py")) + list((PACKAGE / "db").rglob("*.py"))
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if re.search(r"\bfloat\b", line) and "parse_float=Decimal" not in line]  # JSON numbers → Decimal
    assert offenders == []
