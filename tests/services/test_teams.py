"""Teams: a record (lead, contact) over the name people and services carry; a rename carried over
to all of them in one command (one undo step, which leaves whoever moved since); archived only
once nobody carries it; the same team recorded at two stations shown as one and made one record at
the next edit; a rename of thousands written as several ops, each one the hub takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services import directory, directory_queries, teams
from desktop.services.errors import CommandError
from desktop.services.undo import revert
from desktop.wire import new_id
from tests.helpers.stations import apply_all, new_store, outbox, rows, scalar


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201 - a station with someone operating it
    station = new_store(tmp_path / "teams.db")
    me = new_id()
    station.run(directory.add_person, "مریم احمدی", team="شبکه", person_id=me, by=me)
    station.set_station(operator_id=me)
    yield station
    station.close()


def _teams(store) -> list[tuple]:  # noqa: ANN001
    found = store.read(directory_queries.everything)
    return [(t.name, len(t.people), len(t.services), t.record.lead if t.record else None,
             t.record.contact if t.record else None)
            for t in directory_queries.teams(found.people, found.services, found.teams)]


def test_a_team_with_nobody_yet_is_listed_with_its_lead_and_contact(store) -> None:  # noqa: ANN001
    maryam = scalar(store, "SELECT id FROM people")
    store.run(teams.add_team, "امنیت", lead_id=maryam, contact="داخلی ۲۳۴")
    assert _teams(store) == [("امنیت", 0, 0, "مریم احمدی", "داخلی ۲۳۴"), ("شبکه", 1, 0, None, None)]
    with pytest.raises(CommandError) as twice:  # «امنيت» with an Arabic ی is the same name
        store.run(teams.add_team, "امنيت")
    assert twice.value.code == "team_exists"
    with pytest.raises(CommandError) as nobody:
        store.run(teams.add_team, "پشتیبانی", lead_id=new_id())
    assert nobody.value.code == "unknown_person"
    with pytest.raises(CommandError) as empty:
        store.run(teams.add_team, "\u200c ")
    assert empty.value.code == "empty_name"


def test_a_name_people_carry_gets_its_record_and_a_rename_reaches_everyone_in_one_op(store) -> None:  # noqa: ANN001
    store.run(directory.add_person, "علی رضایی", team="شبكه")  # the same team (an Arabic ك is stored as ک)
    store.run(directory.add_service, "VPN", owner_team="شبکه")
    store.run(directory.add_person, "سارا محمدی", team="امنیت")
    ops = len(outbox(store))
    done = store.run(teams.add_team, "شبکه و ارتباطات", contact="#noc", renames="شبکه")
    assert len(outbox(store)) == ops + 1
    assert rows(store, "SELECT DISTINCT team FROM people WHERE team != 'امنیت'") == [("شبکه و ارتباطات",)]
    assert rows(store, "SELECT owner_team FROM services") == [("شبکه و ارتباطات",)]
    assert ("شبکه و ارتباطات", 2, 1, "", "#noc") in _teams(store)  # no lead named
    store.run(revert, done.inverse, "undo")  # one undo step: the names back and no record
    assert sorted(rows(store, "SELECT team FROM people")) == [("امنیت",), ("شبکه",), ("شبکه",)]
    assert rows(store, "SELECT owner_team FROM services") == [("شبکه",)]
    assert scalar(store, "SELECT count(*) FROM teams WHERE NOT archived") == 0

    # A recorded team renamed: carried over; a name another team has is refused.
    team_id = store.run(teams.add_team, "شبکه", renames="شبکه").value
    with pytest.raises(CommandError) as taken:
        store.run(teams.edit_team, team_id, name="امنيت")
    assert taken.value.code == "team_exists" and taken.value.params == {"value": "امنیت"}  # as stored
    store.run(teams.edit_team, team_id, name="زیرساخت شبکه", contact="۰۲۱ ۸۸۸۸")
    assert sorted(rows(store, "SELECT team FROM people")) == [("امنیت",), ("زیرساخت شبکه",), ("زیرساخت شبکه",)]
    assert rows(store, "SELECT owner_team FROM services") == [("زیرساخت شبکه",)]


def test_a_team_is_archived_only_once_nobody_carries_it(store) -> None:  # noqa: ANN001
    team_id = store.run(teams.add_team, "شبکه").value  # people carry it: their team gets the record
    with pytest.raises(CommandError) as in_use:
        store.run(teams.archive_team, team_id)
    assert in_use.value.code == "team_in_use" and in_use.value.params == {"people": 1, "services": 0}
    maryam = scalar(store, "SELECT id FROM people")
    store.run(directory.edit_person, maryam, team="امنیت")
    done = store.run(teams.archive_team, team_id)
    assert [t[0] for t in _teams(store)] == ["امنیت"]
    store.run(revert, done.inverse, "undo")
    assert "شبکه" in [t[0] for t in _teams(store)]


def _station(path: Path, code: str):  # noqa: ANN202 - a Store with someone operating it
    station = new_store(path, code)
    me = new_id()
    station.run(directory.add_person, "مریم", person_id=me, by=me)
    station.set_station(operator_id=me)
    return station


def _sync(*stations) -> None:  # noqa: ANN002
    for one in stations:
        for other in stations:
            if other is not one:
                apply_all(one, outbox(other))


def test_the_same_team_recorded_at_two_stations_is_one_team_and_one_record_at_the_next_edit(tmp_path: Path) -> None:
    first, second = _station(tmp_path / "a.db", "A"), _station(tmp_path / "b.db", "B")
    lead = scalar(second, "SELECT id FROM people")
    first.run(teams.add_team, "امنیت", contact="A")
    second.run(teams.add_team, "امنيت", lead_id=lead)  # spelt with an Arabic ی, with a lead
    _sync(first, second)
    for station in (first, second):
        assert scalar(station, "SELECT count(*) FROM teams WHERE NOT archived") == 2
        assert [(t[0], t[3], t[4]) for t in _teams(station) if t[0] == "امنیت"] == [("امنیت", "مریم", "A")]
    shown = directory_queries.teams([], [], first.read(directory_queries.team_records))[0].record
    first.run(teams.edit_team, shown.id, description="مرکز عملیات امنیت")
    _sync(first, second)
    for station in (first, second):  # one record now, the twin's lead kept on it
        assert rows(station, "SELECT name, lead_id, contact, description FROM teams WHERE NOT archived") == [
            ("امنیت", lead, "A", "مرکز عملیات امنیت")]
    first.close()
    second.close()


def test_a_team_renamed_at_one_station_and_its_old_name_recorded_at_another_are_two(tmp_path: Path) -> None:
    first, second = _station(tmp_path / "a.db", "A"), _station(tmp_path / "b.db", "B")
    team = first.run(teams.add_team, "شبکه", contact="#noc").value
    first.run(teams.edit_team, team, name="زیرساخت", contact="داخلی ۲۱۰")
    second.run(teams.add_team, "شبکه", contact="#net")  # before either has heard of the other
    _sync(first, second)
    for station in (first, second):
        assert rows(station, "SELECT name, contact FROM teams WHERE NOT archived ORDER BY name") == [
            ("زیرساخت", "داخلی ۲۱۰"), ("شبکه", "#net")]
    first.close()
    second.close()


def test_a_record_for_a_name_touches_no_one_and_keeps_a_move_made_elsewhere(tmp_path: Path) -> None:
    first, second = _station(tmp_path / "a.db", "A"), _station(tmp_path / "b.db", "B")
    ali = first.run(directory.add_person, "علی", team="شبکه").value
    _sync(first, second)
    second.run(directory.edit_person, ali, team="امنیت")  # moved at B
    done = first.run(teams.add_team, "شبکه", contact="#noc", renames="شبکه")  # A gives the team its record
    assert {c.entity for c in done.forward} == {"team"}
    _sync(first, second)
    for station in (first, second):
        assert scalar(station, "SELECT team FROM people WHERE id = ?", (ali,)) == "امنیت"


def test_undoing_a_rename_leaves_whoever_moved_since(store) -> None:  # noqa: ANN001
    moving = store.run(directory.add_person, "پیمان", team="شبکه").value
    team = store.run(teams.add_team, "شبکه").value
    renamed = store.run(teams.edit_team, team, name="شبکه و ارتباطات")
    store.run(directory.edit_person, moving, team="امنیت")  # moved after the rename
    store.run(revert, renamed.inverse, "undo", renamed.forward)
    assert sorted(rows(store, "SELECT name, team FROM people")) == [("مریم احمدی", "شبکه"), ("پیمان", "امنیت")]
    assert scalar(store, "SELECT name FROM teams WHERE id = ?", (team,)) == "شبکه"


@pytest.mark.parametrize("name", ["\u064e\u064f", "ــ", "\u200c\u200d"])
def test_a_name_of_marks_alone_is_no_name(store, name: str) -> None:  # noqa: ANN001
    with pytest.raises(CommandError) as empty:
        store.run(teams.add_team, name)
    assert empty.value.code == "empty_name"


def test_renaming_a_team_of_thousands_is_several_ops_each_one_the_hub_takes(store) -> None:  # noqa: ANN001
    from desktop.sync.hub import MAX_OP_BYTES

    with store.batch() as run:
        for n in range(2600):
            run(directory.add_person, f"کارشناس شمارهٔ {n}", team="پشتیبانی فنی و عملیات شبکه")
    before = scalar(store, "SELECT max(station_seq) FROM outbox")
    done = store.run(teams.add_team, "پشتیبانی فنی، عملیات و نگهداشت شبکهٔ سراسری", renames="پشتیبانی فنی و عملیات شبکه")
    sizes = [len(p.encode()) for (p,) in rows(store, "SELECT payload FROM outbox WHERE station_seq > ?", (before,))]
    assert len(done.ops) == len(sizes) > 1 and max(sizes) <= MAX_OP_BYTES
    assert scalar(store, "SELECT count(*) FROM people WHERE team = 'پشتیبانی فنی، عملیات و نگهداشت شبکهٔ سراسری'") == 2600
    store.run(revert, done.inverse, "undo", done.forward)  # the undo too: one command, several ops
    assert scalar(store, "SELECT count(*) FROM people WHERE team = 'پشتیبانی فنی و عملیات شبکه'") == 2600
