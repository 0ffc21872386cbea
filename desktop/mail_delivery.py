"""The GUI's mail delivery: services/mailer.py's runs as one asyncio task on the qasync loop.

The SMTP conversation is aiosmtplib on the qasync loop (the GUI thread's own event loop): it
awaits its socket and never blocks anyone. Each database step of a run (claim a recipient, settle
the outcomes) is a command on the database worker, awaited through a future (``WorkerDb``), so
SQLite is never touched on the GUI thread and delivery's writes queue with people's edits in
submission order; each step's changes go out on the bus like any command's (initiator: the
``MailDelivery``), so the views showing messages refresh only those. Delivery's steps are not
undo steps: what was sent cannot be unsent.

Why not a thread of its own with its own Store, as the sync has: a sync catch-up applies pages of
thousands of ops, which must not wait behind people's edits; a delivery step is one small command
(a claim or a settlement, about a millisecond), so it can take its turn on the worker, and the
socket wait is where asyncio is at home.

A run starts after ``recover`` (recipients left ``sending`` by a process that stopped become
``unsure``), then every ``interval`` seconds, sooner when a retry is due, at once on ``wake()``,
and whenever a change touching messages reaches the bus from anyone but delivery itself (a
message queued here, or synced from elsewhere). ``summary`` carries each run's ``Report`` for the
status bar; ``shown`` the desktop messages this station has just marked sent (tray messages).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.services import mailer
from desktop.services.changes import Changes
from desktop.services.mailer import Report, SmtpSettings
from desktop.settings import Settings
from desktop.text.calendar import utcnow

log = logging.getLogger("crisisroom.mail")

INTERVAL_S = 15.0


def smtp_settings(settings: Settings) -> SmtpSettings:
    """The station's mail server from its settings, without the password (``mailer.stored_password``)."""
    return SmtpSettings(host=settings.get("mail/host").strip(), port=settings.get("mail/port"),
                        security=settings.get("mail/security"), username=settings.get("mail/username").strip(),
                        from_address=settings.get("mail/from").strip(),
                        from_name=settings.get("mail/from_name").strip())


def save_smtp_settings(settings: Settings, smtp: SmtpSettings, password: str | None = None) -> None:
    """Keeps the mail server in the settings and, when given, its password in the keyring (or a
    0600 file); "" forgets the password. The running delivery picks the change up by itself."""
    if password is not None:
        mailer.remember_password(smtp, password)
    for key, value in (("mail/host", smtp.host), ("mail/port", int(smtp.port)), ("mail/security", smtp.security),
                       ("mail/username", smtp.username), ("mail/from", smtp.from_address),
                       ("mail/from_name", smtp.from_name)):
        settings.set(key, value)
    settings.sync()


class WorkerDb:
    """mailer.Db on the GUI's database worker: each call is awaited on the qasync loop; a
    command's changes are announced on the bus as coming from ``initiator``."""

    def __init__(self, ctx, initiator: object) -> None:  # noqa: ANN001 - an AppContext
        self.ctx, self.initiator = ctx, initiator

    @property
    def station_id(self) -> str:
        return self.ctx.store.station.station_id

    def _submit(self, work: Callable[[Any], Any], on_value: Callable[[Any], Any] = lambda value: value) -> asyncio.Future:
        future = asyncio.get_event_loop().create_future()

        def done(value: Any) -> None:
            result = on_value(value)
            if not future.done():  # the run may have been stopped meanwhile
                future.set_result(result)

        def failed(error: BaseException) -> None:
            if not future.done():
                future.set_exception(error)

        self.ctx.worker.submit(work, done, failed)
        return future

    async def run(self, command: Callable[..., Any], *args: Any) -> Any:
        def announce(outcome: Any) -> Any:
            if outcome.changes:
                self.ctx.bus.changed.emit(outcome.changes, self.initiator)
            return outcome.value

        return await self._submit(lambda store: store.run(command, *args), announce)

    async def read(self, query: Callable[..., Any], *args: Any) -> Any:
        return await self._submit(lambda store: store.read(query, *args))

    async def call(self, work: Callable[[], Any]) -> Any:
        """Anything slow that is not SQLite (the keyring) off the GUI thread too."""
        return await self._submit(lambda _store: work())


