"""Stakeholder communications through the write path: the default plan of a severity, the
messages an event prepares in each audience's language, drafts the lead sends or discards,
templates refused for an unknown placeholder, and when the next status update is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.models.keys import UPDATE_EVERY_MIN, CommEvent, GroupKind
from desktop.services import comms, directory, incidents, roles
from desktop.services.errors import CommandError
from desktop.services.store import Store
from tests.helpers.review import review_done
from tests.helpers.stations import new_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    made = new_store(tmp_path / "comms.db", "HQ")
    yield made
    made.close()


def _staff(store: Store) -> dict[str, str]:
    """A technical team of two (one without an email) and a manager."""
    people = {name: store.run(directory.add_person, name, email=email).value
              for name, email in (("مریم احمدی", "maryam@example.ir"), ("علی رضایی", ""),
                                  ("سارا محمدی", "sara@example.ir"))}
    tech = store.run(lambda tx: directory.built_in_group(tx, GroupKind.TECHNICAL_TEAM)).value
    management = store.run(lambda tx: directory.built_in_group(tx, GroupKind.MANAGEMENT)).value
    store.run(directory.add_member, tech, people["مریم احمدی"])
    store.run(directory.add_member, tech, people["علی رضایی"])
    store.run(directory.add_member, management, people["سارا محمدی"])
    return people


def _messages(store: Store, incident: str) -> list[dict]:
    return store.read(lambda c: [dict(r) for r in c.execute(
        "SELECT n.*, g.kind FROM notifications n JOIN stakeholder_groups g ON g.id = n.group_id "
        "WHERE n.incident_id = ? ORDER BY g.kind, n.channel, n.template", (incident,))])


def test_declaring_gives_the_severitys_plan_and_prepares_each_audiences_message(store: Store) -> None:
    people = _staff(store)
    service = store.run(directory.add_service, "درگاه پرداخت").value
    incident = store.run(incidents.declare, title="قطعی درگاه پرداخت", severity="sev1", service_ids=[service]).value
    audiences = store.read(lambda c: c.execute("SELECT g.kind, a.channels, a.lang, a.at_once FROM comm_audiences a "
                                                "JOIN stakeholder_groups g ON g.id = a.group_id "
                                                "WHERE a.incident_id = ? ORDER BY g.kind", (incident,)).fetchall())
    assert [tuple(a) for a in audiences] == [
        ("key_stakeholders", "email", "fa", 0), ("management", "email", "fa", 0),
        ("technical_team", "email,desktop", "fa", 1), ("users", "status_page", "fa", 0)]
    messages = _messages(store, incident)
    assert {(m["kind"], m["channel"], m["state"]) for m in messages} == {
        ("key_stakeholders", "email", "draft"), ("management", "email", "draft"),
        ("technical_team", "desktop", "queued"), ("technical_team", "email", "queued"),
        ("users", "status_page", "draft")}
    mail = next(m for m in messages if m["kind"] == "technical_team" and m["channel"] == "email")
    # people's words isolated in their own direction (a title ending in Latin letters stays in place)
    assert mail["subject"] == "[بحرانی] حادثه مهم اعلام شد: \u2067قطعی درگاه پرداخت\u2069"
    assert "درگاه پرداخت" in mail["text"] and "INC-HQ-" in mail["text"] and "۱۴۰" in mail["text"]  # Jalali, Persian digits
    assert mail["station_id"] == store.station.station_id and mail["message_id"].startswith(f"<{mail['id']}@")
    recipients = store.read(lambda c: {r[0]: (r[1], r[2]) for r in c.execute(
        "SELECT person_id, state, error FROM notification_recipients WHERE notification_id = ?", (mail["id"],))})
    assert recipients == {people["مریم احمدی"]: ("queued", None), people["علی رضایی"]: ("failed", "no_address")}
    entries = store.read(lambda c: c.execute("SELECT count(*) FROM timeline_entries WHERE incident_id = ? AND "
                                             "kind = 'communication'", (incident,)).fetchone()[0])
    assert entries == 2  # what went out at once (email and desktop) is on the timeline; drafts are not


def test_a_low_severity_tells_only_the_technical_team(store: Store) -> None:
    incident = store.run(incidents.declare, title="کندی گزارش‌ها", severity="sev4").value
    assert {m["kind"] for m in _messages(store, incident)} == {"technical_team"}


def test_the_lead_edits_sends_or_discards_a_draft_and_an_empty_audience_is_refused(store: Store) -> None:
    _staff(store)
    incident = store.run(incidents.declare, title="قطعی ایمیل", severity="sev2").value
    drafts = {m["kind"]: m["id"] for m in _messages(store, incident) if m["state"] == "draft"}
    store.run(comms.edit_draft, drafts["management"], "موضوع تازه", "متن تازه برای مدیران")
    assert store.run(comms.send, drafts["management"]).value == 1
    sent = next(m for m in _messages(store, incident) if m["id"] == drafts["management"])
    assert (sent["state"], sent["subject"], sent["text"]) == ("queued", "موضوع تازه", "متن تازه برای مدیران")
    with pytest.raises(CommandError) as refused:
        store.run(comms.send, drafts["management"])
    assert refused.value.code == "not_a_draft"
    with pytest.raises(CommandError) as empty:  # nobody is in the key stakeholders' group
        store.run(comms.send, drafts["key_stakeholders"])
    assert empty.value.code == "empty_audience"
    store.run(comms.discard, drafts["key_stakeholders"])
    assert next(m for m in _messages(store, incident) if m["id"] == drafts["key_stakeholders"])["state"] == "cancelled"


def test_templates_are_the_organisations_own_and_an_unknown_placeholder_is_refused(store: Store) -> None:
    with pytest.raises(CommandError) as refused:
        store.run(comms.save_template, "declared", "fa", "حادثه: {tittle}", "متن")
    assert (refused.value.code, refused.value.params) == ("unknown_placeholder", {"value": "tittle"})
    with pytest.raises(CommandError) as brace:
        store.run(comms.save_template, "declared", "fa", "حادثه: {title", "متن")
    assert brace.value.code == "unbalanced_brace"
    store.run(comms.save_template, "declared", "en", "MAJOR: {title} ({severity})", "Since {since}. Services: {services}.")
    store.run(comms.save_template, "declared", "en", "MAJOR: {title} [{severity}]", "Since {since}. Services: {services}.")
    _staff(store)
    incident = store.run(incidents.declare, title="Payments down", severity="sev2").value
    tech = next(a for a in store.read(lambda c: c.execute(
        "SELECT a.id, g.kind FROM comm_audiences a JOIN stakeholder_groups g ON g.id = a.group_id "
        "WHERE a.incident_id = ?", (incident,)).fetchall()) if a[1] == "technical_team")[0]
    store.run(comms.set_audience, tech, lang="en", channels=["email"])
    store.run(incidents.edit, incident, severity="sev1")  # severity changed: its own event
    changed = [m for m in _messages(store, incident) if m["template"] == "severity_changed" and m["kind"] == "technical_team"]
    assert len(changed) == 1 and changed[0]["lang"] == "en" and changed[0]["subject"].startswith("[critical] Severity")
    assert store.read(lambda c: c.execute("SELECT count(*) FROM comm_templates").fetchone()[0]) == 1  # edited, not added


def test_next_update_is_due_the_severitys_interval_after_the_last_message(store: Store) -> None:
    _staff(store)
    declared_at = dt.datetime(2026, 12, 2, 6, 0, tzinfo=dt.timezone.utc)
    with store.batch() as run:
        incident = run(incidents.declare, title="قطعی", severity="sev1", at=declared_at).value
    due = store.read(lambda c: comms.next_update_due(c, incident))
    assert due == declared_at + dt.timedelta(minutes=UPDATE_EVERY_MIN["sev1"])  # the at-once message was queued then
    late = due + dt.timedelta(minutes=1)
    assert store.read(lambda c: comms.due_updates(c, late)) == [(incident, due)]
    with store.batch() as run:
        made = run(comms.prepare_update, incident, at=late).value
        again = run(comms.prepare_update, incident, at=late).value
    assert made and again == []  # one slot, one update
    tech = [m for m in _messages(store, incident) if m["template"] == "status_update" and m["kind"] == "technical_team"]
    assert {m["state"] for m in tech} == {"queued"}  # the technical team is told at once; the others wait
    store.run(comms.set_interval, incident, 10)
    with pytest.raises(CommandError):
        store.run(comms.set_interval, incident, 2)
    assert store.read(lambda c: comms.next_update_due(c, incident)) == late + dt.timedelta(minutes=10)  # the queued update


def test_a_commander_handover_and_containment_are_news(store: Store) -> None:
    people = _staff(store)
    incident = store.run(incidents.declare, title="قطعی", severity="sev2").value
    store.run(roles.assign, incident, "incident_commander", people["مریم احمدی"])  # the first: not news
    store.run(roles.assign, incident, "incident_commander", people["سارا محمدی"])
    store.run(incidents.move, incident, "contained")
    events = {m["template"] for m in _messages(store, incident)}
    assert {CommEvent.COMMANDER_CHANGED, CommEvent.CONTAINED} <= events
    handover = next(m for m in _messages(store, incident) if m["template"] == "commander_changed")
    assert "\u2067سارا محمدی\u2069" in handover["subject"]


def test_the_timeline_says_what_was_told(store: Store, app) -> None:  # noqa: ANN001
    from desktop import i18n
    from desktop.labels import QtWords
    from desktop.reports.describe import describe
    from desktop.services.queries import timeline

    i18n.install("en")
    _staff(store)
    incident = store.run(incidents.declare, title="Payments down", severity="sev2").value
    said = [describe(e, QtWords(), {}, {}) for e in store.read(lambda c: timeline(c, incident))
            if e.kind == "communication"]
    assert sorted(said) == ["Stakeholder message (Declared) via Desktop notification queued",
                            "Stakeholder message (Declared) via Email queued for 2 recipients"]


def test_history_brought_in_after_the_fact_tells_nobody(store: Store) -> None:
    _staff(store)
    incident = store.run(incidents.declare, title="قطعی سال گذشته", severity="sev1", notify=False).value
    for target in ("resolved", "in_review"):
        store.run(incidents.move, incident, target, notify=False)
    review_done(store, incident)
    store.run(incidents.move, incident, "closed", notify=False)
    assert _messages(store, incident) == []
    assert store.read(lambda c: comms.next_update_due(c, incident)) is None


def test_undoing_a_template_edit_brings_back_the_wording_before(store: Store) -> None:
    from desktop.services.undo import revert

    store.run(comms.save_template, "declared", "en", "First: {title}", "One")
    second = store.run(comms.save_template, "declared", "en", "Second: {title}", "Two")
    store.run(revert, second.inverse)
    assert store.read(lambda c: comms.template(c, "declared", "en")) == ("First: {title}", "One")
