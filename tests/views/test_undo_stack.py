"""Edit ▸ Undo and Redo through the app's undo stack (AppContext, on the database worker): another
station's edit that arrived meanwhile is kept, and an undo and a redo asked for at once (before
the worker has answered the first) still follow each other."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.services import directory
from desktop.wire import new_id
from tests.helpers.stations import new_store, outbox


def _added(ctx, qtbot, name: str) -> str:  # noqa: ANN001
    got: list = []
    ctx.command(directory.add_person, name, label=f"add {name}", on_done=got.append)
    qtbot.waitUntil(lambda: bool(got) and ctx.worker.idle, timeout=10_000)
    return got[0]


def _person(ctx, person_id: str) -> tuple:  # noqa: ANN001
    return tuple(ctx.store.read(lambda c: c.execute("SELECT name, archived FROM people WHERE id = ?",
                                                    (person_id,)).fetchone()))


def test_undo_and_redo_keep_a_rename_made_at_another_station(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    ctx = make_ctx("en")
    person = _added(ctx, qtbot, "Old Name")
    other = new_store(tmp_path / "b.db", "BB")
    me = new_id()
    other.run(directory.add_person, "operator", person_id=me, by=me)
    other.set_station(operator_id=me)
    mine = ctx.store.read(lambda c: [r[0] for r in c.execute("SELECT payload FROM outbox ORDER BY station_seq")])
    other.apply_remote([(n + 1, json.loads(p)) for n, p in enumerate(mine)], len(mine), "e")
    other.run(directory.edit_person, person, name="Renamed Elsewhere")
    theirs = [json.loads(op.to_json()) for op in outbox(other)]
    ctx.store.apply_remote([(100 + n, op) for n, op in enumerate(theirs)], 100 + len(theirs), "e")
    other.close()
    ctx.undo.undo()
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)
    assert _person(ctx, person) == ("Renamed Elsewhere", 0)  # worked on elsewhere: not taken back
    ctx.undo.redo()
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)
    assert _person(ctx, person) == ("Renamed Elsewhere", 0)


def test_an_undo_and_a_redo_asked_at_once_follow_each_other(make_ctx, qtbot) -> None:  # noqa: ANN001
    ctx = make_ctx("en")
    person = _added(ctx, qtbot, "Quick")
    ctx.undo.undo()
    ctx.undo.redo()  # before the undo's answer: the redo must still see what the undo wrote
    ctx.undo.undo()
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)
    assert _person(ctx, person) == ("Quick", 1)
    ctx.undo.redo()
    qtbot.waitUntil(lambda: ctx.worker.idle, timeout=10_000)
    assert _person(ctx, person) == ("Quick", 0)
