"""The first start: this computer has no station database yet. Three ways in — a new organisation
(an empty station whose first person is the one operating it), joining the organisation's hub (an
empty station that takes everything from the hub), or a look around in invented demo data (marked
as a demo: it never joins a hub). Each form checks what is typed and says what is wrong beside the
field, in the user's language. The station is made off the GUI thread (services/setup.py); then
``ready`` tells whoever opens stations (desktop.app) that it is there.

Keyboard first: the choices are reached with Alt+1, Alt+2, Alt+3 (in any keyboard layout) or the
arrow keys, Tab goes from the choices through the chosen form to its button, and Enter anywhere in
a form submits it."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractButton, QButtonGroup, QComboBox, QCommandLinkButton, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from desktop import i18n, labels
from desktop.models.limits import NAME
from desktop.services.station import KINDS
from desktop.settings import Settings
from desktop.sync.hub_address import TLS_MODES, BadAddress, HubAddress
from desktop.text.display import fill
from desktop.text.normalize import isolate, normalize_input
from desktop.views import inputs
from desktop.views.elided import ERROR_STYLE

log = logging.getLogger("crisisroom")


class Refusal(Exception):
    """What a form's work could not do, as (code, params) for the form to word beside a field."""

    def __init__(self, code: str, params: dict | None = None) -> None:
        super().__init__(code)
        self.code, self.params = code, params or {}


class _Answer(QObject):
    said = Signal(object)  # (form, code or None when done, params) — from the setup thread


class _Form(QWidget):
    """A form of the welcome page: its fields, each with its message beside it (below, in the
    form's column), and one general message for what belongs to no field."""

    changed = Signal()  # something was typed: a refusal said before no longer applies

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = self._error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.row_labels: dict[str, QLabel] = {}

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(ERROR_STYLE)
        label.hide()
        return label

    def add_field(self, key: str, widget: QWidget) -> QWidget:
        label = QLabel(self)
        label.setBuddy(widget)
        self.form.addRow(label, widget)
        error = self._error_label()
        self.form.addRow("", error)
        self.fields[key], self.errors[key], self.row_labels[key] = widget, error, label
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text: self.changed.emit())
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _index: self.changed.emit())
        return widget

    def clear(self) -> None:
        for label in (*self.errors.values(), self.message):
            label.clear()
            label.hide()

    def say(self, key: str | None, text: str) -> None:
        """``text`` beside the field ``key`` (None: the form's general message); the first field
        said wrong gets the focus, so a keyboard user is where the fix is."""
        label = self.errors.get(key, self.message) if key else self.message
        label.setText(text)
        label.show()
        if key in self.fields and not any(not self.errors[k].isHidden() for k in self.fields
                                          if k != key and self._before(k, key)):
            self.fields[key].setFocus(Qt.FocusReason.OtherFocusReason)

    def _before(self, one: str, other: str) -> bool:
        order = list(self.fields)
        return order.index(one) < order.index(other)

    def first_field(self) -> QWidget | None:
        return next(iter(self.fields.values()), None)

    # what each form says and does
    def action_text(self) -> str:
        raise NotImplementedError

    def busy_text(self) -> str:
        raise NotImplementedError

    def work(self, path: Path) -> Callable[[], None] | None:
        """The checked form's work (run off the GUI thread), or None after saying what is wrong."""
        raise NotImplementedError

    def refused(self, code: str, params: dict) -> None:
        self.say(None, labels.error(code, params))

    def retranslate(self) -> None:
        raise NotImplementedError


def _filled(text: str) -> str:
    """What a field holds as it would be stored: trimmed, invisible-only text as nothing."""
    return normalize_input(text)


