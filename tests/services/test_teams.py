"""Teams: a record (lead, contact) over the name people and services carry; a rename carried over
to all of them in one op (one undo step); archived only once nobody carries it; the same team
recorded at two stations is one row; an op too large for the hub is refused before it is written."""

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


def test_two_stations_recording_the_same_team_make_one(tmp_path: Path) -> None:
    first, second = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    for station in (first, second):
        me = new_id()
        station.run(directory.add_person, "مریم", person_id=me, by=me)
        station.set_station(operator_id=me)
    first.run(teams.add_team, "امنیت", contact="A")
    second.run(teams.add_team, "امنيت", contact="B")  # spelt with an Arabic ی
    apply_all(first, outbox(second))
    apply_all(second, outbox(first))
    for station in (first, second):
        assert scalar(station, "SELECT count(*) FROM teams") == 1
    assert rows(first, "SELECT name, contact FROM teams") == rows(second, "SELECT name, contact FROM teams")
    first.close()
    second.close()


def test_an_op_too_large_for_the_hub_is_refused_before_it_is_written(store) -> None:  # noqa: ANN001
    """A team of thousands renamed at once would be one op past what the hub takes (every other
    station would never get it): refused in words, nothing written."""
    with store.batch() as run:
        for n in range(2600):
            run(directory.add_person, f"کارشناس شمارهٔ {n}", team="پشتیبانی فنی و عملیات شبکه")
    before = scalar(store, "SELECT count(*) FROM outbox")
    with pytest.raises(CommandError) as refused:
        store.run(teams.add_team, "پشتیبانی فنی، عملیات و نگهداشت شبکهٔ سراسری", renames="پشتیبانی فنی و عملیات شبکه")
    assert refused.value.code == "op_too_large" and refused.value.params == {"count": 256}
    assert scalar(store, "SELECT count(*) FROM outbox") == before
    assert scalar(store, "SELECT count(*) FROM people WHERE team = 'پشتیبانی فنی و عملیات شبکه'") == 2600
