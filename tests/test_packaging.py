"""What `pip install .` gives a newcomer: the wheel holds every file the package needs.

The wheel is built from a clean copy of the sources (a stale ``build/`` folder in the
checkout could otherwise hide a missing package-data line), exactly as pip builds it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "astra_tui"
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def _package_files() -> list[str]:
    """Every file of the package, as a path from the project root (the files git knows, if it can say)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", "astra_tui"], cwd=ROOT, capture_output=True,
                                check=True).stdout.decode().split("\0")
        files = [name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        files = []
    if not files:  # not a git checkout (an unpacked sdist, say): walk the folder
        files = [p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return sorted(files)


def _setuptools_can_build() -> bool:
    """Whether this environment can build the wheel without downloading a build backend."""
    def version(name: str) -> tuple[int, ...] | None:
        try:
            return tuple(int(part) for part in metadata.version(name).split(".")[:2])
        except (metadata.PackageNotFoundError, ValueError):
            return None

    tools = version("setuptools")
    if tools is None or tools < (68, 0):
        return False
    return tools >= (70, 1) or version("wheel") is not None  # bdist_wheel moved into setuptools in 70.1


def build_wheel(out: Path) -> Path:
    source = out / "source"
    shutil.copytree(PACKAGE, source / "astra_tui", ignore=_IGNORED)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out / "wheel"), str(source)]
    if _setuptools_can_build():
        command.insert(4, "--no-build-isolation")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (out / "wheel").glob("astra_tui-*.whl")
    return wheel


def test_every_file_the_package_needs_is_in_the_wheel(tmp_path: Path) -> None:
    data_files = [name for name in _package_files() if not name.endswith(".py")]
    assert "astra_tui/ui/app.tcss" in data_files  # the list is real: the stylesheet is among them
    with zipfile.ZipFile(build_wheel(tmp_path)) as wheel:
        shipped = set(wheel.namelist())
    missing = [name for name in data_files if name not in shipped]
    assert not missing, f"not in the wheel: {missing}"
    python_files = [name for name in _package_files() if name.endswith(".py")]
    assert set(python_files) <= shipped