class NewOrganisationForm(_Form):
    """An empty station of a new organisation: its name, short code and kind, and the person
    operating it, who becomes the directory's first person (setup.new_organisation)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.station = self.add_field("station", QLineEdit(self))
        inputs.set_limit(self.station, NAME)
        self.code = self.add_field("code", QLineEdit(self))
        inputs.set_limit(inputs.identifier(self.code), 8)  # INC-<code>-…: Latin letters and digits
        self.kind = self.add_field("kind", QComboBox(self))
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.operator = self.add_field("operator", inputs.limit(QLineEdit(self), "person", "name"))

    def work(self, path: Path) -> Callable[[], None] | None:
        self.clear()
        station, code, operator = (_filled(field.text()) for field in (self.station, self.code, self.operator))
        if not station:
            self.say("station", self.tr("Give the station a name, e.g. Central crisis room."))
        if not code:
            self.say("code", self.tr("Choose a short code: 1 to 8 Latin letters or digits, e.g. HQ. It starts "
                                     "this station's incident references."))
        if not operator:
            self.say("operator", self.tr("Type your full name: every edit and timeline entry names the person "
                                         "who made it."))
        if not (station and code and operator):
            return None
        kind = self.kind.currentData()

        def make() -> None:
            from desktop.services import setup

            setup.new_organisation(path, station=station, code=code, operator=operator, kind=kind).close()
        return make

    def refused(self, code: str, params: dict) -> None:
        where = {"bad_short_code": "code", "short_code_taken": "code", "bad_kind": "kind",
                 "empty_station_name": "station", "empty_operator": "operator"}.get(code)
        named = params.get("field", "person.name").startswith("person")
        if code in ("empty_name", "blank", "too_long", "control_characters") and named:
            where = "operator"  # the operator's name, as the directory's rules have it
        self.say(where, labels.error(code, params))

    def action_text(self) -> str:
        return self.tr("&Create the station")

    def busy_text(self) -> str:
        return self.tr("Creating the station…")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("A new organisation"))
        self.intro.setText(self.tr("An empty station, and you the first person in its directory. Add your people, "
                                   "teams and services afterwards; other stations join through a hub."))
        names = {"station": self.tr("Station name"), "code": self.tr("Short code"), "kind": self.tr("Kind"),
                 "operator": self.tr("Your full name")}
        for key, text in names.items():
            self.row_labels[key].setText(text)
        self.station.setPlaceholderText(self.tr("e.g. Central crisis room"))
        self.code.setPlaceholderText("HQ")
        self.code.setToolTip(QCoreApplication.translate(
            "StationSettingsDialog", "Starts this station's incident references, e.g. INC-HQ-1405-0001"))
        self.operator.setPlaceholderText(self.tr("the person operating this station now"))
        kinds = {"coordinator": QCoreApplication.translate("StationSettingsDialog", "Coordinator workstation"),
                 "field": QCoreApplication.translate("StationSettingsDialog", "Field laptop"),
                 "wall": QCoreApplication.translate("StationSettingsDialog", "Wall display")}
        for index in range(self.kind.count()):
            self.kind.setItemText(index, kinds[self.kind.itemData(index)])


def code_for(station: str) -> str | None:
    """A short code from the station's name on the hub (laptop7 → LAPTOP7), or None for one made
    up (setup.joining): it starts this station's incident references and can be changed later."""
    code = re.sub(r"[^A-Z0-9]", "", station.upper())[:8]
    return code or None


def _sync_words(text: str) -> str:
    """The Sync hub dialog's own words for the same fields and problems (one translation)."""
    return QCoreApplication.translate("SyncSettingsDialog", text)