class MailDelivery(QObject):
    summary = Signal(object)  # a mailer.Report, after every run
    shown = Signal(list)  # mailer.DesktopMessage: this station's desktop messages, just marked sent

    def __init__(self, ctx, interval: float = INTERVAL_S) -> None:  # noqa: ANN001 - an AppContext
        super().__init__()
        self.ctx, self.interval = ctx, interval
        self.db = WorkerDb(ctx, self)
        self.last: Report | None = None
        self._smtp: SmtpSettings | None = None
        self._wake = asyncio.Event()
        self._retry_now = False
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self.ctx.bus.changed.connect(self._changed)
        self.ctx.settings.changed.connect(self._setting)
        self._task = self.ctx.spawn(self._run(), "mail delivery")

    def wake(self, retry_now: bool = False) -> None:
        """Deliver now (something was queued); ``retry_now``: the person asked, so recipients
        waiting out a retry go now too."""
        self._retry_now = self._retry_now or retry_now
        self._wake.set()

    def stop(self) -> None:
        """Stops delivering. A message handed to the server at this moment stays ``sending`` and is
        ``unsure`` at the next start: never sent twice."""
        if self._task is None:
            return
        self.ctx.bus.changed.disconnect(self._changed)
        self.ctx.settings.changed.disconnect(self._setting)
        self._task.cancel()
        self._task = None

    def _changed(self, changes: Changes, initiator: object) -> None:
        if initiator is not self and (changes.touches("notification") or changes.touches("notification_recipient")):
            self.wake()

    def _setting(self, key: str) -> None:
        if key.startswith("mail/"):
            self._smtp = None
            self.wake()

    async def smtp(self) -> SmtpSettings:
        """The mail server as the settings have it, with its password (read once, off the GUI thread)."""
        if self._smtp is None:
            from dataclasses import replace

            smtp = smtp_settings(self.ctx.settings)
            self._smtp = replace(smtp, password=await self.db.call(lambda: mailer.stored_password(smtp)))
        return self._smtp

    async def _run(self) -> None:
        await self.db.call(mailer.preload)  # aiosmtplib and the email package load on the worker, not here
        recovered = await self.db.run(mailer.recover)
        if recovered:
            log.warning("%d recipients were being sent to when the app stopped: now unsure", recovered)
        while True:
            self._wake.clear()
            retry_now, self._retry_now = self._retry_now, False
            try:
                report = await mailer.deliver(self.db, await self.smtp(), retry_now=retry_now)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - e.g. the database locked: said, and tried again later
                log.exception("mail delivery failed")
                report = Report(problem="error")
            report.recovered, recovered = recovered, 0
            if report.problem and report.problem not in ("not_configured", "error"):
                log.info("mail server: %s %s", report.problem, report.detail)
            self.last = report
            self.summary.emit(report)
            if report.desktop:
                self.shown.emit(report.desktop)
            if report.more and not report.problem:
                continue
            await self._pause(report)

    async def _pause(self, report: Report) -> None:
        seconds = self.interval
        if report.next_try_at is not None and not report.problem == "not_configured":
            seconds = min(seconds, max((report.next_try_at - utcnow()).total_seconds(), 0.5))
        try:
            await asyncio.wait_for(self._wake.wait(), seconds)
        except TimeoutError:
            pass


def start_delivery(ctx, interval: float = INTERVAL_S) -> MailDelivery | None:  # noqa: ANN001 - an AppContext
    """Mail delivery for this station, running; None for a database opened to look only."""
    if ctx.read_only or ctx.store.readonly:
        return None
    delivery = MailDelivery(ctx, interval)
    delivery.start()
    return delivery


async def send_test(smtp: SmtpSettings, to: str) -> tuple[str, str]:
    """The settings dialog's test: one message to ``to`` through ``smtp`` (its password given),
    in the interface's language. ("ok", "") or (code, the server's words): labels.mail_error."""
    from desktop import i18n

    return await mailer.send_test(
        smtp, to, QCoreApplication.translate("Mail", "Crisis Room: test message"),
        QCoreApplication.translate("Mail", "This is a test message from Crisis Room. The mail settings of this "
                                   "station work."), i18n.current())

