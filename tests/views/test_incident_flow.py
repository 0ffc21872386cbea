"""A whole major incident driven through the window, as the crisis room lives it."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit

from desktop import labels
from desktop.views.mainwindow import MainWindow
from tests.helpers.typing import type_text


def _incident(win: MainWindow, incident_id: str) -> dict:
    return win.ctx.store.read(lambda c: dict(c.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()))


def _entries(win: MainWindow, incident_id: str) -> list[tuple[str, dict]]:
    return win.ctx.store.read(lambda c: [(r[0], json.loads(r[1])) for r in c.execute(
        "SELECT kind, details FROM timeline_entries WHERE incident_id = ? ORDER BY at, id", (incident_id,))])


def _board_status(win: MainWindow, incident_id: str) -> str | None:
    row = win.board.model.row_of(incident_id)
    return None if row is None else win.board.model.rows()[row].status


def test_report_accept_acknowledge_contain_resolve_review_close(window, qtbot) -> None:  # noqa: ANN001, PLR0915
    win: MainWindow = window("fa")
    page = win.incident

    # Identification: the hotline reports it through the quick form.
    dialog = win.declare(proposed=True)
    qtbot.waitUntil(lambda: dialog.services.count() > 0)
    type_text(dialog.title, "قطعی درگاه پرداخت؛ مشتریان پرداخت نمی‌کنند")
    dialog.services.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.declared, timeout=10_000) as reported:
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    incident_id = reported.args[0]
    qtbot.waitUntil(lambda: _board_status(win, incident_id) == "proposed")
    row = _incident(win, incident_id)
    assert row["status"] == "proposed" and row["reported_via"] == "hotline" and row["declared_at"] is None
    lane = win.board.lane
    assert lane.isVisible() and lane.proxy.rowCount() == 2  # the demo's proposal and ours

    # A coordinator accepts it from the candidate lane: declared.
    for n in range(lane.proxy.rowCount()):
        if lane.proxy.index(n, 0).data(Qt.ItemDataRole.UserRole + 1) == incident_id:
            lane.list.setCurrentIndex(lane.proxy.index(n, 0))
    with qtbot.waitSignal(win.board.refreshed, timeout=10_000):
        qtbot.mouseClick(lane.accept_button, Qt.MouseButton.LeftButton)
    assert _board_status(win, incident_id) == "declared"
    assert _incident(win, incident_id)["declared_at"] is not None

    # Containment and resolution on the incident page.
    win.ctx.selection.set_incident(incident_id)
    win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.fields["id"] == incident_id
                    and page.detail.fields["status"] == "declared")
    assert page.move_buttons["acknowledge"].isEnabled()
    assert not page.move_buttons["close"].isEnabled() and page.move_buttons["close"].toolTip()

    def click(key: str, field: str) -> None:
        with qtbot.waitSignal(win.board.refreshed, timeout=10_000):
            qtbot.mouseClick(page.move_buttons[key], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.detail.fields[field] is not None)

    click("acknowledge", "acknowledged_at")
    qtbot.waitUntil(lambda: not page.move_buttons["acknowledge"].isEnabled())
    assert "پیش‌تر" in page.move_buttons["acknowledge"].toolTip()  # it says why, in Persian
    click("contain", "contained_at")
    assert _board_status(win, incident_id) == "contained"

    with qtbot.waitSignal(win.board.refreshed, timeout=10_000):
        page.open_record("change", "بازگرداندن نسخه ۲٫۴ درگاه پرداخت")
    qtbot.waitUntil(lambda: page.detail.change_title is not None)
    change_id = page.detail.fields["change_id"]
    with qtbot.waitSignal(win.board.refreshed, timeout=10_000):
        page.request_move("resolve", change_id=change_id)
    qtbot.waitUntil(lambda: page.detail.fields["resolved_at"] is not None)
    assert _board_status(win, incident_id) == "resolved"

    # Maintenance: review, then close; a closed incident leaves the live board.
    click("review", "reviewed_at")
    assert not page.move_buttons["close"].isEnabled()
    assert page.move_buttons["close"].toolTip() == labels.error("review_incomplete")
    review = win.review
    win.tabs.setCurrentWidget(review)
    qtbot.waitUntil(lambda: review.checklist is not None and review.checklist.status == "in_review")
    assert not review.close_button.isEnabled() and review.override_button.isVisible()
    for item, box in review.ticks.items():
        with qtbot.waitSignal(review.loaded, timeout=10_000):
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert box.isChecked() and review.stamps[item].text()
    review.lessons.setFocus()
    type_text(review.lessons, "هشدار زودتر")
    with qtbot.waitSignal(review.loaded, timeout=10_000):
        qtbot.mouseClick(review.save_lessons, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.close_button.isEnabled())
    assert not review.override_button.isVisible()
    with qtbot.waitSignal(win.board.refreshed, timeout=10_000):
        qtbot.mouseClick(review.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.summary.text() == review.tr("The incident is closed."))
    win.tabs.setCurrentWidget(page)  # a hidden page reloads when shown
    qtbot.waitUntil(lambda: page.detail.fields["closed_at"] is not None)
    assert _board_status(win, incident_id) is None

    row = _incident(win, incident_id)
    stamps = [row[f] for f in ("reported_at", "declared_at", "acknowledged_at", "contained_at", "resolved_at",
                               "reviewed_at", "closed_at")]
    assert all(stamps) and stamps == sorted(stamps)
    assert row["status"] == "closed" and row["change_id"] == change_id
    moves = [(d.get("from"), d.get("to")) for kind, d in _entries(win, incident_id)
             if kind == "status" and "review" not in d]
    assert moves == [(None, "proposed"), ("proposed", "declared"), (None, None), ("declared", "contained"),
                     ("contained", "resolved"), ("resolved", "in_review"), ("in_review", "closed")]
    ticks = [d["review"] for kind, d in _entries(win, incident_id) if kind == "status" and "review" in d]
    assert ticks == [{"fix_verified": True}, {"monitoring_confirmed": True}, {"docs_updated": True}]
    assert any(kind == "record" and d.get("link") == "change" for kind, d in _entries(win, incident_id))
    assert all(not b.isEnabled() for b in page.move_buttons.values())
    assert page.move_buttons["reopen"].toolTip() == "حادثه بسته‌شده یا لغوشده دیگر تغییر نمی‌کند." or \
        page.move_buttons["reopen"].toolTip() == "فقط حادثه رفع‌شده بازگشایی می‌شود."


def test_an_empty_title_is_refused_in_the_form_and_nothing_typed_is_lost(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    dialog = win.declare(proposed=False)
    dialog.description.setPlainText("شرح مفصل که نباید از دست برود")
    type_text(dialog.title, "   ")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.error.text() == "عنوان نمی‌تواند خالی باشد."
    assert dialog.isVisible() and dialog.description.toPlainText() == "شرح مفصل که نباید از دست برود"
    dialog.error.clear()
    dialog.sla.lineEdit().selectAll()
    type_text(dialog.sla, "۱۲ ساعت")  # the letters are not taken, and that is said
    assert "دقیقه" in dialog.error.text() and dialog.sla.minutes() == 12
    type_text(dialog.title, "عنوان")
    dialog.sla.lineEdit().selectAll()
    type_text(dialog.sla, "۱۲۰")  # Persian digits are fine
    with qtbot.waitSignal(dialog.declared, timeout=10_000) as declared:
        dialog.submit()
    assert _incident(win, declared.args[0])["sla_minutes"] == 120


def test_editing_keeps_what_is_typed_when_a_refresh_arrives(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = win.incident
    qtbot.waitUntil(lambda: page.detail is not None)
    page.widgets["war_room"].setText("ساختمان شماره ۲، طبقه ۵")
    from desktop.services import timeline

    with qtbot.waitSignal(page.loaded, timeout=10_000):  # someone else's change reloads the page
        win.ctx.command(timeline.add_note, page.incident_id, "یادداشت دیگری")
    assert page.widgets["war_room"].text() == "ساختمان شماره ۲، طبقه ۵"
    page.widgets["bridge_pin"].setText("۴۴۱۲")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.save()
    fields = _incident(win, page.incident_id)
    assert fields["war_room"] == "ساختمان شماره ۲، طبقه ۵" and fields["bridge_pin"] == "4412"
    # Edit ▸ Undo says what it would undo: the fields and the incident.
    ref = page.detail.fields["ref"]
    texts = [win.ctx.undo.text(i) for i in range(win.ctx.undo.count())]
    assert any(t.startswith("ویرایش اتاق بحران") and t.endswith(f"({ref})") for t in texts)
    assert win.undo_action.text() == f"&واگرد: {win.ctx.undo.undoText()}" and win.ctx.undo.undoText()
    page.use_bridge("bridge_pin")
    assert QApplication.clipboard().text() == "4412"


def test_half_space_can_be_typed_in_every_text_field(window, qtbot) -> None:  # noqa: ANN001
    """Windows' Persian keyboard types ZWNJ with Shift+Space: every field must take it as typed."""
    win: MainWindow = window("fa")
    dialog = win.declare(proposed=False)
    fields = [w for root in (win, dialog) for w in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit)
              if w.isEnabled() and not w.isReadOnly() and not isinstance(w.parent(), QAbstractSpinBox)]
    assert len(fields) > 15
    for field in fields:
        field.setFocus()
        type_text(field, "نمی\u200cدهد")
        typed = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
        assert "نمی\u200cدهد" in typed, field.objectName() or type(field).__name__


