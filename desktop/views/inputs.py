"""What a person types, decided in one place for every field of every window.

- **Direction.** Qt picks a line's paragraph direction from its first strong letter, so
  "Kubernetes از دسترس خارج شد" would lay out left to right while it is typed. In Persian every
  field of people's words is a right-to-left paragraph whatever its first letter (a QLineEdit is
  told so by the Key_Direction_R its own keyboard handling knows; a QPlainTextEdit through its
  document's text option); in English each takes its first letter's direction, as Qt would (a
  Persian title still reads right to left); identifiers (addresses, codes) always left to right.
  A live switch of language re-applies it (LanguageChange reaches every field).
- **Length.** Every field holds at most what the value rules store (models/limits.py, the table
  the write path checks): a longer paste is cut there and the person is told, in their language.
- **Shortcuts.** The window's own shortcuts (Ctrl+E, Ctrl+N, Ctrl+1…) work while a field has
  the focus: with X11's key bindings a QLineEdit takes Ctrl+E (end of line) for itself.
- **Numbers and dates** take digits in any script (۱۴۰۵, ١٤٠٥, 1405) and say so when what was
  typed cannot be read, instead of silently keeping the old value.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFocusEvent, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QCalendarWidget, QComboBox, QDateTimeEdit, QDialog, QInputDialog, QLineEdit,
    QPlainTextEdit, QSpinBox, QTextEdit, QToolTip, QWidget,
)

from desktop import i18n
from desktop.models.limits import LONG_TEXT, limit as field_limit
from desktop.text.display import fill
from desktop.text.normalize import digits_as, digits_to_ascii

LTR = "crisisroom_ltr"  # a field for identifiers: left to right in every language
LIMIT = "crisisroom_limit"  # the most characters the field takes
THROUGH_FIELDS = "crisisroom_through_fields"  # an action whose shortcut works while a field has the focus
LINE_LIMIT = 1000  # a line field the value rules do not name (a search, a connection line)
WEEKEND_COLOUR = "#c62828"

TextField = QLineEdit | QPlainTextEdit | QTextEdit


def _say(widget: QWidget, text: str) -> None:
    """A short word by the field, where the person is looking (a tooltip at its lower edge)."""
    widget.setProperty("crisisroom_said", text)  # what was said last (for tests: a tooltip fades)
    QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), text, widget)


def too_long_text(limit: int) -> str:
    return fill(QCoreApplication.translate("Inputs", "At most %1 characters fit here; the rest was not taken."),
                QLocale().toString(limit))


# -- length

class _TextLimit(QObject):
    """A QPlainTextEdit's maximum length (it has no setMaxLength): what a paste or a key adds past
    the limit is taken back at once, and said."""

    def __init__(self, editor: QPlainTextEdit | QTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        editor.document().contentsChange.connect(self._changed)

    def _changed(self, position: int, _removed: int, added: int) -> None:
        limit = self.editor.property(LIMIT)
        document = self.editor.document()
        excess = document.characterCount() - 1 - int(limit or LONG_TEXT)
        if excess <= 0 or added <= 0:
            return
        end = position + added
        cursor = QTextCursor(document)
        cursor.setPosition(max(position, end - excess))
        cursor.setPosition(min(end, document.characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        _say(self.editor, too_long_text(int(limit or LONG_TEXT)))


def set_limit(widget: TextField, limit: int) -> None:
    widget.setProperty(LIMIT, limit)
    if isinstance(widget, QLineEdit):
        widget.setMaxLength(limit)
    elif widget.findChild(_TextLimit) is None:
        _TextLimit(widget)


def limit(widget: TextField, entity: str, field: str) -> TextField:
    """The field takes at most what ``entity.field`` may store (the write path's rule)."""
    set_limit(widget, field_limit(entity, field))
    return widget


def show_text(widget: TextField, text: str | None) -> None:
    """Shows a stored value whole, even one longer than the field's limit (written before the
    limits were checked): cutting it on screen would save it cut. Typing cannot make it longer."""
    text = text or ""
    wanted = max(int(widget.property(LIMIT) or 0), len(text))
    if isinstance(widget, QLineEdit):
        if widget.maxLength() < wanted:
            widget.setMaxLength(wanted)
        widget.setText(text)
        widget.setCursorPosition(0)  # the start of a long title, not its end
    else:
        stored = widget.property(LIMIT)
        widget.setProperty(LIMIT, wanted)
        widget.setPlainText(text)
        widget.setProperty(LIMIT, stored)


# -- direction

def identifier(widget: TextField) -> TextField:
    """An address, a code, a port: left to right in Persian too."""
    widget.setProperty(LTR, True)
    apply_direction(widget)
    return widget


def _starts_right_to_left(text: str) -> bool:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def apply_direction(widget: QWidget) -> None:
    """The field's paragraph direction in the installed language (see the module's words)."""
    rtl = i18n.current() == "fa" and not widget.property(LTR)
    if isinstance(widget, QLineEdit):
        if i18n.current() != "fa" and not widget.property(LTR):
            rtl = _starts_right_to_left(widget.text())  # English: by its first letter, as Qt would
        wanted = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        if widget.property("crisisroom_direction") == wanted:
            return
        widget.setProperty("crisisroom_direction", wanted)
        # Qt has no setter for a line edit's own text direction; its keyboard handling does (the
        # direction keys of Windows' Ctrl+Shift), and the widget then follows it.
        key = Qt.Key.Key_Direction_R if rtl else Qt.Key.Key_Direction_L
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        option = widget.document().defaultTextOption()
        if widget.property(LTR):
            option.setTextDirection(Qt.LayoutDirection.LeftToRight)
            option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        elif rtl:
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setAlignment(Qt.AlignmentFlag.AlignRight)  # the direction alone leaves it on the left
        else:  # English: each paragraph by its own first letter (a Persian note still reads right to left)
            option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
            option.setAlignment(Qt.AlignmentFlag.AlignLeft)
        widget.document().setDefaultTextOption(option)


# -- the window's shortcuts while a field has the focus

def window_wide(*actions: QAction) -> None:
    """These actions' shortcuts work while a text field has the focus."""
    for action in actions:
        action.setProperty(THROUGH_FIELDS, True)


def _window_action(widget: QWidget, event: QKeyEvent) -> QAction | None:
    if not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier):
        return None  # plain typing: never a window shortcut
    pressed = QKeySequence(event.keyCombination())
    for action in widget.window().findChildren(QAction):
        if (action.property(THROUGH_FIELDS) and action.isEnabled()
                and any(s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts())):
            return action
    return None


