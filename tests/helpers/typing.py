"""Typing as a Persian keyboard layout does it: key events that carry the character.

QTest.keyClicks maps characters to Latin key codes and aborts on Persian letters.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    for ch in text:
        if ch == "\u200c":  # Windows' Persian layout: Shift+Space types the half-space
            key, modifiers = Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier
        else:
            key, modifiers = Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, ch))
