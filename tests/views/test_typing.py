"""What a person types, through the widgets (issue 12): digits in any script in dates, numbers and
searches; the calendar's weekend; length limits; right-to-left paragraphs in Persian whatever the
first letter; the window's shortcuts while a field has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDateTimeEdit, QLineEdit, QWidget

from desktop.models.limits import limit
from desktop.views import inputs
from desktop.views.mainwindow import MainWindow
from tests.helpers.typing import type_text

LATIN_FIRST = "Kubernetes از دسترس خارج شد"


def _incident(win: MainWindow, incident_id: str) -> dict:
    return win.ctx.store.read(lambda c: dict(c.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()))


def _page(win: MainWindow, qtbot):  # noqa: ANN001, ANN202
    page = win.incident
    win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.detail is not None and win.ctx.worker.idle)
    return page


def _type_year(edit: QDateTimeEdit, digits: str) -> None:
    edit.setFocus()
    edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    type_text(edit, digits)


# -- 1. digits in any script

def test_the_detection_time_takes_persian_arabic_indic_and_latin_digits_in_persian(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _page(win, qtbot)
    for typed, year in (("١٤٠٣", 1403), ("۱۴۰۴", 1404), ("1402", 1402)):
        _type_year(page.detected, typed)
        assert page.detected.date().year(page.detected.calendar()) == year, typed
        assert page.detected.text().startswith(str(year).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))
    page.detected.lineEdit().setText("١٤٠٥/٠٩/١١ ١٠:٣٠")  # pasted whole, Arabic-Indic
    assert page.detected.readable() and page.detected.text() == "۱۴۰۵/۰۹/۱۱ ۱۰:۳۰"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.save()
    assert _incident(win, page.incident_id)["detected_at"].startswith("2026-12-02T07:00")  # 10:30 Tehran


def test_the_detection_time_takes_any_digits_in_english_too(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("en")
    page = _page(win, qtbot)
    for typed in ("٢٠٢٥", "۲۰۲۵", "2025"):
        _type_year(page.detected, "2000")
        _type_year(page.detected, typed)
        assert page.detected.date().year() == 2025 and page.detected.text().startswith("2025/"), typed


def test_a_date_that_cannot_be_read_is_said_not_silently_dropped(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _page(win, qtbot)
    before = page.detected.dateTime()
    page.detected.lineEdit().selectAll()
    type_text(page.detected, "x")  # not a date: the key is refused, and that is said
    assert "زمان تشخیص" in page.status.text()
    page.status.clear()
    page.detected.lineEdit().setText("۱۴۰۵/۱۳/")  # no thirteenth month, half typed
    page.save()
    assert "زمان تشخیص" in page.status.text() and page.detected.dateTime() == before
    assert page.changed_fields() == {}


def test_the_sla_target_takes_any_digits_with_its_unit_and_says_when_it_is_not_a_number(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _page(win, qtbot)
    sla = page.widgets["sla_minutes"]
    assert sla.text() == "۲۴۰ دقیقه"  # the unit, in Persian digits
    sla.setFocus()
    sla.lineEdit().selectAll()
    type_text(sla, "٣٠٠")  # Arabic-Indic
    type_text(sla, "ساعت")
    assert "دقیقه" in page.status.text()  # the letters were not taken, and that was said
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.save()
    assert _incident(win, page.incident_id)["sla_minutes"] == 300
    qtbot.waitUntil(lambda: page.widgets["sla_minutes"].text() == "۳۰۰ دقیقه")


def test_the_board_finds_a_reference_typed_in_persian_or_arabic_indic_digits(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    board = win.board
    row = board.model.rows()[board.model.row_of(win.ctx.selection.incident_id)]
    number = row.ref.rsplit("-", 2)[1:]  # the Jalali year and the number: INC-HQ-1405-0001
    for typed in ("-".join(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
                  row.ref.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")).lower()):
        board.filters.search.clear()
        with qtbot.waitSignal(board.searched, timeout=10_000, check_params_cb=lambda text, t=typed: text == t):
            type_text(board.filters.search, typed)
        refs = [board.proxy.index(r, board.model.columns.index("ref")).data() for r in range(board.proxy.rowCount())]
        assert refs == [row.ref], typed


def test_a_port_takes_arabic_indic_digits(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    dialog = win.sync_settings()
    dialog.port.clear()
    type_text(dialog.port, "٥٤٣٣")
    assert dialog.address().port == 5433


# -- 2. the weekend in the calendar popup

def _red(calendar, day: Qt.DayOfWeek) -> bool:  # noqa: ANN001
    return calendar.weekdayTextFormat(day).foreground().color().name() == inputs.WEEKEND_COLOUR


def test_the_calendar_marks_friday_in_persian_and_saturday_sunday_in_english(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _page(win, qtbot)
    calendar = page.detected.calendarWidget()
    assert calendar.calendar().name() == "Jalali" and calendar.firstDayOfWeek() == Qt.DayOfWeek.Saturday
    assert _red(calendar, Qt.DayOfWeek.Friday)
    assert not _red(calendar, Qt.DayOfWeek.Saturday) and not _red(calendar, Qt.DayOfWeek.Sunday)
    win.switch_language("en")
    assert calendar.calendar().name() == "Gregorian"
    assert _red(calendar, Qt.DayOfWeek.Saturday) and _red(calendar, Qt.DayOfWeek.Sunday)
    assert not _red(calendar, Qt.DayOfWeek.Friday)


# -- 3. length limits

def _fields(root: QWidget) -> list[QWidget]:
    return [w for w in inputs.fields(root) if w.isEnabled() and not w.isReadOnly()]


def test_every_field_holds_at_most_what_the_value_rules_store(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _page(win, qtbot)
    dialog = win.declare(proposed=False)
    fields = _fields(win) + _fields(dialog)
    assert len(fields) > 15
    for field in fields:  # none left at Qt's 32,767 (a line) or unlimited (a text)
        most = field.maxLength() if isinstance(field, QLineEdit) else field.property(inputs.LIMIT)
        assert most is not None and most <= 20_000, field
    assert dialog.title.maxLength() == page.widgets["title"].maxLength() == limit("incident", "title") == 300
    assert win.tasks.new_title.maxLength() == limit("task", "title")
    assert page.widgets["war_room"].maxLength() == 500 and page.widgets["bridge_pin"].maxLength() == 20
    assert dialog.description.property(inputs.LIMIT) == limit("incident", "description")


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, on the offscreen platform
def test_a_long_paste_is_cut_at_the_limit_and_that_is_said(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    dialog = win.declare(proposed=False)
    dialog.title.setFocus()
    dialog.title.insert("ب" * 10_000)  # as a paste inserts
    assert len(dialog.title.text()) == 300
    assert dialog.title.property("crisisroom_said") == "اینجا حداکثر ۳۰۰ نویسه جا می‌گیرد؛ بقیه گرفته نشد."
    dialog.description.insertPlainText("پ" * 25_000)
    assert len(dialog.description.toPlainText()) == 20_000
    assert "۲۰٬۰۰۰" in dialog.description.property("crisisroom_said")


def test_a_title_of_invisible_characters_is_refused_in_the_persian_form(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    dialog = win.declare(proposed=False)
    type_text(dialog.title, "\u200c\u200c")  # Shift+Space twice: two half-spaces, nothing to see
    dialog.title.insert("\u200b\ufeff")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.error.text() == "عنوان نمی‌تواند خالی باشد." and dialog.isVisible()


# -- 4. right-to-left paragraphs in Persian, whatever the first letter

def _rtl(field: QWidget) -> bool:
    """Whether ``field`` lays its text out as a right-to-left paragraph: the cursor after the
    first letter (of the Latin word it starts with) is right of the cursor at the text's end."""
    if isinstance(field, QLineEdit):
        def x(position: int) -> int:
            field.setCursorPosition(position)
            return field.cursorRect().center().x()
        return x(1) > x(len(field.text()))
    cursor = field.textCursor()

    def x(position: int) -> int:
        cursor.setPosition(position)
        field.setTextCursor(cursor)
        return field.cursorRect().center().x()
    return x(1) > x(len(field.toPlainText()))