def test_search_finds_persian_in_any_spelling(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    with qtbot.waitSignal(win.board.searched, timeout=10_000):
        qtbot.keyClicks(win.board.filters.search, "Kubernetes")
    titles = [win.board.proxy.index(r, 2).data() for r in range(win.board.proxy.rowCount())]
    assert len(titles) == 1 and "Kubernetes" in titles[0]
    win.board.filters.search.clear()
    qtbot.waitUntil(lambda: win.board.proxy.rowCount() == 5)


def test_declaring_shows_similar_closed_incidents_with_their_fix(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    dialog = win.declare(proposed=False)
    with qtbot.waitSignal(dialog.similar.shown, timeout=10_000, check_params_cb=lambda rows: bool(rows)) as shown:
        type_text(dialog.title, "کندی ایمیل")
    titles = [row.title for row in shown.args[0]]
    assert "قطعی ایمیل سازمانی" in titles
    assert "بازگرداندن نسخه قبلی" in dialog.similar.text.text()  # the change that fixed it
    assert "علت ریشه‌ای:" in dialog.similar.text.text() and "Root cause" not in dialog.similar.text.text()


def test_affected_services_and_detection_time_are_edited_on_the_page(window, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCalendar

    win: MainWindow = window("fa")
    page = win.incident
    qtbot.waitUntil(lambda: page.detail is not None and page.services.count() > 0)
    assert page.detected.calendar().name() == QCalendar(QCalendar.System.Jalali).name()
    assert page.detected.text().startswith("۱۴")  # a Jalali year, Persian digits
    before = set(page.detail.services)
    item = next(page.services.item(i) for i in range(page.services.count())
                if page.services.item(i).data(Qt.ItemDataRole.UserRole) not in before)
    item.setCheckState(Qt.CheckState.Checked)
    page.detected.setDateTime(page.detected.dateTime().addSecs(-3600))
    with qtbot.waitSignal(win.board.refreshed, timeout=10_000):
        page.save()
    qtbot.waitUntil(lambda: set(page.detail.services) == before | {item.data(Qt.ItemDataRole.UserRole)}
                    and page.changed_fields() == {})
    assert any(kind == "field" and d["changes"][0][0] == "detected_at" for kind, d in _entries(win, page.incident_id))


def test_one_save_of_a_field_and_the_services_is_one_undo_step(window, qtbot) -> None:  # noqa: ANN001
    from desktop import labels

    win: MainWindow = window("fa")
    page = win.incident
    win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.detail is not None and page.services.count() > 0)
    incident_id = page.incident_id
    war_room, services = page.detail.fields["war_room"], set(page.detail.services)
    entries, steps = len(_entries(win, incident_id)), win.ctx.undo.count()
    item = next(page.services.item(i) for i in range(page.services.count())
                if page.services.item(i).data(Qt.ItemDataRole.UserRole) not in services)
    added = item.data(Qt.ItemDataRole.UserRole)
    item.setCheckState(Qt.CheckState.Checked)
    page.widgets["war_room"].setText("ساختمان مرکزی، طبقه ۳")

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: set(page.detail.services) == services | {added}
                    and page.detail.fields["war_room"] == "ساختمان مرکزی، طبقه ۳")
    assert win.ctx.undo.count() == steps + 1  # one user action, one undo step
    # The timeline says what changed as before: the services, and the fields.
    new = _entries(win, incident_id)[entries:]
    assert sorted(d["changes"][0][0] for kind, d in new if kind == "field") == ["services", "war_room"]
    # Edit ▸ Undo names both, and the incident.
    undo_text = win.undo_action.text()
    assert labels.field("war_room") in undo_text and labels.field("services") in undo_text
    assert undo_text.endswith(f"({page.detail.fields['ref']})")

    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.undo_action.trigger()
    qtbot.waitUntil(lambda: set(page.detail.services) == services and page.detail.fields["war_room"] == war_room)
    assert set(page.services.checked()) == services and page.widgets["war_room"].text() == (war_room or "")
    assert _incident(win, incident_id)["war_room"] == war_room
    assert win.ctx.undo.index() == steps  # both undone by that one step
