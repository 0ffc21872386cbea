"""A window as a kiosk: the whole of one screen, no cursor, a key chord to leave. For the wall
display, which often runs in a bare X session with no window manager to honour "full screen"."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QWidget

LEAVE = QKeySequence("Ctrl+Alt+Q")  # a chord: Esc alone, or a stray key on the wall's keyboard, never leaves

log = logging.getLogger("crisisroom")


def pick_screen(index: int | None) -> QScreen:
    """The screen at ``index`` in QGuiApplication.screens() (Qt lists the primary first, so 0 is
    the primary); None or an index with no screen (a monitor unplugged) gives the primary."""
    screens = QGuiApplication.screens()
    if index is None:
        return QGuiApplication.primaryScreen()
    if not 0 <= index < len(screens):
        log.warning("wall: no screen %d (there are %d); using the primary screen", index, len(screens))
        return QGuiApplication.primaryScreen()
    return screens[index]


def show_on_screen(window: QWidget, index: int | None) -> QScreen:
    """Shows ``window`` full screen on the screen at ``index`` (see pick_screen) and returns it."""
    screen = pick_screen(index)
    window.setScreen(screen)
    # Without a window manager nobody acts on showFullScreen's _NET_WM_STATE_FULLSCREEN request, so
    # the window would map at its size hint (about 1100×260 for the wall): the geometry is set
    # here, before the first map. With a window manager, showFullScreen still does the rest
    # (no decorations, above panels).
    window.setGeometry(screen.geometry())
    window.showFullScreen()
    # Once more after showing: a no-op where the first call held (Xvfb), insurance where a platform
    # applies a geometry of its own at show.
    window.setGeometry(screen.geometry())
    # A monitor changing resolution (or a VNC viewer resizing the session) moves no window by itself.
    screen.geometryChanged.connect(window.setGeometry)
    # On the window, not QApplication.setOverrideCursor: a dialog opened over the wall keeps its cursor.
    window.setCursor(Qt.CursorShape.BlankCursor)
    leave = QShortcut(LEAVE, window, context=Qt.ShortcutContext.ApplicationShortcut)
    leave.activated.connect(lambda: _leave(window))
    return screen


def _leave(window: QWidget) -> None:
    log.info("wall: left with %s", LEAVE.toString())  # the log tells a wall turned off from one that crashed
    window.close()
