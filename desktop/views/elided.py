"""Labels that never make their window wider than it is: a 10,000-character title (stored by an
older station, or pasted before the limits) is elided to the room there is, and shown whole in
the tooltip; word-wrapped labels wrap within the width they are given."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

TOOLTIP_LIMIT = 2000  # characters of the whole text the tooltip shows
ERROR_STYLE = "color: #b71c1c;"  # a refusal's words


def never_widen(label: QLabel) -> QLabel:
    """The label takes the width its layout gives it, whatever its text (its own minimum is 0):
    for word-wrapped labels, whose longest word would otherwise set the window's width."""
    policy = label.sizePolicy()  # keeps height-for-width, which word wrap relies on
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    label.setMinimumWidth(0)
    return label


def refusal_line(parent: QWidget) -> QLabel:
    """The hidden line where a refusal is said: red, wrapped within the width it is given."""
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    never_widen(label)
    label.hide()
    return label


def paragraph(text: str, rtl: bool) -> str:
    """``text`` as a paragraph of the interface's direction: a label whose text begins with an
    isolate (people's words, see labels.user_text) would otherwise be laid out, and aligned, left
    to right in Persian too — Qt skips isolates when it looks for the first strong letter."""
    return ("\u200f" if rtl else "\u200e") + text if text else text


class ElidedLabel(QLabel):
    """One line of text, elided at its end to the width it is given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)

    def setText(self, text: str) -> None:  # noqa: N802
        self._whole = text
        self._elide()

    def whole_text(self) -> str:
        return self._whole

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - a style sheet's font changes the width a text takes
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        room = max(0, self.contentsRect().width() - 2 * max(self.margin(), 0) - max(self.indent(), 0))
        shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, room) if room else ""
        if shown and shown != self._whole and self._whole[:1] in ("\u200f", "\u200e"):
            shown = self._whole[0] + shown.lstrip("\u200f\u200e")  # the paragraph's direction survives
        if super().text() != shown:
            super().setText(shown)
        self.setToolTip("" if shown == self._whole else self._whole[:TOOLTIP_LIMIT])
