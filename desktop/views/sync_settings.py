"""File ▸ Sync hub: where this station syncs. The line ``crisisroom hub add-station`` printed can
be pasted whole, or the address, station name, password and TLS mode set one by one. Test
connection runs off the GUI thread; Save keeps the password in the OS keyring (or a file only
this user can read), the rest in the database, and restarts the background sync."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.services.changes import Changes
from desktop.sync.hub_address import TLS_MODES, BadAddress, HubAddress
from desktop import labels
from desktop.views import inputs

log = logging.getLogger("crisisroom.sync")


class _Answer(QObject):
    said = Signal(str, object)  # kind (ok, or labels.hub_refusal's code) and its params — from the test thread


HUB_CHANGED = Changes.of([("hub", "")])  # the hub was set or forgotten: the sync restarts (MainWindow)


class SyncSettingsDialog(QDialog):
    saved = Signal()  # the hub was set or forgotten (announced on the bus first: the sync has restarted)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("SyncSettingsDialog")
        self.setMinimumWidth(560)
        self.paste = QLineEdit(self)
        self.paste.textEdited.connect(self._pasted)
        self.host = QLineEdit(self)
        self.port = QLineEdit("5432", self)
        self.database = QLineEdit("crisisroom", self)
        self.station = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls = QComboBox(self)
        for mode in TLS_MODES:
            self.tls.addItem("", mode)
        for field in (self.host, self.port, self.database, self.station):  # Latin text, left to right
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.paste.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # Identifiers (the text direction too), at most what each can be: a DNS name, a port,
        # PostgreSQL names; the pasted line holds them all.
        for field, most in ((self.paste, 2000), (self.host, 253), (self.port, 5), (self.database, 63),
                            (self.station, 63), (self.password, 1000)):
            inputs.set_limit(inputs.identifier(field), most)
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(7)]
        for label, field in zip(self.form_labels, (self.paste, self.host, self.port, self.database, self.station,
                                                    self.password, self.tls)):
            self.form.addRow(label, field)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.test_button = QPushButton(self)
        self.forget_button = QPushButton(self)
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.test)
        self.forget_button.clicked.connect(self.forget)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        inputs.prepare(self)
        self._answer = _Answer(self)
        self._answer.said.connect(self._tested)
        self.retranslate()
        ctx.worker.submit(self._stored, self._fill_from)

    # -- filling in
    @staticmethod
    def _stored(store) -> str | None:  # noqa: ANN001 - on the worker: the keyring may be slow to answer
        from desktop.sync.credentials import with_password

        url = store.hub_url()
        return with_password(url) if url else None

    def _fill_from(self, url: str | None) -> None:
        if url:
            self._fill(HubAddress.from_url(url))

    def _fill(self, address: HubAddress) -> None:
        self.host.setText(address.host)
        self.port.setText(str(address.port))
        self.database.setText(address.database)
        self.station.setText(address.station)
        self.password.setText(address.password)
        self.tls.setCurrentIndex(max(0, self.tls.findData(address.tls)))

    def _pasted(self, text: str) -> None:
        if not text.strip():
            return
        try:
            self._fill(HubAddress.from_url(text))
            self._say("")
        except BadAddress as exc:
            self._say(self._problem(exc.code), error=True)

    def address(self) -> HubAddress:
        """What the form says; raises BadAddress with what is wrong."""
        return HubAddress(host=self.host.text(), database=self.database.text(), station=self.station.text(),
                          password=self.password.text(), tls=self.tls.currentData()).with_port_text(self.port.text())

    # -- actions
    def _url(self) -> str | None:
        """The form's connection URL, or None after saying what is wrong with it."""
        try:
            return self.address().url()
        except BadAddress as exc:
            self._say(self._problem(exc.code), error=True)
            return None

    def test(self) -> None:
        url = self._url()
        if url is None:
            return
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting…"))

        def run() -> None:  # off the GUI thread: a dead address may take seconds to time out
            from desktop.sync.client import HubRefused, HubUnavailable, check_hub, explain

            try:
                check_hub(url)
                self._answer.said.emit("ok", {})
            except (HubRefused, HubUnavailable) as exc:
                log.info("hub test: %s", exc)  # the driver's words, for the log
                code, params = explain(exc, url)
                self._answer.said.emit(code, params)

        threading.Thread(target=run, name="crisisroom-hub-test", daemon=True).start()

    def _tested(self, kind: str, params: dict) -> None:
        self.test_button.setEnabled(True)
        if kind == "ok":
            self._say(self.tr("Connected: this station can sync with the hub."))
        else:
            self._say(self._problem(kind, params), error=True)

    def save(self) -> None:
        if self.ctx.store.station.demo:  # invented incidents never reach a real hub
            self._say(labels.hub_refusal("demo"), error=True)
            return
        url = self._url()
        if url is None:
            return
        from desktop.sync import credentials

        def keep(store) -> None:  # noqa: ANN001 - on the database worker
            store.remember_hub(credentials.strip(url))  # the password to the keyring or 0600 file

        self.ctx.change_local(keep, HUB_CHANGED, on_done=lambda _none: self._saved())

    def forget(self) -> None:
        from desktop.sync import credentials

        def drop(store) -> None:  # noqa: ANN001 - on the database worker
            url = store.hub_url()
            if url:
                credentials.forget(url)  # working alone: no password is left behind either
            store.remember_hub(None)

        self.ctx.change_local(drop, HUB_CHANGED, on_done=lambda _none: self._saved())

    def _saved(self) -> None:
        self.saved.emit()
        self.accept()

    # -- words
    def _problem(self, code: str, params: dict | None = None) -> str:
        return {
            "bad_url": self.tr("This is not a connection line. Paste the last line “crisisroom hub add-station” printed."),
            "no_host": self.tr("Enter the hub's address."),
            "bad_port": self.tr("The port is a number from 1 to 65535."),
            "bad_station": self.tr("The station name is the name given to “hub add-station”: "
                                   "Latin letters, digits and _, starting with a letter."),
            "bad_tls": self.tr("Choose a TLS mode."),
        }.get(code) or labels.hub_refusal(code, params)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b71c1c;" if error else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sync hub"))
        self.intro.setText(self.tr("The hub is the PostgreSQL server every station syncs through. Ask its "
                                   "administrator for this station's line from “crisisroom hub add-station”."))
        names = (self.tr("Connection line"), self.tr("Hub address"), self.tr("Port"), self.tr("Database"),
                 self.tr("Station name"), self.tr("Password"), self.tr("TLS"))
        for label, name in zip(self.form_labels, names):
            label.setText(name)
        self.paste.setPlaceholderText("postgresql://crisisroom_…@hub.example:5432/crisisroom")
        tls_names = {"prefer": self.tr("Use TLS when the hub offers it"), "require": self.tr("Require TLS"),
                     "verify-ca": self.tr("Require TLS and check the hub's certificate"),
                     "verify-full": self.tr("Require TLS, check the certificate and the hub's name"),
                     "disable": self.tr("No TLS (a trusted network only)")}
        for index in range(self.tls.count()):
            self.tls.setItemText(index, tls_names[self.tls.itemData(index)])
        self.password.setPlaceholderText(self.tr("kept in the system keyring, never in the database"))
        self.test_button.setText(self.tr("&Test connection"))
        self.forget_button.setText(self.tr("&Work alone (no hub)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
