"""What a newcomer gets: build the wheel, install it (not editable) into a fresh virtual
environment, and start the installed app on the demo in a real pseudo-terminal until the
accounts screen has drawn; then quit. Exits non-zero, saying which step failed, otherwise.

    python3 .ci/wheel_smoke.py [--keep]

Needs only the standard library (and a package index for the app's dependencies, as
`pip install .` does). Runs unattended: the app's terminal is a pty, never this stdin.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, ROWS = 80, 24
TIMEOUT_S = 60.0
# The demo's accounts (astra_tui/core/demo.py): all three on the terminal means the accounts screen drew.
MARKERS = ("Checking", "Savings", "Travel card")
# Build leftovers and local data never go into the copy the wheel is built from.
_NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", ".ci-*", "build", "dist", "*.egg-info", "__pycache__",
                                      "*.pyc", ".pytest_cache", ".hypothesis", ".data", "*.db", "*.db-wal",
                                      "*.db-shm", "snapshot_report.html")
_ESCAPES = re.compile(r"\x1b\[[0-9;:?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\"
                      r"|\x1b[()][0-9A-Za-z]|\x1b[=>78cM]")


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without anything that could point Python or the app elsewhere (PYTHONPATH, ASTRA_TUI_DB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASTRA_TUI", "TEXTUAL", "PYTHON"))}
    env.update(extra)
    return env


class Failed(Exception):
    """A step failed; the message says which and why."""


def step(title: str, command: list[str], **options: object) -> None:
    print(f"+ {' '.join(command)}", flush=True)
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
                          env=clean_env(), **options)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise Failed(f"{title} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def build_and_install(work: Path) -> Path:
    """A clean copy of the sources → a wheel → a fresh venv with that wheel installed; returns the venv."""
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCES)
    venv = work / "venv"
    step("making a fresh virtual environment", [sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    step("building the wheel", [str(python), "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                                str(work / "wheel"), str(source)])
    wheels = sorted((work / "wheel").glob("astra_tui-*.whl"))
    if len(wheels) != 1:
        raise Failed(f"expected one astra_tui wheel, found {[w.name for w in wheels]}")
    print(f"  built {wheels[0].name}", flush=True)
    step("installing the wheel", [str(python), "-m", "pip", "install", "--quiet", str(wheels[0])])
    # The installed package must be the one in the venv, not this checkout.
    check = f"import astra_tui, sys; sys.exit(not astra_tui.__file__.startswith({str(venv)!r}))"
    step("importing the installed package", [str(python), "-c", check], cwd=work)
    return venv


def screen_text(raw: bytes) -> str:
    return _ESCAPES.sub("", raw.decode("utf-8", errors="replace"))


def run_demo(venv: Path, work: Path) -> None:
    """``astra-tui --demo`` in an 80×24 pseudo-terminal: wait for the accounts, press q, expect status 0."""
    program = venv / "bin" / "astra-tui"
    env = clean_env(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS), TMPDIR=str(work),
                    HOME=str(work / "home"))
    (work / "home").mkdir()
    print(f"+ {program} --demo   (in a {COLUMNS}x{ROWS} pty)", flush=True)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal and its stdin, stdout and stderr
        try:
            os.chdir(work)
            os.execve(str(program), [str(program), "--demo"], env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    output = bytearray()
    status: int | None = None

    def read_for(seconds: float, until: object = None) -> bool:
        """Read the terminal for up to ``seconds``; True as soon as ``until(text)`` holds."""
        nonlocal status
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the app closed the terminal
                    chunk = b""
                output.extend(chunk)
                if not chunk and status is None:
                    status = os.waitpid(pid, 0)[1]
            if status is None:
                finished, code = os.waitpid(pid, os.WNOHANG)
                if finished:
                    status = code
            if until is not None and until(screen_text(bytes(output))):  # type: ignore[operator]
                return True
            if status is not None and not ready:
                return False
        return False

    def accounts_drawn(text: str) -> bool:
        return all(marker in text for marker in MARKERS)

    try:
        # The "Since last run" dialog may cover the accounts at first: escape closes it.
        deadline = time.monotonic() + TIMEOUT_S
        drawn = False
        while not drawn and status is None and time.monotonic() < deadline:
            drawn = read_for(min(3.0, deadline - time.monotonic()), accounts_drawn)
            if not drawn and output and status is None:
                os.write(fd, b"\x1b")
        if not drawn:
            why = (f"the app exited with status {os.waitstatus_to_exitcode(status)} before"
                   if status is not None else f"within {TIMEOUT_S:.0f} s,")
            raise Failed(f"{why} the accounts screen did not draw; the terminal showed:\n"
                         f"{screen_text(bytes(output))[-3000:]}")
        print(f"  the accounts screen drew: {', '.join(MARKERS)}", flush=True)
        # q quits from the accounts screen; escape first, in case a dialog is up.
        for _ in range(5):
            if status is not None:
                break
            os.write(fd, b"\x1b")
            read_for(1.0)
            if status is None:
                os.write(fd, b"q")
                read_for(5.0, lambda _text: status is not None)
        if status is None:
            raise Failed("the app did not quit when q was pressed")
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    text = screen_text(bytes(output))
    if "Traceback" in text or "internal error" in text:
        raise Failed(f"the app reported an error:\n{text[-3000:]}")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise Failed(f"the app exited with status {code}; the terminal showed:\n{text[-3000:]}")
    print("  quit with status 0", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the work folder (wheel, venv) and print it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="astra-tui-wheel-"))
    try:
        run_demo(build_and_install(work), work)
    except Failed as exc:
        print(f"wheel smoke test: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("wheel smoke test: the installed app starts on the demo and quits cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
