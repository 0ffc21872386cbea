"""An undo writes a row back only while it is still as the step left it, and a redo only what its
undo wrote: another station's later edit is never overwritten by Edit ▸ Undo or Redo here, and a
status goes back with its time stamps or not at all."""

from __future__ import annotations

from pathlib import Path

from desktop.services import directory, incidents
from desktop.services.undo import revert
from desktop.wire import new_id
from tests.helpers.stations import apply_all, new_store, outbox, rows


def _station(path: Path, code: str):  # noqa: ANN202
    store = new_store(path, code)
    me = new_id()
    store.run(directory.add_person, f"operator {code}", person_id=me, by=me)
    store.set_station(operator_id=me)
    return store


def _sync(a, b) -> None:  # noqa: ANN001
    apply_all(b, outbox(a))
    apply_all(a, outbox(b))


def test_undoing_a_resolve_leaves_an_incident_moved_on_elsewhere_whole(tmp_path: Path) -> None:
    a, b = _station(tmp_path / "a.db", "A"), _station(tmp_path / "b.db", "B")
    incident = a.run(incidents.declare, title="قطعی", severity="sev2", notify=False).value
    resolved = a.run(incidents.move, incident, "resolved", notify=False)
    _sync(a, b)
    b.run(incidents.move, incident, "in_review", notify=False)
    _sync(a, b)
    wrote = a.run(revert, resolved.inverse, "undo", resolved.forward).value
    assert wrote == ()  # the row moved on: neither its status nor its resolved time goes back
    status, resolved_at = rows(a, "SELECT status, resolved_at FROM incidents WHERE id = ?", (incident,))[0]
    assert status == "in_review" and resolved_at is not None
    a.close()
    b.close()


def test_a_redo_writes_back_only_what_its_undo_wrote(tmp_path: Path) -> None:
    a, b = _station(tmp_path / "a.db", "A"), _station(tmp_path / "b.db", "B")
    kept = a.run(directory.add_person, "Old Name")
    gone = a.run(directory.add_person, "Someone")
    _sync(a, b)
    b.run(directory.edit_person, kept.value, name="Renamed At B")
    b.run(directory.archive_person, gone.value)
    _sync(a, b)
    for added in (kept, gone):  # Edit ▸ Undo, then Redo, as _OpStep chains them
        undone = a.run(revert, added.inverse, "undo", added.forward).value
        assert undone == ()  # changed elsewhere since: the add is not taken back
        assert a.run(revert, added.forward, "redo", undone).value == ()
    assert rows(a, "SELECT name, archived FROM people WHERE id IN (?, ?) ORDER BY name",
                (kept.value, gone.value)) == [("Renamed At B", 0), ("Someone", 1)]
    # Untouched elsewhere: undone (archived) and redone (back, its fields as the undo left them).
    mine = a.run(directory.add_person, "Mine")
    undone = a.run(revert, mine.inverse, "undo", mine.forward).value
    redone = a.run(revert, mine.forward, "redo", undone).value
    assert [c.fields for c in undone] == [{"archived": True}] and [c.fields for c in redone] == [{"archived": False}]
    assert rows(a, "SELECT name, archived FROM people WHERE id = ?", (mine.value,)) == [("Mine", 0)]
    a.close()
    b.close()
