"""The GUI's mail delivery (desktop/mail_delivery.py): runs on the qasync loop, its database steps on
the worker, its changes on the bus; woken by a message queued through a command."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from desktop.app import close_context, open_context
from desktop.services import comms
from desktop.services.changes import Changes
from desktop.services.store import Store
from desktop.settings import Settings
from tests.helpers.mail import MailServer, queue_message
from tests.helpers.stations import new_store, rows

ROOT = Path(__file__).resolve().parent.parent


def test_delivery_runs_on_the_loop_its_steps_on_the_worker_and_wakes_on_a_queued_message(
        app, qtbot, qasync_loop, tmp_path: Path) -> None:  # noqa: ANN001
    from desktop.mail_delivery import MailDelivery, save_smtp_settings, smtp_settings

    path = tmp_path / "station.db"
    store = new_store(path)
    first = queue_message(store, ["ali@example.org", "sara@example.org"])
    store.close()
    settings = Settings(tmp_path / "settings.ini")
    with MailServer(password="s3cret") as server:
        save_smtp_settings(settings, server.settings(username="crisis"), password="s3cret")
        assert smtp_settings(settings).password == "" and "s3cret" not in (tmp_path / "settings.ini").read_text()
        ctx = open_context(path, "fa", settings)
        steps: list[tuple[str, str]] = []  # the commands run, and the thread each ran on
        worker_run = ctx.worker.store.run

        def run(command, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 - the worker's Store, watched
            steps.append((command.__name__, threading.current_thread().name))
            return worker_run(command, *args, **kwargs)

        ctx.worker.store.run = run
        heard: list[tuple[Changes, object]] = []
        ctx.bus.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
        try:
            delivery = MailDelivery(ctx, interval=600)  # long: only the start and a wake make it run
            reports = []
            delivery.summary.connect(reports.append)
            delivery.start()
            qtbot.waitUntil(lambda: bool(reports), timeout=10_000)
            assert reports[0].ok and reports[0].count("sent") == 2
            assert reports[0].desktop  # the declaration's desktop message, marked sent: for the tray
            assert sorted(r.rcpt_tos[0] for r in server.handler.received) == ["ali@example.org", "sara@example.org"]
            assert {"recover", "tidy", "step"} <= {name for name, _ in steps}
            assert {thread for _, thread in steps} == {"db-worker"}  # never on the GUI thread
            assert any(c.touches("notification_recipient") and who is delivery for c, who in heard)
            assert ctx.undo.count() == 0  # what was sent cannot be undone

            ctx.command(comms.on_event, first.incident_id, "status_update")  # queued at once: a wake
            qtbot.waitUntil(lambda: len(reports) == 2, timeout=10_000)
            assert reports[1].count("sent") == 2 and len(server.handler.received) == 4
            delivery.stop()
            qtbot.waitUntil(lambda: not ctx._tasks, timeout=5_000)
        finally:
            close_context(ctx)
    store = Store(path)
    assert {r[0] for r in rows(store, "SELECT state FROM notification_recipients")} == {"sent"}
    store.close()


def test_the_gui_starts_without_loading_sqlalchemy_or_aiosmtplib_for_mail() -> None:
    code = ("import sys, desktop.mail_delivery; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'psycopg', 'aiosmtplib'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
