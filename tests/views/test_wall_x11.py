"""The wall display as a kiosk runs it: `crisisroom --wall` under a real X server (Xvfb) with no
window manager, the session a bare kiosk gets. The offscreen platform cannot show the bug this
guards: without a window manager nobody acts on Qt's full-screen request, and the wall came up at
its size hint (1048×263) in the corner. Xvfb, xdotool and xwininfo come from scripts/bootstrap.sh;
without them the test fails, it never skips."""

from __future__ import annotations

import ctypes
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0  # seconds; the wall is up in about two


def _until(what: str, check: Callable[[], object], proc: subprocess.Popen, stderr: Path) -> object:
    """Polls ``check`` until it returns something true: the app is another process, no signal to wait on."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app ended ({proc.returncode}) before {what}: {stderr.read_text()}")
        if result := check():
            return result
        time.sleep(0.05)
    pytest.fail(f"no {what} after {TIMEOUT} s")


@pytest.fixture
def xserver() -> Iterator[Callable[[str], str]]:
    """Starts Xvfb with one screen of the given size, no window manager; returns its DISPLAY."""
    missing = [tool for tool in ("Xvfb", "xdotool", "xwininfo") if not shutil.which(tool)]
    assert not missing, f"{missing}: run scripts/bootstrap.sh"
    servers: list[subprocess.Popen] = []

    def start(size: str) -> str:
        read, write = os.pipe()  # -displayfd: Xvfb picks a free display and writes its number here
        servers.append(subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24",
                                         "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL))
        os.close(write)
        with os.fdopen(read) as pipe:
            assert select.select([pipe], [], [], TIMEOUT)[0], "Xvfb did not start"
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        return f":{number}"

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=TIMEOUT)


def _x(display: str, *command: str) -> str:
    return subprocess.run(command, env={**os.environ, "DISPLAY": display}, capture_output=True, text=True,
                          timeout=TIMEOUT).stdout


def _geometry(display: str, window: str) -> tuple[int, int, int, int]:
    info = _x(display, "xwininfo", "-id", window)
    return tuple(int(re.search(rf"{label}:\s+(-?\d+)", info)[1])  # type: ignore[return-value]
                 for label in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height"))


def _cursor_is_blank(display: str) -> bool:
    """Whether the pointer shows no pixel now, as the X server draws it (XFixes, through libX11)."""
    class Image(ctypes.Structure):
        _fields_ = [("x", ctypes.c_short), ("y", ctypes.c_short), ("width", ctypes.c_ushort),
                    ("height", ctypes.c_ushort), ("xhot", ctypes.c_ushort), ("yhot", ctypes.c_ushort),
                    ("serial", ctypes.c_ulong), ("pixels", ctypes.POINTER(ctypes.c_ulong))]

    x11, xfixes = ctypes.CDLL("libX11.so.6"), ctypes.CDLL("libXfixes.so.3")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XCloseDisplay.argtypes = x11.XFree.argtypes = [ctypes.c_void_p]
    xfixes.XFixesGetCursorImage.argtypes = [ctypes.c_void_p]
    xfixes.XFixesGetCursorImage.restype = ctypes.POINTER(Image)
    connection = x11.XOpenDisplay(display.encode())
    try:
        image = xfixes.XFixesGetCursorImage(connection)
        size = image.contents.width * image.contents.height
        blank = not any(image.contents.pixels[i] >> 24 for i in range(size))  # alpha of each ARGB pixel
        x11.XFree(image)
        return blank
    finally:
        x11.XCloseDisplay(connection)


@pytest.mark.parametrize(("size", "args", "ini"), [
    ("1920x1080", (), "[wall]\nscreen=3\n"),  # the station's setting names a screen not there: the primary
    ("1280x720", ("--screen", "0"), "[wall]\nscreen=3\n"),  # --screen overrides the setting
])
def test_the_wall_covers_the_whole_screen_without_a_window_manager_and_only_the_chord_leaves(
        xserver, demo_db: Path, tmp_path: Path, size: str, args: tuple[str, ...], ini: str) -> None:  # noqa: ANN001
    display = xserver(size)
    (Path(os.environ["CRISISROOM_CONFIG_DIR"]) / "crisisroom.ini").write_text(ini)
    log = Path(os.environ["CRISISROOM_DATA_DIR"]) / "crisisroom.log"
    assert not _cursor_is_blank(display)  # the X server's own pointer: the check below can tell
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    stderr = tmp_path / "stderr.txt"  # a file, not a pipe: a talkative app never blocks on a full pipe
    with stderr.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "desktop", "--wall", "--db", str(demo_db), "--lang", "en",
                                 *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    until = partial(_until, proc=proc, stderr=stderr)
    try:
        # The app's window, by its _NET_WM_PID: Qt's hidden helper windows are never mapped.
        window = until("wall window", lambda: _x(display, "xdotool", "search", "--onlyvisible", "--pid",
                                                 str(proc.pid)).split())[0]
        width, height = (int(n) for n in size.split("x"))
        until(f"window at 0,0 {size}", lambda: _geometry(display, window) == (0, 0, width, height))
        until("blank cursor", lambda: _cursor_is_blank(display))

        _x(display, "xdotool", "key", "Escape")  # as typed on the wall's keyboard (XTEST), not sent to a window
        assert proc.poll() is None
        _x(display, "xdotool", "key", "ctrl+alt+q")
        assert proc.wait(timeout=TIMEOUT) == 0, stderr.read_text()
        # The chord, handled after the Escape, found the wall still open: the Escape did not close it.
        assert "wall: left with Ctrl+Alt+Q" in log.read_text()
        assert ("wall: no screen 3" in log.read_text()) == (not args)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
