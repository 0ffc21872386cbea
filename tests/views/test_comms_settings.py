"""File ▸ Stakeholder messages: the mail server kept (its password out of the settings file) and
tried with a test message to a real SMTP server; a template with an unknown placeholder refused
in words, a good one saved and used."""

from __future__ import annotations

from desktop.views.comms_settings import CommsSettingsDialog
from tests.helpers.mail import MailServer


def test_the_mail_server_is_kept_and_tried_with_a_test_message(make_ctx, qtbot, qasync_loop, tmp_path) -> None:  # noqa: ANN001
    ctx = make_ctx("fa")
    dialog = CommsSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    with MailServer() as server:
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(server.port)
        dialog.security.setCurrentIndex(dialog.security.findData("none"))
        dialog.sender.setText("crisis-room@demo.example")
        dialog.test_to.setText("lead@demo.example")
        with qtbot.waitSignal(dialog.tested, timeout=15_000) as said:
            dialog.send_test()
        assert said.args[0] == dialog.tr("The test message was sent.")
        assert [r.rcpt_tos for r in server.handler.received] == [["lead@demo.example"]]
    dialog.folder.setText(str(tmp_path))
    dialog.save()
    assert ctx.settings.get("mail/host") == "127.0.0.1" and ctx.settings.get("mail/port") == server.port
    assert ctx.settings.get("status_page/folder") == str(tmp_path)
    with qtbot.waitSignal(dialog.tested, timeout=15_000) as said:  # the server is gone now
        dialog.send_test()
    assert said.args[0] != dialog.tr("The test message was sent.") and "سرور" in said.args[0]


def test_a_template_with_an_unknown_placeholder_is_refused_and_a_good_one_saved(make_ctx, qtbot) -> None:  # noqa: ANN001
    ctx = make_ctx("fa")
    dialog = CommsSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.event.setCurrentIndex(dialog.event.findData("status_update"))
    assert "{title}" in dialog.subject.text()  # the built-in wording, in Persian
    dialog.subject.setText("گزارش وضعیت: {tittle}")
    with qtbot.waitSignal(dialog.template_saved, timeout=10_000):
        dialog.save_current_template()
    assert "tittle" in dialog.template_message.text() and "{title}" in dialog.template_message.text()
    dialog.subject.setText("گزارش وضعیت {ref}: {title}")
    with qtbot.waitSignal(dialog.template_saved, timeout=10_000):
        dialog.save_current_template()
    assert ctx.store.read(lambda c: c.execute("SELECT subject FROM comm_templates").fetchall())[0][0] == \
        "گزارش وضعیت {ref}: {title}"
