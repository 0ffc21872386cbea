"""A window shown as a kiosk (the wall display): its screen, no cursor, only a key chord leaves.
The real X server without a window manager is in test_wall_x11.py."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.views import kiosk


@pytest.fixture
def shown(app, qtbot):  # noqa: ANN001, ANN201
    def show(index: int | None = 0) -> QWidget:
        window = QWidget()
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # active: the leave chord needs an active window
            kiosk.show_on_screen(window, index)
        return window

    return show


def test_the_window_covers_the_chosen_screen_and_hides_the_cursor_there_only(shown) -> None:  # noqa: ANN001
    window = shown(0)
    screen = QGuiApplication.screens()[0]
    assert window.screen() is screen and window.isFullScreen()
    assert window.geometry() == screen.geometry()
    assert window.cursor().shape() == Qt.CursorShape.BlankCursor
    assert QApplication.overrideCursor() is None  # a dialog over the wall keeps its pointer
    box = QMessageBox(window)
    assert box.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_a_screen_not_there_falls_back_to_the_primary_with_a_warning(shown, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    with caplog.at_level(logging.WARNING, logger="crisisroom"):
        window = shown(len(QGuiApplication.screens()))
    assert window.screen() is QGuiApplication.primaryScreen()
    assert window.geometry() == QGuiApplication.primaryScreen().geometry()
    assert [r.getMessage() for r in caplog.records] == [
        f"wall: no screen {len(QGuiApplication.screens())} (there are {len(QGuiApplication.screens())}); "
        "using the primary screen"]


def test_escape_does_nothing_and_ctrl_alt_q_closes(shown, qtbot) -> None:  # noqa: ANN001
    window = shown()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert not window.isVisible()


def test_the_window_follows_its_screen_being_resized(shown) -> None:  # noqa: ANN001
    window = shown()
    screen = window.screen()
    # No platform here can change a screen's size, so the screen's own signal stands in for it.
    screen.geometryChanged.emit(QRect(0, 0, 800, 600))
    assert window.geometry() == QRect(0, 0, 800, 600)
    screen.geometryChanged.emit(screen.geometry())
    assert window.geometry() == screen.geometry()
