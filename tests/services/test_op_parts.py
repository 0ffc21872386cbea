"""A command larger than one op the hub takes (MAX_OP_BYTES) is written as several ops in its one
transaction, each within the limit, which another station applies to the same state: a sev1
declared with a technical team of 1,200 people to tell, the undo of seven long review texts
cleared in one save. Nothing a person can type is refused for its size."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.models.limits import LONG_TEXT
from desktop.services import directory, incidents
from desktop.services.ops import MAX_OP_BYTES
from desktop.services.undo import revert
from desktop.services.writer import op_parts
from desktop.services.ops import Change
from desktop.wire import new_id
from tests.helpers.stations import apply_all, new_store, outbox, rows, scalar


@pytest.fixture
def station(tmp_path: Path):  # noqa: ANN201
    store = new_store(tmp_path / "a.db", "HQ")
    me = new_id()
    store.run(directory.add_person, "مریم احمدی", person_id=me, by=me)
    store.set_station(operator_id=me)
    yield store
    store.close()


def _sizes(store, after: int) -> list[int]:  # noqa: ANN001
    return [len(p.encode()) for (p,) in rows(store, "SELECT payload FROM outbox WHERE station_seq > ?", (after,))]


def test_a_sev1_that_tells_a_thousand_people_is_declared_in_several_ops(station, tmp_path: Path) -> None:  # noqa: ANN001
    with station.batch() as run:
        team = run(directory.add_group, "technical_team").value
        for n in range(1200):
            person = run(directory.add_person, f"کارشناس فنی شمارهٔ {n}", email=f"tech{n}@example.ir").value
            run(directory.add_member, team, person)
    before = scalar(station, "SELECT max(station_seq) FROM outbox")
    done = station.run(incidents.declare, title="قطعی سراسری شبکه", severity="sev1")
    sizes = _sizes(station, before)
    assert len(done.ops) == len(sizes) > 1 and max(sizes) <= MAX_OP_BYTES
    told = "SELECT count(*) FROM notification_recipients"
    assert scalar(station, told) >= 1200
    other = new_store(tmp_path / "b.db", "BR")
    apply_all(other, outbox(station))  # another station, from the hub: the same incident and recipients
    assert scalar(other, told) == scalar(station, told)
    assert rows(other, "SELECT title, severity FROM incidents") == [("قطعی سراسری شبکه", "sev1")]
    other.close()


def test_the_undo_of_seven_long_texts_cleared_at_once_brings_them_back(station) -> None:  # noqa: ANN001
    incident = station.run(incidents.declare, title="قطعی", severity="sev2", notify=False).value
    texts = ("review_summary", "review_impact", "root_cause", "went_well", "went_wrong", "got_lucky", "lessons")
    long = ("درس‌آموخته‌های حادثهٔ شبکه‌ها " * 2000)[:LONG_TEXT]
    saved = station.run(incidents.edit, incident, **dict.fromkeys(texts, long))  # all at once: several ops
    assert len(saved.ops) > 1
    cleared = station.run(incidents.edit, incident, **dict.fromkeys(texts, ""))
    before = scalar(station, "SELECT max(station_seq) FROM outbox")
    undone = station.run(revert, cleared.inverse, "undo", cleared.forward)
    assert len(undone.ops) > 1 and max(_sizes(station, before)) <= MAX_OP_BYTES
    assert rows(station, f"SELECT {', '.join(texts)} FROM incidents WHERE id = ?", (incident,)) == [(long,) * 7]


def test_a_change_too_large_alone_is_cut_by_its_fields_its_creation_first() -> None:
    big = {f"f{n}": "ب" * 40_000 for n in range(5)}
    made = Change("incident", "i1", {"archived": False, "station_id": "s", **big})
    parts = op_parts([Change("service", "s1", {"name": "x"}), made, Change("task", "t1", {"title": "y"})])
    assert len(parts) > 1 and parts[0][0].entity == "service" and parts[-1][-1].entity == "task"
    pieces = [c for part in parts for c in part if c.entity == "incident"]
    assert {"archived", "station_id"} <= pieces[0].fields.keys()  # the creation's own fields come first
    assert {k: v for piece in pieces for k, v in piece.fields.items()} == made.fields
