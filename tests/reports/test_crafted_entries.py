"""A timeline entry of a shape no command writes — crafted at another station, or stored before
the checks — is refused on the wire, and one already stored reads as its kind: the timeline and
the postmortem still work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.labels import QtWords
from desktop.reports import data, postmortem
from desktop.services import incidents, queries
from desktop.services.ops import MalformedOp, _check_details
from desktop.services.store import Store

CRAFTED = [{"review": ["x"]}, {"review": {"bogus": True}}, {"review_override": 5}, {"changes": [5]},
           {"task": "t", "action": "edited", "fields": 7}, [1, 2], "text", {"changes": [["owner_id", ["a"], {}]]}]


# (An unknown review item, or odd values in a change, are not refused: they read as the kind.)
@pytest.mark.parametrize("details", CRAFTED[:1] + CRAFTED[2:-1])
def test_a_crafted_shape_is_refused_on_the_wire(details: object) -> None:
    with pytest.raises(MalformedOp):
        _check_details(json.dumps(details))


def test_stored_crafted_entries_read_as_their_kind(store: Store, app, tmp_path: Path) -> None:  # noqa: ANN001
    incident = store.run(incidents.declare, title="قطعی").value
    before = len(store.read(lambda c: queries.timeline(c, incident)))
    with store.engine.begin() as conn:  # as an older version or a bypassed check would have stored them
        for n, details in enumerate(CRAFTED):
            conn.exec_driver_sql(
                "INSERT INTO timeline_entries (id, incident_id, at, kind, text, details, archived, pinned) "
                "VALUES (?, ?, ?, ?, '', ?, 0, 0)",
                (f"00000000-0000-7000-8000-00000000000{n}", incident, "2026-11-30T10:00:00.000000Z",
                 "field" if n % 2 else "status", json.dumps(details)))
    found = store.read(lambda c: queries.timeline_data(c, incident))
    assert len(found.rows) == len(CRAFTED) + before
    from desktop.reports.describe import describe

    said = [describe(row, QtWords(), found.people, found.tasks) for row in found.rows]
    assert all(isinstance(text, str) for text in said)
    loaded = store.read(data.load, incident)
    assert postmortem.write(loaded, QtWords(), tmp_path / "pm.pdf") >= 1
