"""Conflicts people must see: after a sync, an edit made here that lost to a newer one, and two
commanders named while apart, are on the timeline — once, however many stations notice."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.reports.describe import describe
from desktop.labels import QtWords
from desktop.services import demo, directory, incidents, queries, roles, tasks
from desktop.sync import hub
from desktop.sync.client import sync_once
from tests.helpers.stations import export, new_store, rows


def _conflicts(store, incident: str) -> list[dict]:  # noqa: ANN001
    return [json.loads(d) for (d,) in rows(store, "SELECT details FROM timeline_entries WHERE incident_id = ? "
                                                  "AND kind = 'conflict' ORDER BY at, id", (incident,))]


def test_lost_edits_and_two_commanders_become_timeline_entries(tmp_path: Path, hub_admin_url: str,
                                                               station_name: str) -> None:
    hub.init(hub_admin_url)
    a, b = new_store(tmp_path / "a.db", "SA"), new_store(tmp_path / "b.db", "SB")
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    demo.generate(a, mark=False)  # a stand-in organisation: it syncs
    sync_once(a, url_a)
    sync_once(b, url_b)
    incident = a.read(lambda c: c.execute("SELECT id FROM incidents WHERE status = 'declared' "
                                          "ORDER BY id LIMIT 1").fetchone()[0])
    people = [r[0] for r in rows(a, "SELECT id FROM people WHERE id NOT IN (SELECT person_id FROM role_assignments "
                                    "WHERE incident_id = ? AND renounced_at IS NULL) ORDER BY id LIMIT 2", (incident,))]

    # Apart: A edits the title and names a commander; B, later, edits the title and names another.
    a.run(incidents.edit, incident, title="عنوان از ایستگاه A", war_room="اتاق ۳")
    a.run(roles.assign, incident, "incident_commander", people[0])
    b.run(incidents.edit, incident, title="عنوان از ایستگاه B")
    b.run(roles.assign, incident, "incident_commander", people[1])
    assert _conflicts(a, incident) == [] and _conflicts(b, incident) == []

    for store, url in ((a, url_a), (b, url_b), (a, url_a), (b, url_b)):
        sync_once(store, url)
    assert export(a) == export(b)
    found = _conflicts(a, incident)
    # A's title lost to B's (later) title: said once, naming the field; A's war room stood.
    lost = [c["fields"] for c in found if c["conflict"] == "superseded"]
    named = [[entity, name] for entity, name, _id in lost[0]] if len(lost) == 1 else []
    assert ["incident", "title"] in named and ["incident", "war_room"] not in named
    holders = [c for c in found if c["conflict"] == "holders"]
    assert len(holders) == 1 and sorted(holders[0]["people"]) == sorted(people)  # once, though both noticed
    assert holders[0]["role"] == "incident_commander"
    shown = a.read(lambda c: queries.timeline_data(c, incident))
    said = [describe(e, QtWords(), shown.people, shown.tasks) for e in shown.rows
            if e.details.get("conflict") == "holders"]
    assert all(name in said[0] for (name,) in rows(a, "SELECT name FROM people WHERE id IN (?, ?)", tuple(people)))
    for store in (a, b):
        store.close()


def test_an_edit_made_after_pulling_mine_is_no_conflict(tmp_path: Path, hub_admin_url: str,
                                                         station_name: str) -> None:
    """A declares and syncs; B pulls that, then changes the severity and syncs; A syncs: B had
    seen A's severity, so nothing of A's was superseded unseen (a conflict is concurrency)."""
    hub.init(hub_admin_url)
    a, b = new_store(tmp_path / "a.db", "SA"), new_store(tmp_path / "b.db", "SB")
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    incident = a.run(incidents.declare, title="قطع DNS", severity="sev2").value
    task = a.run(tasks.add, incident, "بررسی سرورها").value
    sync_once(a, url_a)
    sync_once(b, url_b)
    b.run(incidents.edit, incident, severity="sev1")
    b.run(tasks.edit, task, title="بررسی سرورهای DNS")
    sync_once(b, url_b)
    sync_once(a, url_a)
    assert rows(a, "SELECT severity FROM incidents WHERE id = ?", (incident,)) == [("sev1",)]
    assert _conflicts(a, incident) == [] and _conflicts(b, incident) == []
    for store in (a, b):
        store.close()


def test_concurrent_task_edits_name_the_task_once(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    """Apart, both stations edit the same task's title, details and column; the one
    whose edits lost says so once, naming the task by its title (not "task, task, task")."""
    hub.init(hub_admin_url)
    a, b = new_store(tmp_path / "a.db", "SA"), new_store(tmp_path / "b.db", "SB")
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    incident = a.run(incidents.declare, title="قطع DNS", severity="sev2").value
    owner = a.run(directory.add_person, "مریم احمدی").value  # a task leaves "to do" with an owner
    task = a.run(tasks.add, incident, "بررسی سرورها", owner_id=owner).value
    sync_once(a, url_a)
    sync_once(b, url_b)
    a.run(tasks.edit, task, title="نسخهٔ A", details="یادداشت A")
    a.run(tasks.move, task, "in_progress")
    b.run(tasks.edit, task, title="نسخهٔ B", details="یادداشت B")
    b.run(tasks.move, task, "done")
    for store, url in ((a, url_a), (b, url_b), (a, url_a), (b, url_b)):
        sync_once(store, url)
    assert export(a) == export(b)
    lost = [c for c in _conflicts(a, incident) if c["conflict"] == "superseded"]
    assert len(lost) == 1
    assert {entity for entity, _name, _id in lost[0]["fields"]} == {"task"}
    assert {entity_id for _entity, _name, entity_id in lost[0]["fields"]} == {task}
    shown = a.read(lambda c: queries.timeline_data(c, incident))
    text = [describe(e, QtWords(), shown.people, shown.tasks) for e in shown.rows if e.kind == "conflict"]
    assert len(text) == 1 and text[0].count(QtWords().label("entity", "task")) == 1 and "نسخهٔ B" in text[0]
    for store in (a, b):
        store.close()


def test_a_crafted_seen_position_is_refused_not_trusted(tmp_path: Path) -> None:
    """``seen`` comes from another, untrusted station: anything but a position is malformed."""
    import pytest

    from desktop.services.ops import MalformedOp, Op
    from tests.helpers.stations import outbox

    store = new_store(tmp_path / "s.db")
    store.run(incidents.declare, title="قطع DNS")
    good = json.loads(outbox(store)[0].to_json())
    store.close()
    assert Op.from_dict(good).seen == 0
    for seen in ("12", -1, 1 << 63, 1.5, True, [3]):
        with pytest.raises(MalformedOp):
            Op.from_dict({**good, "seen": seen})
