"""On a PostgreSQL server of the test's own: a wrong password, and the hub stopped and started
again in the middle of a sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from desktop.services import demo, incidents
from desktop.sync import client, hub
from desktop.sync.client import HubRefused, HubUnavailable, check_hub, sync_once
from tests.helpers.private_pg import PrivateServer, private_server
from tests.helpers.stations import export, new_store, outbox


@pytest.fixture
def server() -> Iterator[PrivateServer]:
    with private_server() as running:
        yield running


def _hub(server: PrivateServer) -> str:
    with psycopg.connect(server.admin_url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE crisisroom")
    url = psycopg.conninfo.make_conninfo(server.admin_url, dbname="crisisroom")
    hub.init(url)
    return url


def test_a_wrong_password_is_refused_as_a_login_not_called_offline(server: PrivateServer, tmp_path: Path) -> None:
    url = hub.add_station(_hub(server), "laptop7")
    wrong = psycopg.conninfo.make_conninfo(url, password="not-the-password")
    store = new_store(tmp_path / "s.db")
    store.run(incidents.declare, title="با گذرواژهٔ نادرست")
    with pytest.raises(HubRefused) as refused:
        sync_once(store, wrong)
    assert refused.value.code == "login" and len(store.unacked()) == 1  # nothing lost
    with pytest.raises(HubRefused):
        check_hub(wrong)
    assert check_hub(url)["schema_version"] == str(hub.HUB_SCHEMA_VERSION)
    assert sync_once(store, url).pushed == 1
    store.close()


def test_the_hub_stopped_and_started_mid_sync_loses_nothing(server: PrivateServer, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    admin = _hub(server)
    url_a, url_b = hub.add_station(admin, "a"), hub.add_station(admin, "b")
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    demo.generate(a, mark=False)  # a stand-in organisation: it syncs
    sync_once(a, url_a)
    monkeypatch.setattr(client, "PULL_PAGE", 20)
    monkeypatch.setattr(client, "CATCH_UP", 40)  # a catch-up: search paused while it runs
    paused: list[bool] = []

    def stop_the_hub(done: int, _total: int) -> None:
        paused.append(b.search_paused())
        if done > 20:
            server.stop()

    with pytest.raises(HubUnavailable):
        sync_once(b, url_b, progress=stop_the_hub)
    assert 0 < b.sync_position()[1] < len(outbox(a))  # the pages before the stop stand
    assert paused == [True, True] and not b.search_paused()  # indexes rebuilt on the way out
    b.run(incidents.declare, title="ثبت‌شده وقتی هاب خاموش بود")
    with pytest.raises(HubUnavailable):
        sync_once(b, url_b)  # still down: offline, and it says so
    server.start()
    sync_once(b, url_b)
    sync_once(a, url_a)
    assert export(a) == export(b) and not b.unacked() and not a.unacked()
    a.close(), b.close()
