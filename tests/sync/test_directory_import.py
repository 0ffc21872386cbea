"""Through the real hub: two stations importing the same CSV end with one person (service, group)
per row, and a demo database never reaches a hub."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from desktop.services import csv_import, demo, directory
from desktop.services.store import Store
from desktop.sync import hub
from desktop.sync.client import HubRefused, sync_once, sync_with
from desktop.wire import new_id
from tests.helpers.hub_double import HubDouble
from tests.helpers.stations import export, new_store, rows, scalar
from tests.services.test_csv_import import PEOPLE

SERVICES = ("name,owner_team,criticality,sla_sev1,external_id\n"
            "درگاه پرداخت,پرداخت,بحرانی,۶۰,SRV-1\n"
            "ایمیل سازمانی,زیرساخت,medium,,\n")
GROUPS = "name,kind,members\nکمیته بحران,,ali.rezaei@example.ir;E-1003\n"


def _station(path: Path, code: str, operator: str) -> Store:
    store = new_store(path, code)
    me = new_id()
    store.run(directory.add_person, operator, person_id=me, by=me)
    store.set_station(operator_id=me)
    return store


def _import(store: Store, text: str, kind: str) -> None:
    csv_import.apply(store, store.read(csv_import.plan, csv_import.load(text.encode(), kind)))


def test_two_stations_importing_the_same_file_converge_to_one_row_each(tmp_path: Path, hub_admin_url: str,
                                                                       station_name: str) -> None:
    hub.init(hub_admin_url)
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    a, b = _station(tmp_path / "a.db", "A", "مریم احمدی"), _station(tmp_path / "b.db", "B", "علی رضایی")
    for store in (a, b):  # both import the HR export while apart, neither having seen the other's
        _import(store, PEOPLE, "people")
        _import(store, SERVICES, "services")
        _import(store, GROUPS, "groups")
    sync_once(a, url_a)
    sync_once(b, url_b)
    sync_once(a, url_a)
    assert export(a) == export(b)
    for store in (a, b):
        assert scalar(store, "SELECT count(*) FROM people WHERE NOT archived") == 2 + 3  # the two operators + 3 rows
        assert scalar(store, "SELECT count(DISTINCT email) FROM people WHERE email != ''") == 3
        assert scalar(store, "SELECT count(*) FROM services") == 2
        # technical team, key stakeholders, the board (from the people file) and the crisis committee
        assert scalar(store, "SELECT count(*) FROM stakeholder_groups") == 4
        assert scalar(store, "SELECT count(*) FROM group_members WHERE NOT archived") == 7
    # Either station importing the file again finds every row as it is.
    for text, kind in ((PEOPLE, "people"), (SERVICES, "services"), (GROUPS, "groups")):
        plan = b.read(csv_import.plan, csv_import.load(text.encode(), kind))
        assert {r.action for r in plan.rows} == {"same"}, kind
    a.close()
    b.close()


def test_a_demo_database_is_refused_before_the_hub_is_asked(tmp_path: Path, hub_admin_url: str,
                                                            station_name: str) -> None:
    hub.init(hub_admin_url)
    url = hub.add_station(hub_admin_url, station_name)
    store = new_store(tmp_path / "demo.db", "D")
    demo.generate(store)  # marked as a demo
    assert store.station.demo
    for target in (url, "postgresql://nobody@127.0.0.1:1/none"):  # the second: not even a connection is tried
        with pytest.raises(HubRefused) as refused:
            sync_once(store, target)
        assert refused.value.code == "demo"
    double = HubDouble()
    double.add_station("d")
    with pytest.raises(HubRefused, match="demo"):
        sync_with(double.session("d"), store)
    assert double.ops == [] and double.stations["d"].station_id is None  # the hub never heard of it
    with psycopg.connect(hub_admin_url) as admin:
        assert admin.execute("SELECT count(*) FROM ops").fetchone()[0] == 0
    assert rows(store, "SELECT count(*) FROM outbox WHERE acked") == [(0,)]
    store.close()