class JoinForm(_Form):
    """An empty station that joins the organisation's hub: the line ``crisisroom hub add-station``
    printed, pasted whole, or the address set field by field, as in File ▸ Sync hub. The hub is
    tried first; if it cannot be reached (or refuses), that is said beside the field at fault and
    the station can still be made to work offline until the hub answers."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.paste = self.add_field("paste", QLineEdit(self))
        self.paste.textEdited.connect(self._pasted)
        self.host = self.add_field("host", QLineEdit(self))
        self.port = self.add_field("port", QLineEdit("5432", self))
        self.database = self.add_field("database", QLineEdit("crisisroom", self))
        self.station = self.add_field("station", QLineEdit(self))
        self.password = self.add_field("password", QLineEdit(self))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls = self.add_field("tls", QComboBox(self))
        for mode in TLS_MODES:
            self.tls.addItem("", mode)
        # Identifiers, left to right in Persian too, at most what each can be (as File ▸ Sync hub).
        for field, most in ((self.paste, 2000), (self.host, 253), (self.port, 5), (self.database, 63),
                            (self.station, 63), (self.password, 1000)):
            inputs.set_limit(inputs.identifier(field), most)
        self.anyway: str | None = None  # the address the hub did not answer at: "join anyway" makes it
        self._tried: str | None = None
        self.changed.connect(lambda: setattr(self, "anyway", None))

    def _pasted(self, text: str) -> None:
        self.clear()
        if not text.strip():
            return
        try:
            self._fill(HubAddress.from_url(text))
        except BadAddress as exc:
            self.say("paste", self._problem(exc.code))

    def _fill(self, address: HubAddress) -> None:
        self.host.setText(address.host)
        self.port.setText(str(address.port))
        self.database.setText(address.database)
        self.station.setText(address.station)
        self.password.setText(address.password)
        self.tls.setCurrentIndex(max(0, self.tls.findData(address.tls)))

    def url(self) -> str | None:
        """The hub's connection URL from the form, or None after saying what is wrong and where."""
        if self.paste.text().strip():
            try:
                HubAddress.from_url(self.paste.text())
            except BadAddress as exc:
                self.say("paste", self._problem(exc.code))
                return None
        try:
            return HubAddress(host=self.host.text(), database=self.database.text(), station=self.station.text(),
                              password=self.password.text(), tls=self.tls.currentData()
                              ).with_port_text(self.port.text()).url()
        except BadAddress as exc:
            field = {"no_host": "host", "bad_port": "port", "bad_station": "station", "bad_tls": "tls"}.get(exc.code)
            self.say(field, self._problem(exc.code))
            return None

    def work(self, path: Path) -> Callable[[], None] | None:
        self.clear()
        url = self.url()
        if url is None:
            return None
        check = url != self.anyway  # told once that the hub does not answer: now made all the same
        code = code_for(self.station.text().strip())

        def make() -> None:
            if check:
                _try_hub(url)
            from desktop.services import setup
            from desktop.sync import credentials

            store = setup.joining(path, code=code)
            try:
                store.remember_hub(credentials.strip(url))  # the password to the keyring (or a 0600 file)
            except BaseException:
                store.close()
                path.unlink(missing_ok=True)  # no half-made station: the person tries again
                raise
            store.close()
        self._tried = url
        return make

    def refused(self, code: str, params: dict) -> None:
        if params.get("hub"):  # the hub was tried: it did not answer, or refused this station
            where = {"login": "password", "no_database": "database", "revoked": "station",
                     "other_station": "station"}.get(code, "host")
            self.say(where, fill(self.tr("%1 “Join anyway” makes the station now: it syncs as soon as the hub "
                                         "answers."), labels.hub_refusal(code, params)))
            self.anyway = self._tried
            return
        super().refused(code, params)

    def action_text(self) -> str:
        return self.tr("&Join anyway and work offline") if self.anyway else self.tr("&Join the hub")

    def busy_text(self) -> str:
        return self.tr("Creating the station…") if self.anyway else _sync_words("Connecting…")

    def _problem(self, code: str) -> str:
        return {
            "bad_url": _sync_words(
                "This is not a connection line. Paste the last line “crisisroom hub add-station” printed."),
            "no_host": _sync_words("Enter the hub's address."),
            "bad_port": _sync_words("The port is a number from 1 to 65535."),
            "bad_station": _sync_words("The station name is the name given to “hub add-station”: "
                                       "Latin letters, digits and _, starting with a letter."),
            "bad_tls": _sync_words("Choose a TLS mode."),
        }.get(code) or labels.hub_refusal(code)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Join your organisation's hub"))
        self.intro.setText(self.tr("Paste the line the hub's administrator got from “crisisroom hub add-station” "
                                   "for this station, or fill in the address. This station starts empty and takes "
                                   "the incidents, people and services from the hub; then you say who you are."))
        names = {"paste": "Connection line", "host": "Hub address", "port": "Port", "database": "Database",
                 "station": "Station name", "password": "Password", "tls": "TLS"}
        for key, text in names.items():
            self.row_labels[key].setText(_sync_words(text))
        self.paste.setPlaceholderText("postgresql://crisisroom_…@hub.example:5432/crisisroom")
        self.password.setPlaceholderText(_sync_words("kept in the system keyring, never in the database"))
        tls_names = {"prefer": "Use TLS when the hub offers it", "require": "Require TLS",
                     "verify-ca": "Require TLS and check the hub's certificate",
                     "verify-full": "Require TLS, check the certificate and the hub's name",
                     "disable": "No TLS (a trusted network only)"}
        for index in range(self.tls.count()):
            self.tls.setItemText(index, _sync_words(tls_names[self.tls.itemData(index)]))


