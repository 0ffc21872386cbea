"""The one write path: rows, field clocks and one outbox op per command, in one transaction."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from desktop.services import directory, incidents, tasks, timeline
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.services.undo import revert
from tests.helpers.stations import new_store, outbox


def _count(store: Store, sql: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_a_command_writes_rows_clocks_and_exactly_one_op(store: Store) -> None:
    service = store.run(directory.add_service, "درگاه پرداخت").value
    outcome = store.run(incidents.declare, title="خطای HTTP 503 (Service Unavailable) در «درگاه پرداخت»",
                        severity="sev1", service_ids=[service])
    incident = outcome.value
    ops = outbox(store)
    assert [op.station_seq for op in ops] == [1, 2]
    # One op holds all of it: the incident, its services, its timeline, and its communication plan
    # (the built-in audiences, made on the way) with the messages the declaration prepares.
    assert {c.entity for c in ops[-1].changes} == {"incident", "incident_service", "timeline_entry", "comm_audience",
                                                   "stakeholder_group", "notification"}
    assert outcome.changes.get("incident") == {incident}
    assert incident in outcome.changes.incidents
    assert _count(store, f"SELECT count(*) FROM field_clocks WHERE entity_id = '{incident}'") > 10
    assert all(op.station_id == store.station.station_id for op in ops)


def test_station_seq_is_contiguous_and_hlc_increases_across_restarts(tmp_path) -> None:
    path = tmp_path / "s.db"
    first = new_store(path)
    person = first.run(directory.add_person, "مریم احمدی").value
    for n in range(5):
        first.run(directory.add_person, f"نفر {n}")
    first.close()
    again = new_store(path)
    again.run(directory.add_person, "بعد از راه‌اندازی دوباره")
    ops = outbox(again)
    assert [op.station_seq for op in ops] == list(range(1, 8))
    assert all(a.hlc < b.hlc for a, b in zip(ops, ops[1:]))
    assert person
    again.close()


def test_a_failing_command_writes_nothing(store: Store) -> None:
    incident = store.run(incidents.declare, title="الف").value
    before = (_count(store, "SELECT count(*) FROM outbox"), _count(store, "SELECT count(*) FROM field_clocks"))

    def half_then_fail(tx) -> None:  # noqa: ANN001
        tx.put("incident", incident, title="نیمه‌کاره")
        raise CommandError("boom")

    with pytest.raises(CommandError):
        store.run(half_then_fail)
    after = (_count(store, "SELECT count(*) FROM outbox"), _count(store, "SELECT count(*) FROM field_clocks"))
    assert before == after
    assert _count(store, f"SELECT count(*) FROM incidents WHERE title = 'الف' AND id = '{incident}'") == 1


def test_bad_input_is_refused_with_a_stable_code(store: Store) -> None:
    with pytest.raises(CommandError) as empty:
        store.run(incidents.declare, title="  \u202e  ")
    assert empty.value.code == "empty_title"
    with pytest.raises(CommandError) as unknown:
        store.run(incidents.declare, title="x", service_ids=["01a21f76-0000-7000-8000-000000000000"])
    assert unknown.value.code == "unknown_service"
    with pytest.raises(CommandError) as severity:
        store.run(incidents.declare, title="x", severity="sev9")
    assert severity.value.code == "bad_value"
    with pytest.raises(CommandError) as sla:
        store.run(incidents.edit, store.run(incidents.declare, title="y").value, sla_minutes="۱۲ ساعت")
    assert sla.value.code == "bad_value"


def test_digits_in_any_script_are_stored_as_ascii(store: Store) -> None:
    incident = store.run(incidents.declare, title="پل").value
    store.run(incidents.edit, incident, bridge_pin="۴۴۱۲", bridge_phone="+۹۸ ۲۱ ۸۸۸۸ ۱۲۳۴", sla_minutes="۲۴۰")
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT bridge_pin, bridge_phone, sla_minutes FROM incidents")).one()
    assert tuple(row) == ("4412", "+98 21 8888 1234", 240)


def test_edit_writes_a_timeline_entry_with_before_and_after(store: Store) -> None:
    incident = store.run(incidents.declare, title="قبل", severity="sev2").value
    changed = store.run(incidents.edit, incident, title="بعد", severity="sev2").value
    assert changed == ["title"]
    with store.engine.connect() as conn:
        details = conn.execute(text("SELECT details FROM timeline_entries WHERE kind = 'field'")).scalar()
    assert json.loads(details) == {"changes": [["title", "قبل", "بعد"]]}


def test_undo_is_a_compensating_op_and_redo_another(store: Store) -> None:
    incident = store.run(incidents.declare, title="اصلی").value
    edit = store.run(incidents.edit, incident, title="ویرایش‌شده")
    store.run(revert, edit.inverse, "undo")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM incidents")).scalar() == "اصلی"
    store.run(revert, edit.op.changes, "redo")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM incidents")).scalar() == "ویرایش‌شده"
        kinds = [r[0] for r in conn.execute(text("SELECT kind FROM timeline_entries ORDER BY at, id"))]
    assert kinds.count("undo") == 2
    assert len(outbox(store)) == 4  # undo and redo are ordinary ops that sync


def test_undo_of_a_creation_archives_it(store: Store) -> None:
    incident = store.run(incidents.declare, title="حادثه").value
    added = store.run(tasks.add, incident, "وظیفه")
    store.run(revert, added.inverse, "undo")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT archived FROM tasks")).scalar() == 1
        # the timeline stays append-only: the "added" entry is kept and an undo entry follows
        assert conn.execute(text("SELECT count(*) FROM timeline_entries WHERE kind = 'task'")).scalar() == 1


def test_notes_keep_zwnj_and_neutralise_overrides(store: Store) -> None:
    incident = store.run(incidents.declare, title="حادثه").value
    entry = store.run(timeline.add_note, incident, "نمی\u200cدهد \u202eevil").value
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT text FROM timeline_entries WHERE id = :i"), {"i": entry}).scalar()
    assert stored == "نمی\u200cدهد evil"


def test_roles_hand_over_instead_of_overwriting(store: Store) -> None:
    incident = store.run(incidents.declare, title="حادثه").value
    first = store.run(directory.add_person, "مریم").value
    second = store.run(directory.add_person, "علی").value
    from desktop.services import roles

    a = store.run(roles.assign, incident, "incident_commander", first).value
    b = store.run(roles.assign, incident, "incident_commander", second).value
    with store.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, renounced_at IS NOT NULL FROM role_assignments")).all())
    assert rows == {a: 1, b: 0}
    with pytest.raises(CommandError):
        store.run(roles.assign, incident, "incident_commander", second)


def test_references_carry_the_station_code_and_jalali_year(tmp_path) -> None:
    hq, field = new_store(tmp_path / "hq.db", "HQ"), new_store(tmp_path / "f.db", "F2")
    at = dt.datetime(2026, 11, 27, 8, tzinfo=dt.timezone.utc)
    with hq.batch() as run:
        refs = [run(incidents.declare, title=f"ح{n}", at=at).value for n in range(2)]
    with field.batch() as run:
        other = run(incidents.declare, title="ح", at=at).value
    with hq.engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT ref FROM incidents ORDER BY ref"))] == [
            "INC-HQ-1405-0001", "INC-HQ-1405-0002"]
    with field.engine.connect() as conn:
        assert conn.execute(text("SELECT ref FROM incidents WHERE id = :i"), {"i": other}).scalar() == "INC-F2-1405-0001"
    assert len(refs) == 2
    hq.close()
    field.close()
