"""What a coordinator station does for stakeholder communications while it runs, besides mail
(desktop/mail_delivery.py):

- **Scheduled status updates**: every half minute it prepares the update of each active incident
  whose update is due (services/comms.py; one draft per slot whichever station prepares it).
- **The status page**: when this station has queued a users' status-page message, the page is
  written to the folder set in the settings (``status_page/folder``) and the messages are marked
  sent; rewritten every hour too, so resolved incidents leave it. No folder, or one that cannot be
  written: the messages wait, and the status bar says why.
- **Desktop notifications** this station queued (marked sent by mail delivery, ``show``) are
  shown in the system tray.
- **The reminder**: the communications lead (the operator holding that role) is reminded in the
  tray once per overdue update.

Database work runs on the worker (AppContext.query / command); the GUI thread only decides."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from desktop import labels
from desktop.context import AppContext
from desktop.models.keys import Role
from desktop.services import comms, status_page
from desktop.services.changes import Changes
from desktop.text.calendar import utcnow
from desktop.text.display import fill

log = logging.getLogger("crisisroom")
SCHEDULE_MS = 30_000
REPUBLISH_MS = 3_600_000


def _waiting(conn, station_id: str) -> tuple[list[str], list[tuple[str, str, dt.datetime]]]:  # noqa: ANN001
    """This station's queued status-page messages, and the overdue updates of incidents whose
    communications lead operates it."""
    operator = conn.execute("SELECT operator_id FROM station WHERE id = 1").fetchone()[0]
    overdue = []
    if operator:
        now = utcnow()
        for incident_id, title in conn.execute(
                "SELECT i.id, i.title FROM incidents i JOIN role_assignments r ON r.incident_id = i.id "
                "WHERE r.role = ? AND r.person_id = ? AND r.renounced_at IS NULL AND NOT r.archived",
                (Role.COMMUNICATIONS_LEAD.value, operator)):
            due = comms.next_update_due(conn, incident_id, now)
            if due is not None and due < now:
                overdue.append((incident_id, title or "", due))
    return status_page.queued_ids(conn, station_id), overdue


class CommsRunner(QObject):
    said = Signal(str)  # for the status bar: a status page written, or why it could not be

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(QIcon(icon), self)
            self.tray.show()
        self.shown: list[tuple[str, str]] = []  # (title, text) of every tray message, for tests
        self._reminded: set[tuple[str, str]] = set()  # (incident, due) already said
        self._busy = False
        self._schedule = QTimer(self, interval=SCHEDULE_MS, timeout=self.check)
        self._republish = QTimer(self, interval=REPUBLISH_MS, timeout=lambda: self.publish(force=True))
        ctx.bus.changed.connect(self._on_changed)
        ctx.settings.changed.connect(lambda key: key == "status_page/folder" and self.publish(force=True))

    def start(self) -> None:
        self._schedule.start()
        self._republish.start()
        QTimer.singleShot(0, self, self.check)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("notification") or changes.touches("role_assignment") or changes.touches("station"):
            self.check()

    # -- the half-minute round
    def check(self) -> None:
        if self._busy or self.ctx.read_only:
            return
        self._busy = True
        station = self.ctx.store.station.station_id
        self.ctx.query(lambda conn: (comms.due_updates(conn, utcnow()), _waiting(conn, station)), on_done=self._act)

    def _act(self, found: tuple) -> None:
        self._busy = False
        due, (pages, overdue) = found
        for incident_id, _when in due:
            self.ctx.command(comms.prepare_update, incident_id, undoable=False,
                             label=self.tr("Prepare a status update"), on_error=lambda *_: None)
        if pages:
            self.publish(pages)
        for incident_id, title, due in overdue:
            if (incident_id, due.isoformat()) in self._reminded:
                continue
            self._reminded.add((incident_id, due.isoformat()))
            self._tray(self.tr("Status update overdue"),
                       fill(self.tr("The status update of %1 was due at %2."), labels.user_text(title),
                            self.ctx.formatter.time(due)))

    def show(self, messages: list) -> None:
        """Desktop notifications mail delivery has just marked sent (mailer.DesktopMessage): the
        latest three, and how many more (a station back after a day away is not flooded)."""
        for message in messages[-3:]:
            self._tray(message.subject, message.text)
        if len(messages) > 3:
            self._tray(self.tr("Stakeholder messages"), fill(self.tr("%1 more desktop notifications: see the "
                                                                    "Communications page."),
                                                             labels.number(len(messages) - 3)))

    def _tray(self, title: str, text: str) -> None:
        self.shown.append((title, text))
        if self.tray is not None:
            self.tray.showMessage(title, text[:500], QSystemTrayIcon.MessageIcon.Information, 15_000)

    # -- the status page
    def publish(self, ids: list[str] | None = None, force: bool = False) -> None:
        folder = self.ctx.settings.get("status_page/folder")
        if not folder:
            if ids:
                self.said.emit(self.tr("A status page message waits: choose the status page folder in File ▸ "
                                       "Stakeholder messages."))
            return
        if not ids and not force:
            return
        lang = self.ctx.lang

        def write(store):  # noqa: ANN001, ANN202 - on the worker
            def publish(conn):  # noqa: ANN001, ANN202 - in the users' language (their audience's), not the screen's
                latest = conn.execute("SELECT lang FROM notifications WHERE channel = 'status_page' AND state IN "
                                      "('queued', 'sent') ORDER BY coalesce(queued_at, created_at) DESC LIMIT 1"
                                      ).fetchone()
                return status_page.publish(conn, Path(folder), latest[0] if latest and latest[0] else lang)

            return store.read(publish)

        def written(path: Path) -> None:
            if ids:
                self.ctx.command(status_page.mark_published, ids, undoable=False, on_error=lambda *_: None)
            self.said.emit(fill(self.tr("The status page was written: %1"), str(path)))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, status_page.StatusPageError):
                self.said.emit(labels.status_page_error(exc.code, exc.params))
            else:
                log.error("the status page could not be written", exc_info=exc)
                self.said.emit(labels.status_page_error("write_failed", {}))

        self.ctx.worker.submit(write, written, failed)

