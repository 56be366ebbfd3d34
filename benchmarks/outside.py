"""What a person feels: the installed app in a real terminal (tmux), real keys, timed until the rows are on screen.

    python -m benchmarks.run --only outside [--repeat 7]

Each run starts one app in a tmux pane of 120 × 40 on a private tmux server (``tmux -L astra-bench-<pid>
-f /dev/null``: never a user's server, nor their configuration), exactly as a person starts it: astra is the
installed console script (``<venv>/bin/astra-tui --db DB --now NOW``), the baselines are ``python -m
benchmarks.bare_app`` (a bare Textual app, whose ``3`` opens a plain DataTable of 100 rows) and ``python -m
benchmarks.floor_app`` (the Line-API floor: a ScrollView drawing pre-made lines). Then it presses the keys of
``STEPS`` and times each figure from just before its last key is sent (for "start", from just before the app is
exec'd into the pane) to the capture of the pane on which every pattern of the step is found: the rows are read
off the screen, never out of the app.

The probe talks to tmux through one control-mode client (``tmux -C``): ``send-keys`` and ``capture-pane -p``
are lines written to it, so a look at the pane is a round trip to the tmux server, not a new process. The pane
is looked at as soon as tmux reports output from it (``%output``), and every ``POLL_S`` when it reports none.
Nothing is subtracted from the times: a figure is late by at most one look (its round trip, measured in every
run and printed in the notes) after the frame reached tmux. A look may catch a frame half written (the rows
and the page line before the filter bar): the step's patterns are what counts as "on screen". Before a step's
keys, the pane is let settle (no output for ``QUIET_S``), so a key never waits behind the previous step's work.

Runs alternate (astra, bare, floor; the order rotates each repeat) on a shared machine; medians and the
spread (min–max) are reported. Every wait gives up after ``TIMEOUT_S``; the tmux server, and with it every
app it ran, is killed whatever happens.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS, ROWS = 120, 40
TERM = "xterm-256color"
TIMEOUT_S = 10.0  # the longest any one wait may take before the run is given up
QUIET_S = 0.2  # no output from the pane for this long: it has settled
SETTLE_LIMIT_S = 3.0  # a pane that never settles (a blinking cursor) is taken as settled after this
POLL_S = 0.005  # the pane is looked at at least this often while a step is timed


@dataclass(frozen=True)
class Step:
    """Keys to press (tmux key names), then what is on the pane once they have done their work.

    The pane is let settle before each key; the clock starts just before the last one (no keys: just before
    the app is started). ``shown`` are regular expressions (multi-line) that must all be found on the pane.
    They may not all be on the pane already before the last key (the probe refuses such a step), so a
    change in the app that makes one stale is caught instead of timing nothing. ``ready``, if any, are waited
    for afterwards, untimed, before the next step: the app's own work after the figure (a launch catch-up).
    """

    keys: tuple[str, ...]
    shown: tuple[str, ...]
    ready: tuple[str, ...] = ()


DATE_ROW = r"^\s*\d{4}-\d\d-\d\d\s"  # a history row's first line begins with its date

# The key sequences and what each figure waits for, for every app: change them here when the UI changes.
# Each app's steps run in this order in one process; "start" is exec → first screen.
STEPS: dict[str, dict[str, Step]] = {
    "astra": {
        # The accounts screen's rows and their total; then the launch catch-up's end: the title has the unread
        # count instead of "Catching up…".
        "start": Step((), (r"Total \S+ across \d+ accounts?",), ready=(r"astra-tui — .* · \d+ unread",)),
        "open": Step(("3",), (r"\bPage 1\b", DATE_ROW)),  # history: the page line comes with the rows
        "next page": Step(("]",), (r"\bPage 2 of\b", DATE_ROW)),
        # Taken on page 2: "Page 1" again (or "60 transfers" when they fit on one page) is the filtered first
        # page. `/` focuses the status Select, Tab the account Select, Enter opens its list, Down moves to the
        # first account, Enter picks it (timed).
        "filter": Step(("/", "Tab", "Enter", "Down", "Enter"), (r"\bPage 1\b|^\s*[\d,]+ transfers?\s*$", DATE_ROW)),
    },
    "bare": {  # benchmarks.bare_app: Header, a DataTable of 10 accounts, Footer; 3: its page mode
        "start": Step((), (r"Account 9\b",)),
        "open": Step(("3",), (r"Recurring 0 \(",)),
        "next page": Step(("]",), (r"Recurring 100 \(",)),
    },
    "floor": {  # benchmarks.floor_app: the same keys on a ScrollView + render_line list
        "start": Step((), (r"Line-API floor:",)),
        "open": Step(("3",), (r"\bPage 1 of\b", DATE_ROW)),
        "next page": Step(("]",), (r"\bPage 2 of\b", DATE_ROW)),
    },
}


class Failed(Exception):
    """A run could not be measured; the message says which step and why (the pane is printed to stderr)."""


def tmux_found() -> str | None:
    return shutil.which("tmux")


def commands(db: Path, now: str) -> dict[str, list[str]]:
    """How each app is started: astra by its console script beside this Python, the baselines by this Python."""
    scripts = Path(sys.executable).parent
    return {"astra": [str(scripts / "astra-tui"), "--db", str(db), "--now", now],
            "bare": [sys.executable, "-m", "benchmarks.bare_app"],
            "floor": [sys.executable, "-m", "benchmarks.floor_app"]}


def _word(text: str) -> str:
    """``text`` as one word of a tmux command line (single quotes: nothing in it is expanded)."""
    if "'" in text or "\n" in text:
        raise ValueError(f"cannot pass {text!r} to tmux")
    return f"'{text}'"


@dataclass
class Terminal:
    """A private tmux server with one pane of COLUMNS × ROWS, driven through a control-mode client."""

    cwd: Path
    env: dict[str, str]
    socket: str = field(default_factory=lambda: f"astra-bench-{os.getpid()}")
    looks: list[float] = field(default_factory=list)  # each capture-pane round trip, in seconds
    _client: subprocess.Popen[bytes] | None = None
    _buffer: bytes = b""
    _pane: str = ""
    _socket_path: str = ""
    _app_pid: int | None = None
    _last_output: float = 0.0

    def _tmux(self) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null"]

    def __enter__(self) -> Terminal:
        try:
            # A placeholder holds the pane until the app replaces it (respawn-pane), so the server's own start
            # is never timed. window-size manual: the control client never resizes the window.
            subprocess.run(self._tmux() + ["new-session", "-d", "-s", "bench", "-x", str(COLUMNS), "-y", str(ROWS),
                                           "sleep", "3600", ";", "set", "-g", "window-size", "manual", ";",
                                           "set", "-g", "remain-on-exit", "on", ";",
                                           "set", "-g", "default-terminal", TERM],
                           cwd=self.cwd, env=self.env, check=True, capture_output=True, timeout=TIMEOUT_S)
            self._client = subprocess.Popen(self._tmux() + ["-C", "attach", "-t", "bench"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
                                            cwd=self.cwd, env=self.env)
            self._pane, size, self._socket_path = self._command(
                "display-message -p '#{pane_id} #{window_width}x#{window_height} #{socket_path}'")[0].split(" ", 2)
            if size != f"{COLUMNS}x{ROWS}":
                raise Failed(f"the tmux window is {size}, not {COLUMNS}x{ROWS}")
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the server (it hangs up on the app), then make sure the app and the client are gone."""
        try:
            subprocess.run(self._tmux() + ["kill-server"], capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            pass  # the app and the client are still ended below
        if self._app_pid is not None:
            _end(self._app_pid)
        if self._client is not None:
            try:
                self._client.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._client.kill()
                self._client.wait()
            if self._client.stdin:
                self._client.stdin.close()
            if self._client.stdout:
                self._client.stdout.close()
            self._client = None
        # tmux leaves its socket behind (where tmux puts it, if the server never said)
        socket = self._socket_path or str(Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
                                          / self.socket)
        Path(socket).unlink(missing_ok=True)

    # -- the control-mode conversation -------------------------------------------------------------------

    def _line(self, deadline: float) -> bytes | None:
        """The client's next line, or None at ``deadline``."""
        assert self._client is not None and self._client.stdout is not None
        while b"\n" not in self._buffer:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._client.stdout], [], [], left)
            if not ready:
                return None
            data = os.read(self._client.stdout.fileno(), 1 << 20)
            if not data:
                raise Failed("the tmux control client exited")
            self._buffer += data
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def _notice(self, line: bytes) -> None:
        if line.startswith(b"%output ") and line.split(b" ", 2)[1].decode() == self._pane:
            self._last_output = time.perf_counter()
        elif line.startswith(b"%exit"):
            raise Failed("the tmux control client was detached")

    def _command(self, command: str) -> list[str]:
        """Send one tmux command; return its output lines (notifications read meanwhile are noted).

        Replies to this client's commands are the ``%begin … 1`` blocks; others (the attach's own) are skipped.
        """
        assert self._client is not None and self._client.stdin is not None
        self._client.stdin.write(command.encode() + b"\n")
        deadline = time.perf_counter() + TIMEOUT_S
        out: list[str] = []
        block: bool | None = None  # inside a reply: True if it is this command's
        while (line := self._line(deadline)) is not None:
            if block is None:
                if line.startswith(b"%begin "):
                    block = line.split()[-1] == b"1"
                else:
                    self._notice(line)
            elif line.startswith((b"%end ", b"%error ")):
                if not block:
                    block = None
                elif line.startswith(b"%error "):
                    raise Failed(f"tmux refused {command!r}: {' '.join(out)}")
                else:
                    return out
            elif block:
                out.append(line.decode("utf-8", "replace"))
        raise Failed(f"tmux did not answer {command!r} within {TIMEOUT_S:g} s")

    def _output_until(self, deadline: float) -> bool:
        """Read notifications until the pane reports output (then all that has arrived already) or ``deadline``."""
        assert self._client is not None and self._client.stdout is not None
        seen = self._last_output
        while self._last_output == seen:
            line = self._line(deadline)
            if line is None:
                return False
            self._notice(line)
        while select.select([self._client.stdout], [], [], 0)[0]:
            data = os.read(self._client.stdout.fileno(), 1 << 20)
            if not data:
                raise Failed("the tmux control client exited")
            self._buffer += data
        while b"\n" in self._buffer:  # no command is waiting for an answer: these are all notifications
            line, self._buffer = self._buffer.split(b"\n", 1)
            self._notice(line)
        return True

    def pane(self) -> str:
        started = time.perf_counter()
        text = "\n".join(self._command(f"capture-pane -p -t {self._pane}"))
        self.looks.append(time.perf_counter() - started)
        return text

    # -- what the probe does ----------------------------------------------------------------------------

    def start(self, argv: list[str]) -> float:
        """Exec ``argv`` into the pane; return the perf_counter just before."""
        command = " ".join(["respawn-pane", "-k", "-t", self._pane, "-c", _word(str(self.cwd)),
                            "-e", _word(f"TERM={TERM}"), *map(_word, argv)])
        started = time.perf_counter()
        self._command(command)
        self._app_pid = int(self._command(f"display-message -p -t {self._pane} '#{{pane_pid}}'")[0])
        return started

    def press(self, key: str) -> float:
        """Press ``key``; return the perf_counter just before it was sent."""
        started = time.perf_counter()
        self._command(f"send-keys -t {self._pane} {_word(key)}")
        return started

    def settle(self) -> None:
        """Wait until the pane has had no output for QUIET_S (at most SETTLE_LIMIT_S)."""
        limit = time.perf_counter() + SETTLE_LIMIT_S
        self._last_output = time.perf_counter()
        while self._output_until(min(self._last_output + QUIET_S, limit)):
            pass  # more output: QUIET_S from it again (no output before the limit either way ends the wait)

    def until(self, patterns: tuple[str, ...], started: float, what: str) -> float:
        """Seconds from ``started`` to the first look at the pane on which every pattern is found."""
        deadline = started + TIMEOUT_S
        compiled = [re.compile(p, re.M) for p in patterns]
        while True:
            text = self.pane()
            if all(p.search(text) for p in compiled):
                return time.perf_counter() - started
            if time.perf_counter() > deadline:
                missing = [p.pattern for p in compiled if not p.search(text)]
                print(f"--- the pane when {what} gave up ---\n{text}\n---", file=sys.stderr)
                raise Failed(f"{what}: {', '.join(missing)} not on screen after {TIMEOUT_S:g} s")
            self._output_until(min(deadline, time.perf_counter() + POLL_S))


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs: a zombie does not (the server's children are orphans once it is gone, and
    not every container's init reaps them)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def _end(pid: int) -> None:
    """Make sure the process ``pid`` (the app this probe started) is gone: the server hung up on it already."""
    deadline = time.perf_counter() + 2
    while _alive(pid):
        if time.perf_counter() > deadline:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return
        time.sleep(0.01)


def run_app(name: str, argv: list[str], cwd: Path, env: dict[str, str], looks: list[float],
            only_start: bool = False) -> dict[str, float]:
    """One run of app ``name``: its steps in order, each figure in seconds."""
    times: dict[str, float] = {}
    with Terminal(cwd, env) as term:
        try:
            for figure, step in STEPS[name].items():
                if only_start and figure != "start":
                    break
                what = f"{name} {figure}"
                if not step.keys:
                    times[figure] = term.until(step.shown, term.start(argv), what)
                else:
                    for key in step.keys[:-1]:
                        term.settle()
                        term.press(key)
                    term.settle()
                    before = term.pane()
                    if all(re.search(p, before, re.M) for p in step.shown):
                        raise Failed(f"{what}: {step.shown} are on screen before {step.keys[-1]} is pressed: "
                                     "the step cannot tell its rows from what was there")
                    times[figure] = term.until(step.shown, term.press(step.keys[-1]), what)
                if step.ready:
                    term.until(step.ready, time.perf_counter(), f"{what} (ready)")
        finally:
            looks.extend(term.looks)
    return times


def measure(db: Path, now: str, repeat: int, cwd: Path, env: dict[str, str]) -> tuple[dict[str, dict[str, list[float]]],
                                                                                       list[float]]:
    """``repeat`` paired runs of every app, alternating (the order rotates); for medians (``repeat`` ≥ 3), a
    warm-up start of each first."""
    argvs = commands(db, now)
    apps = list(STEPS)
    looks: list[float] = []
    for name in apps if repeat >= 3 else ():  # warm-up: bytecode and file caches
        run_app(name, argvs[name], cwd, env, [], only_start=True)
    results: dict[str, dict[str, list[float]]] = {name: {figure: [] for figure in STEPS[name]} for name in apps}
    for i in range(repeat):
        for name in apps[i % len(apps):] + apps[:i % len(apps)]:
            for figure, seconds in run_app(name, argvs[name], cwd, env, looks).items():
                results[name][figure].append(seconds)
    return results, looks


def spread(seconds: list[float]) -> str:
    """'85 ms (72–110)': the median and the range, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return f"{statistics.median(ms):.0f} ms ({min(ms):.0f}–{max(ms):.0f})"
