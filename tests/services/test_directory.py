"""The directory's commands: people (outside experts too), services and groups, added, edited and
archived through the write path, each value normalised and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services import directory
from desktop.services.errors import CommandError
from tests.helpers.stations import new_store, rows


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201
    station = new_store(tmp_path / "d.db")
    yield station
    station.close()


def test_people_are_added_edited_and_archived(store) -> None:  # noqa: ANN001
    person = store.run(directory.add_person, " علي رضائي ", title="مدیر شبکه", team="شبکه",
                       email=" Ali@Example.IR ", phone="۰۲۱-۸۸۸۸ ۱۲۳۴", languages="fa, en", external_id="HR-7").value
    assert rows(store, "SELECT name, email, phone, languages, external_id, outside_expert FROM people") == [
        ("علی رضائی", "ali@example.ir", "021-8888 1234", "fa, en", "HR-7", 0)]
    store.run(directory.edit_person, person, title="سرپرست شبکه", outside_expert=False)
    assert rows(store, "SELECT title FROM people") == [("سرپرست شبکه",)]
    store.run(directory.archive_person, person)
    assert rows(store, "SELECT archived FROM people") == [(1,)]


@pytest.mark.parametrize(("change", "code"), [
    ({"name": "\u200b\u200c"}, "empty_name"), ({"email": "not-an-address"}, "bad_email"),
    ({"phone": "call me"}, "bad_phone"), ({"shoe_size": 44}, "bad_field")])
def test_a_bad_value_is_refused_and_nothing_is_written(store, change: dict, code: str) -> None:  # noqa: ANN001
    person = store.run(directory.add_person, "مینا").value
    before = rows(store, "SELECT * FROM people")
    with pytest.raises(CommandError) as refused:
        store.run(directory.edit_person, person, **change)
    assert refused.value.code == code and rows(store, "SELECT * FROM people") == before


def test_an_outside_expert_comes_from_an_organisation(store) -> None:  # noqa: ANN001
    with pytest.raises(CommandError, match="empty_organisation"):
        store.run(directory.add_outside_expert, "John Smith", "  ")
    store.run(directory.add_outside_expert, "John Smith", "ابر پارس", email="john@abrpars.example")
    assert rows(store, "SELECT name, organisation, outside_expert FROM people") == [("John Smith", "ابر پارس", 1)]


def test_services_carry_criticality_and_an_sla_per_severity(store) -> None:  # noqa: ANN001
    service = store.run(directory.add_service, "درگاه پرداخت", owner_team="پرداخت", criticality="critical",
                        sla_sev1="۶۰", sla_sev2=240, used_by="همهٔ شعبه‌ها").value
    assert rows(store, "SELECT criticality, sla_sev1, sla_sev2, sla_sev3 FROM services") == [("critical", 60, 240, None)]
    for change, code in (({"criticality": "urgent"}, "unknown_value"), ({"sla_sev3": "دو ساعت"}, "bad_minutes"),
                         ({"sla_sev3": 0}, "bad_minutes")):
        with pytest.raises(CommandError) as refused:
            store.run(directory.edit_service, service, **change)
        assert refused.value.code == code
    store.run(directory.archive_service, service)
    assert rows(store, "SELECT archived FROM services") == [(1,)]


def test_groups_custom_names_and_members(store) -> None:  # noqa: ANN001
    person = store.run(directory.add_person, "مینا").value
    built_in = store.run(directory.add_group, "management").value
    custom = store.run(directory.add_group, "custom", "مدیران شعب").value
    with pytest.raises(CommandError, match="built_in_group"):
        store.run(directory.rename_group, built_in, "مدیران")
    store.run(directory.rename_group, custom, "مدیران شعبه‌ها")
    store.run(directory.add_member, custom, person)
    store.run(directory.add_member, custom, person)  # the same link: one row
    assert rows(store, "SELECT count(*) FROM group_members WHERE NOT archived") == [(1,)]
    store.run(directory.remove_member, custom, person)
    assert rows(store, "SELECT count(*) FROM group_members WHERE NOT archived") == [(0,)]
    store.run(directory.archive_group, custom)
    assert rows(store, "SELECT name, archived FROM stakeholder_groups WHERE id = ?", (custom,)) == [("مدیران شعبه‌ها", 1)]