def _typed_fields(win: MainWindow, dialog: QWidget) -> list[QWidget]:
    page = win.incident
    return [dialog.title, dialog.description, win.timeline.note, win.tasks.new_title, win.board.filters.search,
            page.widgets["title"], page.widgets["war_room"], page.widgets["description"], page.widgets["root_cause"]]


def _fill(fields: list[QWidget], text: str) -> None:
    for field in fields:
        field.clear() if isinstance(field, QLineEdit) else field.setPlainText("")
        field.setFocus()
        type_text(field, text)


def test_a_persian_paragraph_starting_with_a_latin_word_stays_right_to_left(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    _page(win, qtbot)
    dialog = win.declare(proposed=False)
    fields = _typed_fields(win, dialog)
    _fill(fields, LATIN_FIRST)
    assert [f for f in fields if not _rtl(f)] == []
    _fill(fields, "DNS سازمان پاسخ نمی\u200cدهد")
    assert [f for f in fields if not _rtl(f)] == []
    # Identifiers read left to right in Persian too.
    assert not _rtl(_filled(win.incident.widgets["bridge_url"], "https://meet.example.ir/اتاق"))


def _filled(field: QLineEdit, text: str) -> QLineEdit:
    field.setText(text)
    return field


def test_the_direction_follows_a_live_switch_of_language(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    _page(win, qtbot)
    fields = [win.timeline.note, win.tasks.new_title, win.board.filters.search, win.incident.widgets["title"],
              win.incident.widgets["description"]]
    _fill(fields, LATIN_FIRST)
    win.switch_language("en")
    assert [f for f in fields if _rtl(f)] == []  # English: a left-to-right paragraph
    _fill(fields, "سرور DNS از دسترس خارج شد")
    assert [f for f in fields if not _rtl(f)] == []  # … and a Persian one right to left, by its first letter
    _fill(fields, LATIN_FIRST)
    win.switch_language("fa")
    assert [f for f in fields if not _rtl(f)] == []
    qtbot.waitUntil(lambda: all(_rtl(f) for f in fields))  # and after the posted LanguageChange events


# -- the window's shortcuts while a field has the focus

class _TakesCtrlE(QObject):
    """A field that claims Ctrl+E for itself, as QLineEdit does with X11's key bindings (end of
    line): the offscreen platform's bindings do not have it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and event.keyCombination().toCombined() == \
                QKeySequence("Ctrl+E")[0].toCombined():
            event.accept()
            return True
        return False


def test_ctrl_e_exports_while_the_timelines_note_has_the_focus(window, qtbot, monkeypatch) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    exported = []
    monkeypatch.setattr(win, "export_postmortem", lambda path=None: exported.append(path))
    win.tabs.setCurrentWidget(win.timeline)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    note = win.timeline.note
    takes = _TakesCtrlE()
    note.installEventFilter(takes)
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    type_text(note, "یادداشت")
    with qtbot.waitSignal(win.export_action.triggered, timeout=2_000):
        qtbot.keyClick(note, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == [None] and note.text() == "یادداشت"
    with qtbot.waitSignal(win.page_actions[1].triggered, timeout=2_000):  # Ctrl+2: the incident page
        qtbot.keyClick(note, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert win.tabs.currentWidget() is win.incident
    note.removeEventFilter(takes)


def test_the_fields_own_editing_keys_stay_with_the_field(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    win.tabs.setCurrentWidget(win.timeline)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    note = win.timeline.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    type_text(note, "متن")
    steps = win.ctx.undo.count()
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the field's undo, not the window's
    assert note.text() == "" and win.ctx.undo.count() == steps