class _Fields(QObject):
    """The one event filter every prepared field carries."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            if _window_action(watched, event) is not None:
                event.ignore()  # not the field's: the shortcut map gives it to the window's action
                return True
        elif kind == QEvent.Type.KeyPress:
            # The field claimed the key before this filter saw the override (a key binding of
            # the platform's, or another filter): the window's action still gets it.
            action = _window_action(watched, event) if event.modifiers() else None
            if action is not None:
                action.trigger()
                return True
        elif kind in (QEvent.Type.LanguageChange, QEvent.Type.LayoutDirectionChange):
            apply_direction(watched)
        return False


_filter: list[_Fields] = []


def _the_filter() -> _Fields:
    if not _filter:
        _filter.append(_Fields(QCoreApplication.instance()))
    return _filter[0]


def fields(root: QWidget) -> list[TextField]:
    """The text fields a person types in under ``root`` (not a spin box's own line)."""
    found = [*root.findChildren(QLineEdit), *root.findChildren(QPlainTextEdit), *root.findChildren(QTextEdit)]
    return [w for w in found if not isinstance(w.parent(), QAbstractSpinBox)
            and not (isinstance(w, QTextEdit) and w.isReadOnly())]


def prepare(root: QWidget) -> None:
    """Every text field under ``root``: its direction now and after a switch of language, the
    window's shortcuts, and a length limit (the value rules' where given with ``limit``)."""
    events = _the_filter()
    for widget in fields(root):
        if not widget.property("crisisroom_prepared"):
            widget.setProperty("crisisroom_prepared", True)
            widget.installEventFilter(events)
            if isinstance(widget, QLineEdit):
                widget.inputRejected.connect(lambda w=widget: _rejected(w))
                widget.textChanged.connect(lambda _text, w=widget: i18n.current() == "fa" or apply_direction(w))
            if widget.property(LIMIT) is None:
                set_limit(widget, LINE_LIMIT if isinstance(widget, QLineEdit) else LONG_TEXT)
        apply_direction(widget)


def follow_language(root: QWidget) -> None:
    """After a switch of language, now (the posted LanguageChange events come later)."""
    for widget in fields(root):
        apply_direction(widget)


def _rejected(widget: QLineEdit) -> None:
    if len(widget.text()) >= widget.maxLength():
        _say(widget, too_long_text(widget.maxLength()))


# -- numbers and dates in any digit script

def _local_digits(widget: QAbstractSpinBox, text: str) -> str:
    """What was typed or pasted, in the digits the widget's locale parses."""
    return digits_as(text, widget.locale().zeroDigit())


def _fixed(widget: NumberEdit, typed: str, fixed: object) -> str:
    """What Qt's fixup made of ``typed``; when that still is not a value, the field will go back
    to its last one: said (``unreadable``), never silently."""
    fixed = fixed if isinstance(fixed, str) else typed
    if typed.strip() and widget.validate(fixed, 0)[0] != QValidator.State.Acceptable:
        widget.unreadable.emit()
    return fixed


class NumberEdit(QSpinBox):
    """A whole number (minutes, a count) typed in any digit script, shown in the language's.
    ``unreadable`` is emitted when what was typed is not a number in range."""

    unreadable = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lineEdit().inputRejected.connect(self.unreadable)

    def validate(self, text: str, pos: int) -> object:
        return super().validate(_local_digits(self, text), pos)

    def valueFromText(self, text: str) -> int:  # noqa: N802
        return super().valueFromText(_local_digits(self, text))

    def fixup(self, text: str) -> str:
        """Called when the field is left with a text that is not a number in range: said, and
        the field goes back to its value."""
        return _fixed(self, text, super().fixup(text))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.setLocale(QLocale())  # the new language's digits (i18n.install set the default)
        super().changeEvent(event)


class MinutesEdit(NumberEdit):
    """A number of minutes shown with its unit («۲۴۰ دقیقه», "240 minutes"), or none (empty):
    an SLA target. The unit is part of the shown text, not a suffix, so the field can be emptied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 525_600)  # up to a year; 0 is "none", shown empty

    @staticmethod
    def unit() -> str:
        return QCoreApplication.translate("Inputs", "minutes")

    def _digits(self, text: str) -> str | None:
        """The number in ``text`` in ASCII digits ("" for none), or None when it is not one."""
        core = digits_to_ascii(text.replace(self.unit(), "")).replace("\u066c", "").replace(",", "").strip()
        return core if core == "" or (core.isascii() and core.isdigit()) else None

    def validate(self, text: str, pos: int) -> object:
        core = self._digits(text)
        if core is None or (core and int(core) > self.maximum()):
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos

    def valueFromText(self, text: str) -> int:  # noqa: N802
        return int(self._digits(text) or 0)

    def textFromValue(self, value: int) -> str:  # noqa: N802
        return f"{self.locale().toString(value)} {self.unit()}" if value else ""

    def minutes(self) -> int | None:
        self.interpretText()
        return self.value() or None

    def set_minutes(self, minutes: int | None) -> None:
        self.setValue(minutes or 0)
        self.lineEdit().setText(self.textFromValue(self.value()))  # also when the value was already that

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.lineEdit().setText(self.textFromValue(self.value()))  # the unit in the new language


class DateTimeEdit(QDateTimeEdit):
    """A date and time typed in any digit script, in the calendar of the language (Jalali in
    Persian), with the weekend marked as it is where the language is spoken. ``unreadable`` is
    emitted when what was typed is not a date."""

    unreadable = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lineEdit().inputRejected.connect(self.unreadable)

    def validate(self, text: str, pos: int) -> object:
        return super().validate(_local_digits(self, text), pos)

    def dateTimeFromText(self, text: str):  # noqa: ANN201, N802
        return super().dateTimeFromText(_local_digits(self, text))

    def readable(self) -> bool:
        """Whether what the field shows now is a date; if not, says so (``unreadable``): Qt puts
        the last date back when the field is left, and the person must know."""
        line = self.lineEdit()
        if self.validate(line.displayText(), line.cursorPosition())[0] == QValidator.State.Acceptable:
            return True
        self.unreadable.emit()
        return False

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.readable()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.readable()
        super().keyPressEvent(event)

    def follow(self, formatter) -> None:  # noqa: ANN001 - a desktop.formatting.Formatter
        """The language's digits, calendar and weekend; the configured time zone."""
        fa = formatter.lang == "fa"
        calendar = formatter.jalali if fa else formatter.gregorian
        self.setLocale(formatter.locale)
        self.setCalendar(calendar)
        self.setTimeZone(formatter.zone)
        popup = self.calendarWidget()
        if popup is not None:
            popup.setLocale(formatter.locale)
            popup.setCalendar(calendar)
            popup.setFirstDayOfWeek(formatter.locale.firstDayOfWeek())
            mark_weekend(popup, fa)


def mark_weekend(calendar: QCalendarWidget, fa: bool) -> None:
    """Friday in Iran; Saturday and Sunday in English (QCalendarWidget's own default is the
    latter whatever the locale)."""
    weekend = {Qt.DayOfWeek.Friday} if fa else {Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday}
    marked = QTextCharFormat()
    marked.setForeground(QColor(WEEKEND_COLOUR))
    for day in Qt.DayOfWeek:
        calendar.setWeekdayTextFormat(day, marked if day in weekend else QTextCharFormat())


# -- questions asked in a small dialog

def _dialog(parent: QWidget, title: str, label: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    return dialog


def ask_text(parent: QWidget, title: str, label: str, text: str = "", most: int = LINE_LIMIT) -> tuple[str, bool]:
    """QInputDialog.getText, with the field prepared like every other (direction, ``most``
    characters, the text selected to be typed over)."""
    dialog = _dialog(parent, title, label)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    line = dialog.findChild(QLineEdit)
    if line is not None:
        set_limit(line, most)
    prepare(dialog)
    dialog.setTextValue(text)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue(), ok


def ask_item(parent: QWidget, title: str, label: str, items: list[str], current: int = 0) -> tuple[str, bool]:
    """QInputDialog.getItem whose list of long titles does not make the dialog wider than the
    screen: the combo box shows 60 characters and elides the rest."""
    dialog = _dialog(parent, title, label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    combo = dialog.findChild(QComboBox)
    if combo is not None:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(60)
    if items:
        dialog.setTextValue(items[max(0, min(current, len(items) - 1))])
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue(), ok