def _try_hub(url: str) -> None:
    """Logs in to the hub once (as File ▸ Sync hub ▸ Test connection); raises a Refusal saying why not."""
    import psycopg

    from desktop.sync.client import HubRefused, HubUnavailable, check_hub, explain

    try:
        check_hub(url)
    except (HubRefused, HubUnavailable, psycopg.Error) as exc:
        log.info("joining the hub: %s", str(exc).strip())  # the driver's words, for the log
        code, params = explain(exc, url)
        raise Refusal(code, {**params, "hub": True}) from None


class DemoForm(_Form):
    """A station of invented data, marked as a demo (setup.demo_station)."""

    def work(self, path: Path) -> Callable[[], None] | None:
        self.clear()

        def make() -> None:
            from desktop.services import setup

            setup.demo_station(path).close()
        return make

    def action_text(self) -> str:
        return self.tr("&Open the demo")

    def busy_text(self) -> str:
        return self.tr("Making the demo data…")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Look around with demo data"))
        self.intro.setText(self.tr("A station full of invented incidents, people and services, to try every page. "
                                   "It is marked as a demo: its window says so, and it never connects to a hub, so "
                                   "its incidents can never reach a real one. For real work, start a new "
                                   "organisation or join a hub in another database (crisisroom --db FILE)."))


