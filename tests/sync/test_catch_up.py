"""A large catch-up pauses the search indexes and rebuilds them once: search afterwards finds
exactly what a station that indexed every op as it came finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services import demo, incidents, queries
from desktop.sync import client, hub
from desktop.sync.client import sync_once
from tests.helpers.stations import new_store

QUERIES = ("پایگاه داده", "پایگاهداده", "شبکه", "ایمیل", "INC", "قطعی", "سرور")


def _found(store) -> dict[str, frozenset[str]]:  # noqa: ANN001
    return {q: store.read(queries.search, q) for q in QUERIES}


def test_a_large_catch_up_pauses_search_and_rebuilds_it(tmp_path: Path, hub_admin_url: str, station_name: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    hub.init(hub_admin_url)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    demo.generate(a, mark=False)  # a stand-in organisation: it syncs
    sync_once(a, url_a)
    monkeypatch.setattr(client, "PULL_PAGE", 20)
    monkeypatch.setattr(client, "CATCH_UP", 40)
    seen: list[bool] = []
    sync_once(b, url_b, progress=lambda done, total: seen.append(b.search_paused()))
    assert len(seen) > 3 and all(seen)  # paused from the first page on: it showed how far behind
    assert not b.search_paused()
    expected = _found(a)
    assert any(expected.values()) and _found(b) == expected
    a.close(), b.close()


def test_a_small_pull_keeps_indexing_as_it_goes(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    hub.init(hub_admin_url)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    a.run(incidents.declare, title="قطعی پایگاه‌داده‌ی پرداخت")
    sync_once(a, url_a)
    seen: list[bool] = []
    sync_once(b, url_b, progress=lambda done, total: seen.append(b.search_paused()))
    assert seen == [False] and b.read(queries.search, "پایگاهداده") == a.read(queries.search, "پایگاه داده")
    a.close(), b.close()


def test_a_catch_up_cut_short_by_a_crash_is_repaired_on_the_next_start(tmp_path: Path) -> None:
    store = new_store(tmp_path / "s.db")
    store.pause_search()  # as a catch-up does before its first page
    incident = store.run(incidents.declare, title="حادثه‌ی نمایه‌نشده").value
    assert store.read(queries.search, "نمایه‌نشده") == frozenset()  # the triggers are off
    store.close()  # the process dies here, before resume_search()
    again = new_store(tmp_path / "s.db")
    assert not again.search_paused() and again.read(queries.search, "نمایه نشده") == {incident}
    again.close()
