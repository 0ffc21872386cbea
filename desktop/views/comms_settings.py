"""File ▸ Stakeholder messages: this station's mail server (with a test message), the folder the
users' status page is written to, and the organisation's message templates — each event's subject
and text per language, refused on save when a placeholder is unknown."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from desktop import labels
from desktop.context import AppContext
from desktop.mail_delivery import save_smtp_settings, send_test, smtp_settings
from desktop.models.keys import CommEvent
from desktop.services import comm_templates, comms, mailer
from desktop.services.mailer import SmtpSettings
from desktop.text.display import fill
from desktop.views import inputs

SECURITY = ("starttls", "tls", "none")


class CommsSettingsDialog(QDialog):
    tested = Signal(str)  # the test message's outcome, in words
    template_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("CommsSettingsDialog")
        self.setMinimumWidth(620)
        self.tabs = QTabWidget(self)
        # -- the mail server
        mail = QWidget(self.tabs)
        smtp = smtp_settings(ctx.settings)
        self.host = QLineEdit(smtp.host, mail)
        self.port = QSpinBox(mail)
        self.port.setRange(1, 65535)
        self.port.setValue(smtp.port)
        self.security = QComboBox(mail)
        for key in SECURITY:
            self.security.addItem("", key)
        self.security.setCurrentIndex(max(0, self.security.findData(smtp.security)))
        self.username = QLineEdit(smtp.username, mail)
        self.password = QLineEdit(mailer.stored_password(smtp), mail)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender = QLineEdit(smtp.from_address, mail)
        self.sender_name = QLineEdit(smtp.from_name, mail)
        self.test_to = QLineEdit(smtp.from_address, mail)
        self.test_button = QPushButton(mail)
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel(mail)
        self.test_result.setWordWrap(True)
        for field in (self.host, self.username, self.sender, self.test_to):
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # addresses read left to right
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        self.mail_form = QFormLayout(mail)
        self.mail_labels = [QLabel(mail) for _ in range(8)]
        for label, field in zip(self.mail_labels, (self.host, self.port, self.security, self.username, self.password,
                                                   self.sender, self.sender_name, test_row)):
            self.mail_form.addRow(label, field)
        self.mail_form.addRow(self.test_result)
        # -- the status page
        page = QWidget(self.tabs)
        self.folder = QLineEdit(ctx.settings.get("status_page/folder"), page)
        self.folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.choose_folder = QPushButton(page)
        self.choose_folder.clicked.connect(self._choose_folder)
        self.folder_note = QLabel(page)
        self.folder_note.setWordWrap(True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_folder)
        page_layout = QVBoxLayout(page)
        page_layout.addLayout(folder_row)
        page_layout.addWidget(self.folder_note)
        page_layout.addStretch(1)
        # -- the templates
        texts = QWidget(self.tabs)
        self.event = QComboBox(texts)
        for event in CommEvent:
            self.event.addItem("", event.value)
        self.template_lang = QComboBox(texts)
        for lang in comms.LANGS:
            self.template_lang.addItem(labels.language_name(lang), lang)
        self.subject = QLineEdit(texts)
        inputs.set_limit(self.subject, comms.SUBJECT_LIMIT)
        self.body = QPlainTextEdit(texts)
        self.placeholders = QLabel(" ".join(f"{{{p}}}" for p in comm_templates.PLACEHOLDERS), texts)
        self.placeholders.setWordWrap(True)
        self.placeholders.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.placeholders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_template = QPushButton(texts)
        self.save_template.clicked.connect(self.save_current_template)
        self.template_message = QLabel(texts)
        self.template_message.setWordWrap(True)
        choose = QHBoxLayout()
        choose.addWidget(self.event, 1)
        choose.addWidget(self.template_lang)
        texts_layout = QVBoxLayout(texts)
        texts_layout.addLayout(choose)
        texts_layout.addWidget(self.subject)
        texts_layout.addWidget(self.body, 1)
        texts_layout.addWidget(self.placeholders)
        texts_layout.addWidget(self.template_message)
        texts_layout.addWidget(self.save_template, 0, Qt.AlignmentFlag.AlignTrailing)
        self.event.currentIndexChanged.connect(lambda _i: self.load_template())
        self.template_lang.currentIndexChanged.connect(lambda _i: self.load_template())
        self.tabs.addTab(mail, "")
        self.tabs.addTab(page, "")
        self.tabs.addTab(texts, "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        inputs.prepare(self)
        self.retranslate()
        self.load_template()

    # -- the mail server
    def smtp(self) -> SmtpSettings:
        return SmtpSettings(host=self.host.text().strip(), port=self.port.value(),
                            security=self.security.currentData(), username=self.username.text().strip(),
                            password=self.password.text(), from_address=self.sender.text().strip(),
                            from_name=self.sender_name.text().strip())

    def save(self) -> None:
        save_smtp_settings(self.ctx.settings, self.smtp(), self.password.text())
        self.ctx.settings.set("status_page/folder", self.folder.text().strip())
        self.ctx.settings.sync()
        self.accept()

    def send_test(self) -> None:
        """Sends one message to the address given, on the event loop (qasync in the app)."""
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Sending a test message…"))
        smtp, to = self.smtp(), self.test_to.text().strip()

        def said(outcome: tuple[str, str]) -> None:
            code, detail = outcome
            text = self.tr("The test message was sent.") if code == "ok" else labels.mail_error(code, detail)
            self.test_result.setText(text)
            self.test_result.setStyleSheet("" if code == "ok" else "color: #b71c1c;")
            self.test_button.setEnabled(True)
            self.tested.emit(text)

        loop = asyncio.get_event_loop()
        task = loop.create_task(send_test(smtp, to))
        task.add_done_callback(lambda t: said(t.result() if not t.exception() else ("error", str(t.exception()))))

    # -- the status page folder
    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("The status page folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # -- templates
    def load_template(self) -> None:
        event, lang = self.event.currentData(), self.template_lang.currentData()
        subject, body = self.ctx.store.read(lambda conn: comms.template(conn, event, lang))
        direction = Qt.LayoutDirection.RightToLeft if lang == "fa" else Qt.LayoutDirection.LeftToRight
        self.subject.setLayoutDirection(direction)
        self.body.setLayoutDirection(direction)
        self.subject.setText(subject)
        self.body.setPlainText(body)
        self.template_message.clear()

    def save_current_template(self) -> None:
        """Saved as the organisation's own (synced); refused with the reason beside it."""
        def done(_value: object) -> None:
            self.template_message.setStyleSheet("")
            self.template_message.setText(self.tr("Saved. The next messages of this event use it."))
            self.template_saved.emit()

        def refused(code: str, params: dict) -> None:
            self.template_message.setStyleSheet("color: #b71c1c;")
            self.template_message.setText(labels.error(code, params))
            self.template_saved.emit()

        self.ctx.command(comms.save_template, self.event.currentData(), self.template_lang.currentData(),
                         self.subject.text(), self.body.toPlainText(), label=self.tr("Edit a message template"),
                         on_done=done, on_error=refused)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Stakeholder messages"))
        for index, name in enumerate((self.tr("Mail server"), self.tr("Status page"), self.tr("Templates"))):
            self.tabs.setTabText(index, name)
        for label, text in zip(self.mail_labels, (self.tr("Server"), self.tr("Port"), self.tr("Security"),
                                                  self.tr("User name"), self.tr("Password"), self.tr("Sender's address"),
                                                  self.tr("Sender's name"), self.tr("Test message to"))):
            label.setText(text)
        for index, text in enumerate((self.tr("STARTTLS (usually port 587)"), self.tr("TLS (usually port 465)"),
                                      self.tr("None (a relay inside the organisation)"))):
            self.security.setItemText(index, text)
        self.test_button.setText(self.tr("Send a test message"))
        self.choose_folder.setText(self.tr("Choose…"))
        self.folder_note.setText(self.tr("The users' status page (index.html) is written here on every message to the "
                                         "users and every hour: a shared folder or a web server's folder."))
        for index, event in enumerate(CommEvent):
            self.event.setItemText(index, labels.comm_event(event.value))
        self.save_template.setText(self.tr("Save the template"))
        self.subject.setPlaceholderText(self.tr("Subject"))
        self.placeholders.setToolTip(fill(self.tr("Placeholders a template may use (%1)"),
                                          labels.number(len(comm_templates.PLACEHOLDERS))))