class WelcomePage(QWidget):
    """The window of the first start. ``ready`` says the station now exists at ``path``."""

    ready = Signal()

    def __init__(self, path: Path, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.settings = Path(path), settings
        self.opened: tuple | None = None  # (context, window) once the station is open (set by desktop.app)
        self.working = False  # a station is being made
        self.setObjectName("WelcomePage")
        card = self.card = QWidget(self)  # a wide window keeps the page in a readable column, centred
        card.setObjectName("WelcomeCard")
        card.setMaximumWidth(1100)
        self.title = QLabel(card)
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.intro = QLabel(card)
        self.intro.setWordWrap(True)
        # Built in the order Tab visits them: the choices, the chosen form, its button, the language.
        self.choices = QButtonGroup(self)
        self.choice_buttons = []
        for index in range(3):
            button = QCommandLinkButton(card)
            button.setCheckable(True)
            button.setIcon(QIcon())  # the style's arrow points the wrong way in Persian
            button.setMinimumWidth(340)
            self.choices.addButton(button, index)
            self.choice_buttons.append(button)
            # Digits, not letters: the same keys in a Persian keyboard layout (a title's mnemonic
            # would also be drawn into the description below it).
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.choose(i))
        self.new_button, self.join_button, self.demo_button = self.choice_buttons
        self.setStyleSheet("QCommandLinkButton { border: 1px solid #cfd8dc; border-radius: 6px; }"
                           "QCommandLinkButton:checked { border: 2px solid #1565c0; background: #e3f2fd; }")
        self.pages = QStackedWidget(card)
        self.new_form, self.join_form = NewOrganisationForm(self.pages), JoinForm(self.pages)
        self.demo_form = DemoForm(self.pages)
        self.forms: tuple[_Form, ...] = (self.new_form, self.join_form, self.demo_form)
        for form in self.forms:
            self.pages.addWidget(form)
            form.changed.connect(self._show_action)
        self.go = QPushButton(card)
        self.go.setAutoDefault(True)
        self.go.setMinimumWidth(220)
        self.go.clicked.connect(self.submit)
        self.busy = QProgressBar(card)
        self.busy.setRange(0, 0)  # no measure of how far: it moves while the work runs
        self.busy.setMaximumWidth(200)
        self.busy.hide()
        self.busy_label = QLabel(card)
        self.languages = QButtonGroup(self)
        self.language_buttons: dict[str, QPushButton] = {}
        for lang, name in (("fa", "فارسی"), ("en", "English")):  # each in its own language
            button = QPushButton(name, card)
            button.setCheckable(True)
            button.setFlat(True)
            button.setChecked(lang == i18n.current())
            button.clicked.connect(lambda _=False, code=lang: self.switch_language(code))
            self.languages.addButton(button)
            self.language_buttons[lang] = button
        self.where = QLabel(card)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setStyleSheet("color: #546e7a;")
        self._lay_out()
        self._answer = _Answer(self)
        self._answer.said.connect(self._answered)
        self.choices.idClicked.connect(self.choose)
        inputs.prepare(self)
        self.retranslate()
        self.resize(1040, 760)
        self.choose(0)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for button in self.language_buttons.values():
            top.addWidget(button)
        side = QVBoxLayout()
        for button in self.choice_buttons:
            side.addWidget(button)
        side.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.busy)
        actions.addWidget(self.busy_label, 1)
        actions.addWidget(self.go)
        right = QVBoxLayout()
        right.addWidget(self.pages)
        right.addSpacing(12)
        right.addLayout(actions)
        right.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(side)
        body.addLayout(right, 1)
        column = QVBoxLayout()
        column.addLayout(top)
        column.addWidget(self.intro)
        column.addSpacing(12)
        column.addLayout(body)
        column.addSpacing(12)
        column.addWidget(self.where)
        self.card.setLayout(column)
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(self.card, 100)
        across.addStretch(1)
        outer = QVBoxLayout(self)  # on a large screen the page sits in the middle, not stretched to its edges
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(across)
        outer.addStretch(2)

    # -- choosing and submitting
    @property
    def form(self) -> _Form:
        return self.forms[self.pages.currentIndex()]

    def choose(self, index: int) -> None:
        """Shows the form of choice ``index`` (0 new organisation, 1 join, 2 demo), its first field focused."""
        if self.working:
            return  # a station is being made: the choice is taken
        self.choice_buttons[index].setChecked(True)
        self.pages.setCurrentIndex(index)
        self._show_action()
        first = self.form.first_field()
        (first or self.go).setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_action(self) -> None:
        self.go.setText(self.form.action_text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter: on a button, presses it (a choice, the language); anywhere else, submits the form
        (a line edit or a combo box passes it on after its own use of it)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton) and focused is not self.go:
                focused.click()  # a choice shows its form (idClicked), a language switches
            else:
                self.submit()
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if self.working:
            return  # already at work
        form = self.form
        work = form.work(self.path)
        self._show_action()
        if work is None:
            return
        self._working(form.busy_text())

        def run() -> None:  # off the GUI thread: a migration, a hub that may take seconds to answer
            from desktop.db import DatabaseError
            from desktop.services.errors import CommandError

            try:
                work()
            except (CommandError, Refusal) as exc:
                self._answer.said.emit((form, exc.code, dict(exc.params)))
            except DatabaseError as exc:
                self._answer.said.emit((form, exc.code, {"path": str(exc.path)}))
            except Exception:  # noqa: BLE001 - said in words, the detail to the log
                log.exception("the first start could not make the station")
                self._answer.said.emit((form, "setup_failed", {}))
            else:
                self._answer.said.emit((form, None, {}))

        threading.Thread(target=run, name="crisisroom-first-start", daemon=True).start()

    def _working(self, text: str | None) -> None:
        busy = self.working = text is not None
        for widget in (*self.choice_buttons, self.pages, self.go, *self.language_buttons.values()):
            widget.setEnabled(not busy)
        self.busy.setVisible(busy)
        self.busy_label.setText(text or "")

    def _answered(self, said: tuple) -> None:
        form, code, params = said
        self._working(None)
        if code is None:
            self.ready.emit()
            return
        if code == "setup_failed":
            form.say(None, self.tr("The station could not be made (details in crisisroom.log). Nothing was kept; "
                                   "try again."))
        else:
            form.refused(code, params)
        self._show_action()

    # -- language
    def switch_language(self, lang: str) -> None:
        if lang != i18n.current():
            i18n.install(lang)  # also posts LanguageChange to every widget
            self.settings.set("ui/language", lang)
            self.retranslate()  # now, not when the posted events arrive
            inputs.follow_language(self)
        self.language_buttons[lang].setChecked(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Crisis Room — welcome"))
        self.title.setText(self.tr("Welcome to Crisis Room"))
        self.intro.setText(self.tr("This computer has no station yet. A station keeps your organisation's "
                                   "incidents, people and services; it works offline, and syncs with the other "
                                   "stations through a hub. How do you want to start?"))
        texts = ((self.tr("New organisation"), self.tr("Start empty: you are its first person.")),
                 (self.tr("Join a hub"), self.tr("Your organisation already runs Crisis Room: take everything "
                                                 "from its hub.")),
                 (self.tr("Look around with demo data"), self.tr("Invented incidents to try the app; never "
                                                                "connected to a hub.")))
        for button, (text, description) in zip(self.choice_buttons, texts):
            button.setText(text)
            button.setDescription(description)
        for form in self.forms:
            form.retranslate()
        self._show_action()
        self.where.setText(fill(self.tr("The station's database will be kept in %1"),
                                isolate(str(self.path), rtl=False)))
