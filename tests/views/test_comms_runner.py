"""The station's communications round: a due status update prepared, the users' status page
written to its folder and its messages marked sent, a folder that cannot be written said in
words, desktop notices shown, and the communications lead reminded once."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

from desktop.comms_runner import CommsRunner
from desktop.models.keys import Delivery
from desktop.services import comms


def _runner(make_ctx, qtbot, tmp_path: Path, folder: str | None):  # noqa: ANN001, ANN202
    ctx = make_ctx("fa")
    if folder is not None:
        ctx.settings.set("status_page/folder", folder)
    runner = CommsRunner(ctx)
    return ctx, runner


def _state(ctx, notification_id: str) -> str:  # noqa: ANN001
    return ctx.store.read(lambda c: c.execute("SELECT state FROM notifications WHERE id = ?",
                                              (notification_id,)).fetchone()[0])


def _users_draft(ctx) -> str:  # noqa: ANN001
    return ctx.store.read(lambda c: c.execute(
        "SELECT n.id FROM notifications n JOIN incidents i ON i.id = n.incident_id WHERE n.channel = 'status_page' "
        "AND n.state = 'draft' AND i.severity = 'sev1' ORDER BY n.created_at LIMIT 1").fetchone()[0])


def test_a_users_message_writes_the_status_page_and_is_marked_sent(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    ctx, runner = _runner(make_ctx, qtbot, tmp_path, str(tmp_path))
    draft = _users_draft(ctx)
    with qtbot.waitSignal(runner.said, timeout=10_000) as said:
        ctx.command(comms.send, draft)  # the lead sends the users' message: the round follows the change
    assert "وضعیت" in said.args[0] and str(tmp_path) in said.args[0]
    qtbot.waitUntil(lambda: _state(ctx, draft) == Delivery.SENT, timeout=10_000)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    found: list[str] = []
    parser = HTMLParser()
    parser.handle_data = found.append  # type: ignore[method-assign]
    parser.feed(html)
    assert 'dir="rtl"' in html and "<script" not in html and any("درگاه پرداخت" in text for text in found)


def test_a_folder_that_cannot_be_written_is_said_and_the_message_waits(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    ctx, runner = _runner(make_ctx, qtbot, tmp_path, str(tmp_path / "no such folder"))
    draft = _users_draft(ctx)
    with qtbot.waitSignal(runner.said, timeout=10_000) as said:
        ctx.command(comms.send, draft)
    assert "وجود ندارد" in said.args[0]
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)
    assert _state(ctx, draft) == Delivery.QUEUED  # waits for a folder that takes it


def test_due_updates_are_prepared_and_the_lead_is_reminded_once(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    ctx, runner = _runner(make_ctx, qtbot, tmp_path, None)
    sev1 = ctx.store.read(lambda c: c.execute("SELECT id FROM incidents WHERE severity = 'sev1' AND status = "
                                              "'declared'").fetchone()[0])
    lead = ctx.store.read(lambda c: c.execute(
        "SELECT person_id FROM role_assignments WHERE incident_id = ? AND role = 'communications_lead' "
        "AND renounced_at IS NULL", (sev1,)).fetchone()[0])
    ctx.store.set_station(operator_id=lead)  # the communications lead is at this station
    assert ctx.store.read(lambda c: comms.next_update_due(c, sev1)) < dt.datetime.now(dt.timezone.utc)  # the demo's is late
    before = ctx.store.read(lambda c: c.execute("SELECT count(*) FROM notifications WHERE template = 'status_update' "
                                                "AND incident_id = ?", (sev1,)).fetchone()[0])
    runner.check()
    qtbot.waitUntil(lambda: ctx.store.read(lambda c: c.execute(
        "SELECT count(*) FROM notifications WHERE template = 'status_update' AND incident_id = ?",
        (sev1,)).fetchone()[0]) > before, timeout=10_000)
    qtbot.waitUntil(lambda: any("عقب" in title or "گزارش" in title for title, _text in runner.shown), timeout=10_000)
    reminders = len(runner.shown)
    runner.check()
    qtbot.waitUntil(lambda: ctx.worker.idle and not runner._busy, timeout=10_000)
    assert len([t for t, _ in runner.shown if "گزارش وضعیت" in t]) <= reminders  # not said twice for one slot


def test_the_status_page_speaks_the_users_language_not_the_screens(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    ctx, runner = _runner(make_ctx, qtbot, tmp_path, str(tmp_path))
    users = ctx.store.read(lambda c: c.execute(
        "SELECT a.id FROM comm_audiences a JOIN incidents i ON i.id = a.incident_id JOIN stakeholder_groups g "
        "ON g.id = a.group_id WHERE g.kind = 'users' AND i.severity = 'sev1'").fetchone()[0])
    ctx.command(comms.set_audience, users, lang="en")
    sev1 = ctx.store.read(lambda c: c.execute("SELECT id FROM incidents WHERE severity = 'sev1' AND status = "
                                              "'declared'").fetchone()[0])
    ctx.command(comms.status_update_now, sev1)
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)
    draft = ctx.store.read(lambda c: c.execute(
        "SELECT id FROM notifications WHERE channel = 'status_page' AND state = 'draft' AND lang = 'en'").fetchone()[0])
    with qtbot.waitSignal(runner.said, timeout=10_000):
        ctx.command(comms.send, draft)
    qtbot.waitUntil(lambda: (tmp_path / "index.html").exists(), timeout=10_000)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in html and 'dir="ltr"' in html  # the screen is Persian; the users read English
