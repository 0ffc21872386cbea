"""Stations converge through the real PostgreSQL hub; the hub refuses what it must."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from psycopg.types.json import Jsonb

from desktop.services import demo, incidents, tasks, timeline
from desktop.sync import hub
from desktop.sync.client import HubRefused, HubUnavailable, sync_once
from tests.helpers.stations import export, new_store, outbox


def _stations(tmp_path: Path, admin_url: str, prefix: str, count: int = 2):  # noqa: ANN202
    hub.init(admin_url)
    return [(new_store(tmp_path / f"{n}.db", f"S{n}"), hub.add_station(admin_url, f"{prefix}{n}"))
            for n in range(count)]


def test_two_offline_stations_converge_through_the_hub(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    (a, url_a), (b, url_b) = _stations(tmp_path, hub_admin_url, station_name)
    demo.generate(a, mark=False)  # a stand-in organisation: it syncs
    first = sync_once(a, url_a)
    assert first.pushed == len(outbox(a)) and first.pulled == first.pushed  # its own ops come back, harmless
    pulled = sync_once(b, url_b)
    assert pulled.pulled == first.pushed and export(a) == export(b)

    # Both edit the same incident while apart; the later edit (by clock) wins on both.
    incident = a.read(lambda c: c.execute("SELECT id FROM incidents WHERE severity = 'sev1' "
                                          "AND status = 'declared'").fetchone()[0])
    a.run(incidents.edit, incident, title="ویرایش ایستگاه A")
    b.run(incidents.edit, incident, title="ویرایش ایستگاه B")
    b.run(tasks.add, incident, "وظیفه‌ای از ایستگاه B")
    a.run(timeline.add_note, incident, "یادداشت A")
    for store, url in ((a, url_a), (b, url_b), (a, url_a), (b, url_b)):  # A's lost title: an entry B gets last
        sync_once(store, url)
    assert export(a) == export(b)
    title = a.read(lambda c: c.execute("SELECT title FROM incidents WHERE id = ?", (incident,)).fetchone()[0])
    assert title == "ویرایش ایستگاه B"
    assert not a.unacked() and not b.unacked()  # the outboxes drained
    for store in (a, b):
        store.close()


def test_duplicates_are_acknowledged_and_a_gap_is_not_taken(tmp_path: Path, hub_admin_url: str,
                                                            station_name: str) -> None:
    ((a, url_a),) = _stations(tmp_path, hub_admin_url, station_name, 1)
    for n in range(3):
        a.run(incidents.declare, title=f"حادثه {n}")
    ops = a.unacked()
    push = "SELECT crisisroom_push(%s, %s)->'last'"
    with psycopg.connect(url_a) as conn:
        conn.execute("SELECT crisisroom_station(%s)", (a.station.station_id,))
        assert conn.execute(push, ([1, 3], [ops[0][1], ops[2][1]])).fetchone()[0] == 1  # a gap at 2
        assert conn.execute(push, ([s for s, _ in ops], [p for _, p in ops])).fetchone()[0] == 3
        assert conn.execute(push, ([s for s, _ in ops], [p for _, p in ops])).fetchone()[0] == 3  # all duplicates
        conn.commit()
        assert conn.execute("SELECT count(*), max(seq) FROM ops").fetchone() == (3, 3)


def test_a_station_cannot_push_as_another_nor_after_it_is_revoked(tmp_path: Path, hub_admin_url: str,
                                                                  station_name: str) -> None:
    (a, url_a), (b, url_b) = _stations(tmp_path, hub_admin_url, station_name)
    a.run(incidents.declare, title="از A")
    b.run(incidents.declare, title="از B")
    sync_once(b, url_b)  # binds B's role to B's station id
    forged = a.unacked()
    with psycopg.connect(url_b) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT crisisroom_push(%s, %s)", ([s for s, _ in forged], [p for _, p in forged]))
    with psycopg.connect(url_b) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO ops (seq, op_id, station_id, station_seq, hlc, entity, entity_id, payload, "
                     "schema_version) VALUES (99, gen_random_uuid(), gen_random_uuid(), 1, 1, 'x', 'y', '{}', 1)")
    hub.revoke_station(hub_admin_url, f"{station_name}1")
    b.run(incidents.declare, title="پس از لغو دسترسی")
    with pytest.raises(HubRefused) as refused:
        sync_once(b, url_b)
    assert refused.value.code == "revoked"
    assert len(b.unacked()) == 1  # nothing lost: it waits in the outbox


def test_an_unreachable_hub_is_said_and_nothing_is_lost(tmp_path: Path) -> None:
    store = new_store(tmp_path / "offline.db")
    store.run(incidents.declare, title="بدون شبکه")
    with pytest.raises(HubUnavailable):
        sync_once(store, "postgresql://nobody@127.0.0.1:1/none")
    assert len(store.unacked()) == 1
    store.close()


def test_a_malformed_op_from_the_hub_is_refused_whole_and_logged(tmp_path: Path, hub_admin_url: str, station_name: str,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    (a, url_a), (b, url_b) = _stations(tmp_path, hub_admin_url, station_name)
    a.run(incidents.declare, title="سالم")
    sync_once(a, url_a)
    with psycopg.connect(hub_admin_url) as conn:  # what a broken or hostile hub might serve
        bad = dict(conn.execute("SELECT payload FROM ops WHERE seq = 1").fetchone()[0])
        bad["changes"] = [["incident", bad["changes"][0][1], {"severity": 7}]]
        conn.execute("INSERT INTO ops (seq, op_id, station_id, station_seq, hlc, entity, entity_id, payload, "
                     "schema_version) SELECT 2, gen_random_uuid(), station_id, 2, hlc, entity, entity_id, %s, 1 "
                     "FROM ops WHERE seq = 1", (Jsonb(bad),))
    with caplog.at_level("WARNING", logger="crisisroom.sync"):
        result = sync_once(b, url_b)
    assert result.pulled == 2 and [(q.seq, q.code, q.params) for q in result.refused] == [
        (2, "bad_value", {"field": "incident.severity"})]
    assert [r.getMessage() for r in caplog.records] == [f"refused the op at hub position 2: {result.refused[0].detail}"]
    assert [(q.seq, q.state, q.code) for q in b.quarantine()] == [(2, "refused", "bad_value")]
    assert b.read(lambda c: [tuple(r) for r in c.execute("SELECT title, severity FROM incidents")]) == [("سالم", "sev2")]
    assert b.sync_position()[1] == 2  # the cursor moved past it: one bad op cannot stop a station


def test_a_hub_restored_from_an_older_backup_gets_everything_back(tmp_path: Path, hub_admin_url: str,
                                                                  station_name: str) -> None:
    (a, url_a), (b, url_b) = _stations(tmp_path, hub_admin_url, station_name)
    for n in range(6):
        a.run(incidents.declare, title=f"پیش از پشتیبان {n}")
    sync_once(a, url_a)
    sync_once(b, url_b)
    with psycopg.connect(hub_admin_url) as conn:  # the backup had only the first two ops
        conn.execute("DELETE FROM ops WHERE seq > 2")
        conn.execute("UPDATE stations SET last_seq = 2 WHERE station_id IS NOT NULL")
        conn.execute("UPDATE hub_meta SET value = 'restored' WHERE key = 'epoch'")
    a.run(incidents.declare, title="پس از بازگردانی")
    again = sync_once(a, url_a)
    assert again.resynced
    with psycopg.connect(hub_admin_url) as conn:  # the four the hub lost are back, and the new one
        assert conn.execute("SELECT count(*), max(seq) FROM ops").fetchone() == (7, 7)
    c_store = new_store(tmp_path / "c.db", "C")
    c_url = hub.add_station(hub_admin_url, f"{station_name}c")
    sync_once(c_store, c_url)
    sync_once(b, url_b)
    assert export(a) == export(b) == export(c_store)
    assert len(c_store.read(lambda c: c.execute("SELECT id FROM incidents").fetchall())) == 7
    c_store.close()


def test_the_hub_going_away_mid_pull_loses_nothing(tmp_path: Path, hub_admin_url: str, station_name: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.sync import client

    (a, url_a), (b, url_b) = _stations(tmp_path, hub_admin_url, station_name)
    demo.generate(a, mark=False)  # a stand-in organisation: it syncs
    sync_once(a, url_a)
    monkeypatch.setattr(client, "PULL_PAGE", 20)
    role = psycopg.conninfo.conninfo_to_dict(url_b)["user"]

    def drop_the_station(done: int, _total: int) -> None:  # the hub restarts under B after a page
        if done > 20:
            with psycopg.connect(hub_admin_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))

    with pytest.raises(HubUnavailable):
        sync_once(b, url_b, progress=drop_the_station)
    cursor = b.sync_position()[1]
    assert 0 < cursor < len(outbox(a))  # the pages applied before the drop stand, with their cursor
    b.run(incidents.declare, title="حادثه‌ای که آفلاین ثبت شد")  # work goes on meanwhile
    sync_once(b, url_b)
    sync_once(a, url_a)
    assert export(a) == export(b) and not b.unacked()
    for store in (a, b):
        store.close()


def test_an_unknown_station_or_database_is_refused_not_called_offline(tmp_path: Path, hub_admin_url: str) -> None:
    hub.init(hub_admin_url)
    store = new_store(tmp_path / "s.db")
    params = psycopg.conninfo.conninfo_to_dict(hub_admin_url)
    with pytest.raises(HubRefused) as refused:
        sync_once(store, psycopg.conninfo.make_conninfo(hub_admin_url, user="crisisroom_nobody"))
    assert refused.value.code == "login"
    with pytest.raises(HubRefused) as refused:
        sync_once(store, psycopg.conninfo.make_conninfo(hub_admin_url, dbname=params["dbname"] + "_gone"))
    assert refused.value.code == "no_database"
    store.close()


def test_concurrent_task_moves_on_two_stations_converge_to_one_order(tmp_path: Path, hub_admin_url: str,
                                                                     station_name: str) -> None:
    """Both stations reorder the same kanban while apart — the same card to two places, two
    cards to the same gap — and after syncing both show the same cards in the same order."""
    from desktop.services import directory, queries

    (a, url_a), (b, url_b) = _stations(tmp_path, hub_admin_url, station_name)
    incident = a.run(incidents.declare, title="قطعی درگاه").value
    owner = a.run(directory.add_person, "زهرا کاظمی").value
    cards = [a.run(tasks.add, incident, f"کار {n}", owner_id=owner).value for n in range(6)]
    sync_once(a, url_a)
    sync_once(b, url_b)

    def order(store) -> dict[str, list[str]]:  # noqa: ANN001
        rows = store.read(lambda c: queries.tasks(c, incident))
        return {column: [r.id for r in sorted(rows, key=lambda r: (r.position, r.id)) if r.column == column]
                for column in ("todo", "in_progress", "blocked", "done")}

    def position(store, task_id: str) -> str:  # noqa: ANN001
        return store.read(lambda c: c.execute("SELECT position FROM tasks WHERE id = ?", (task_id,)).fetchone()[0])

    # A: card 5 between cards 0 and 1; card 2 to in progress. B: card 5 to the top; card 3 between 0 and 1 too.
    a.run(tasks.move, cards[5], "todo", position(a, cards[0]), position(a, cards[1]))
    a.run(tasks.move, cards[2], "in_progress")
    b.run(tasks.move, cards[5], "todo", None, position(b, cards[0]))
    b.run(tasks.move, cards[3], "todo", position(b, cards[0]), position(b, cards[1]))
    for store, url in ((a, url_a), (b, url_b), (a, url_a), (b, url_b)):
        sync_once(store, url)
    assert order(a) == order(b)
    seen = order(a)
    assert sorted(sum(seen.values(), [])) == sorted(cards)  # every card once, none lost or doubled
    assert seen["in_progress"] == [cards[2]] and seen["todo"][0] == cards[5]  # B's move of card 5 was later
    assert seen["todo"].index(cards[3]) == 2  # between cards 0 and 1, where B put it
    for store in (a, b):
        store.close()
