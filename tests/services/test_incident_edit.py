"""One save of the incident page is one command: its fields and its affected services in one
op, so one undo step restores both."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from desktop.services import directory, incidents
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.services.undo import revert


def _state(store: Store, incident: str) -> tuple[str, str, list[str]]:
    with store.engine.connect() as conn:
        title, severity = conn.execute(text("SELECT title, severity FROM incidents WHERE id = :i"),
                                       {"i": incident}).one()
        services = sorted(r[0] for r in conn.execute(text(
            "SELECT service_id FROM incident_services WHERE incident_id = :i AND NOT archived"), {"i": incident}))
    return title, severity, services


def _field_entries(store: Store, incident: str) -> list[dict]:
    with store.engine.connect() as conn:
        return [json.loads(r[0]) for r in conn.execute(text(
            "SELECT details FROM timeline_entries WHERE incident_id = :i AND kind = 'field' ORDER BY at, id"),
            {"i": incident})]


def test_fields_and_services_are_saved_as_one_op_and_undone_as_one(store: Store) -> None:
    bank, mail = (store.run(directory.add_service, name).value for name in ("همراه‌بانک", "ایمیل"))
    incident = store.run(incidents.declare, title="قبل", severity="sev2", service_ids=[bank]).value
    before = _state(store, incident)

    saved = store.run(incidents.edit, incident, title="بعد", severity="sev1", services=[bank, mail])
    assert saved.value == ["services", "title", "severity"]
    assert saved.op is not None
    assert {c.entity for c in saved.op.changes} >= {"incident", "incident_service"}  # one op for both
    assert _state(store, incident) == ("بعد", "sev1", sorted([bank, mail]))
    assert sorted(_field_entries(store, incident), key=json.dumps) == [  # the entries as two saves wrote them
        {"changes": [["services", [bank], sorted([bank, mail])]]},
        {"changes": [["title", "قبل", "بعد"], ["severity", "sev2", "sev1"]]},
    ]

    store.run(revert, saved.inverse, "undo")
    assert _state(store, incident) == before


def test_services_alone_or_unchanged(store: Store) -> None:
    bank = store.run(directory.add_service, "همراه‌بانک").value
    incident = store.run(incidents.declare, title="حادثه").value
    assert store.run(incidents.edit, incident, services=[bank]).value == ["services"]
    assert store.run(incidents.edit, incident, services=[bank], title="حادثه").value == []
    assert len(_field_entries(store, incident)) == 1
    assert store.run(incidents.edit, incident, services=[]).value == ["services"]
    assert _state(store, incident)[2] == []


def test_a_refused_save_changes_nothing(store: Store) -> None:
    bank = store.run(directory.add_service, "همراه‌بانک").value
    incident = store.run(incidents.declare, title="حادثه", service_ids=[bank]).value
    with pytest.raises(CommandError) as refused:
        store.run(incidents.edit, incident, title="عنوان تازه",
                  services=["01a21f76-0000-7000-8000-000000000000"])
    assert refused.value.code == "unknown_service"
    with pytest.raises(CommandError) as empty:
        store.run(incidents.edit, incident, title="", services=[])
    assert empty.value.code == "empty_title"
    assert _state(store, incident) == ("حادثه", "sev2", [bank])
