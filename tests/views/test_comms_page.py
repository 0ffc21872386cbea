"""The communications page through its widgets: the next update counting down, the plan edited,
a draft previewed, edited and sent with Ctrl+Enter, and a refusal said beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.keys import Delivery
from desktop.views.comms import select_row


def _comms_page(window, qtbot):  # noqa: ANN001, ANN202
    win = window("fa")
    page = win.comms
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.tabs.setCurrentWidget(page)
        page.reload()
    qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    return win, page


def test_the_plan_and_the_messages_of_the_selected_incident(window, qtbot, qtmodeltester) -> None:  # noqa: ANN001
    win, page = _comms_page(window, qtbot)
    qtmodeltester.check(page.plan_model)
    qtmodeltester.check(page.messages_model)
    assert page.plan_model.rowCount() >= 1 and page.messages_model.rowCount() >= 1
    assert "گزارش وضعیت" in page.due_label.text() and "۰" in page.due_label.text()  # counting, in Persian digits
    audiences = [page.plan_model.cell(r, "audience", Qt.ItemDataRole.DisplayRole) for r in page.plan_model.rows()]
    assert "تیم فنی" in audiences


def test_a_draft_is_edited_and_sent_with_ctrl_enter(window, qtbot) -> None:  # noqa: ANN001
    win, page = _comms_page(window, qtbot)
    drafts = [i for i, r in enumerate(page.messages_model.rows()) if r.state == Delivery.DRAFT]
    assert drafts
    select_row(page.messages_table, drafts[0])
    draft = page.messages_model.row_at(drafts[0])
    assert page.send_button.isEnabled() and not page.text.isReadOnly()
    page.text.setPlainText("متن ویرایش‌شده برای مدیران")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    sent = next(r for r in page.messages_model.rows() if r.id == draft.id)
    assert sent.state in (Delivery.QUEUED, Delivery.FAILED) or sent.state == Delivery.DRAFT and page.message.isVisible()
    if sent.state != Delivery.DRAFT:
        assert sent.text == "متن ویرایش‌شده برای مدیران"


def test_the_incident_page_counts_down_to_the_next_update(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    page = win.incident
    win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.next_update.isVisible(), timeout=10_000)  # the demo's sev1 is late
    assert "گزارش وضعیت بعدی" in page.next_update.text() and "عقب" in page.next_update.text()
    assert "#b71c1c" in page.next_update.styleSheet()  # red, and said in words too
