"""The hub and the stations as an attacker and a clumsy user would try them: a station's own login
in psql, crafted ops, far-future clocks, NULs and huge values, restored and copied databases.
Every station is untrusted by the others (sync.md); each test here failed before its fix."""

from __future__ import annotations

import json
import secrets
import shutil
import threading
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from desktop.services import hlc, incidents, tasks, timeline
from desktop.services.errors import CommandError
from desktop.services.ops import Change, Op
from desktop.sync import hub
from desktop.sync.client import HubRefused, HubUnavailable, sync_once
from desktop.wire import new_id
from tests.helpers.stations import export, new_store, scalar
from tests.sync.conftest import SERVER


def _hub(admin_url: str, prefix: str, count: int = 2) -> list[str]:
    hub.init(admin_url)
    return [hub.add_station(admin_url, f"{prefix}{n}") for n in range(count)]


def _crafted(station_id: str, seq: int, changes: list, hlc_value: int | None = None) -> str:
    """An op as a hostile station would write it by hand."""
    return json.dumps({"op_id": new_id(), "station_id": station_id, "station_seq": seq,
                       "hlc": hlc_value or hlc.pack(hlc.wall_millis(), 0), "operator_id": None, "schema_version": 1,
                       "changes": changes}, ensure_ascii=False)


def _push(url: str, station_id: str, ops: list[tuple[int, str]]) -> dict:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT crisisroom_station(%s)", (station_id,))
        return conn.execute("SELECT crisisroom_push(%s, %s)", ([s for s, _ in ops], [t for _, t in ops])).fetchone()[0]


def _titles(store) -> list[str]:  # noqa: ANN001
    return sorted(r[0] for r in store.read(lambda c: c.execute("SELECT title FROM incidents").fetchall()))


# -- identity -------------------------------------------------------------------------------

def test_a_temporary_stations_table_does_not_let_a_station_push_as_another(
        tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    url_a, url_b = _hub(hub_admin_url, station_name)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    a.run(incidents.declare, title="از A")
    sync_once(a, url_a)
    sync_once(b, url_b)
    role_b = psycopg.conninfo.conninfo_to_dict(url_b)["user"]
    forged = _crafted(a.station.station_id, 2, [["incident", new_id(), {"title": "جعلی"}]])
    temp = ("CREATE TEMP TABLE stations (role_name text, station_id uuid, last_seq bigint, revoked boolean, "
            "created_at timestamptz, password text)")
    with psycopg.connect(url_b) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(temp)  # the hub allows no temporary tables
    with psycopg.connect(hub_admin_url, autocommit=True) as admin:  # and if a server admin allowed them:
        admin.execute(sql.SQL("GRANT TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(admin.info.dbname), sql.Identifier(role_b)))
    with psycopg.connect(url_b) as conn:  # B's own login, in psql
        conn.execute(temp)
        conn.execute("INSERT INTO pg_temp.stations (role_name, station_id, last_seq, revoked, created_at) "
                     "VALUES (%s, %s, 1, false, now())", (role_b, a.station.station_id))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT crisisroom_push(%s, %s)", ([2], [forged]))
    with psycopg.connect(hub_admin_url) as admin:
        assert admin.execute("SELECT count(*) FROM ops WHERE payload->>'station_id' = %s",
                             (a.station.station_id,)).fetchone()[0] == 1
    for store in (a, b):
        store.close()


def test_a_revoked_station_is_cut_off_at_once_and_told_so(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    (url,) = _hub(hub_admin_url, station_name, 1)
    store = new_store(tmp_path / "s.db")
    sync_once(store, url)
    open_session = psycopg.connect(url, autocommit=True)
    open_session.execute("SELECT 1")
    hub.revoke_station(hub_admin_url, station_name + "0")
    with pytest.raises(psycopg.OperationalError):  # its open session was ended
        open_session.execute("SELECT crisisroom_station(%s)", (store.station.station_id,))
    store.run(incidents.declare, title="پس از لغو")
    with pytest.raises(HubRefused) as refused:
        sync_once(store, url)
    assert refused.value.code == "revoked" and len(store.unacked()) == 1
    with psycopg.connect(hub_admin_url) as admin:  # and its rights are gone, should it log in again
        role = psycopg.conninfo.conninfo_to_dict(url)["user"]
        assert not admin.execute("SELECT has_table_privilege(%s, 'public.ops', 'SELECT')", (role,)).fetchone()[0]
    store.close()


def test_a_hubs_logins_are_its_own_and_reach_no_other_hub(tmp_path: Path, station_name: str) -> None:
    names = [f"crisisroom_two_{secrets.token_hex(3)}" for _ in range(2)]
    admin = psycopg.connect(SERVER, autocommit=True)
    urls = []
    try:
        for name in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            urls.append(psycopg.conninfo.make_conninfo(SERVER, dbname=name))
            hub.init(urls[-1])
        first = hub.add_station(urls[0], "laptop7")
        second = hub.add_station(urls[1], "laptop7")  # the same name on another hub of the server
        assert psycopg.conninfo.conninfo_to_dict(first)["user"] != psycopg.conninfo.conninfo_to_dict(second)["user"]
        store = new_store(tmp_path / "s.db")
        sync_once(store, first)  # its password was not reset by the second hub
        with pytest.raises(HubRefused) as refused:  # nor can its login open the other hub
            sync_once(store, psycopg.conninfo.make_conninfo(first, dbname=names[1]))
        assert refused.value.code == "revoked"
        hub.revoke_station(urls[1], "laptop7")
        sync_once(store, first)  # revoked on the second hub, still a station of the first
        store.close()
    finally:
        for name, url in zip(names, urls):
            hub.remove_logins(url)
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def test_a_station_that_changes_its_own_password_is_refused(tmp_path: Path, hub_admin_url: str,
                                                           station_name: str) -> None:
    (url,) = _hub(hub_admin_url, station_name, 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER ROLE CURRENT_USER PASSWORD 'mine-now'")
    store = new_store(tmp_path / "s.db")
    with pytest.raises(HubRefused) as refused:
        sync_once(store, psycopg.conninfo.make_conninfo(url, password="mine-now"))
    assert refused.value.code == "password_changed"
    store.close()


def test_a_station_restored_from_a_backup_gets_its_edits_back_and_loses_none(
        tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    url_a, url_b = _hub(hub_admin_url, station_name)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    a.run(incidents.declare, title="پیش از پشتیبان")
    sync_once(a, url_a)
    a.close()
    shutil.copy(tmp_path / "a.db", tmp_path / "backup.db")
    a = new_store(tmp_path / "a.db", "A")
    for n in range(3):
        a.run(incidents.declare, title=f"پس از پشتیبان {n}")
    sync_once(a, url_a)  # the hub holds A's ops 1–4
    a.close()
    shutil.copy(tmp_path / "backup.db", tmp_path / "a.db")  # the laptop is restored: it knows only op 1
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"a.db{suffix}").unlink(missing_ok=True)
    a = new_store(tmp_path / "a.db", "A")
    a.run(incidents.declare, title="پس از بازگردانی")  # made as op 2 again
    result = sync_once(a, url_a)
    assert result.recovered == 3
    sync_once(b, url_b)
    expected = ["پس از بازگردانی", "پس از پشتیبان 0", "پس از پشتیبان 1", "پس از پشتیبان 2", "پیش از پشتیبان"]
    assert _titles(a) == _titles(b) == expected
    assert [seq for seq, _ in a.unacked()] == [] and scalar(a, "SELECT max(station_seq) FROM outbox") == 5
    with psycopg.connect(hub_admin_url) as admin:
        assert [r[0] for r in admin.execute("SELECT station_seq FROM ops WHERE station_id = %s ORDER BY 1",
                                           (a.station.station_id,))] == [1, 2, 3, 4, 5]
    a.run(incidents.declare, title="بعدی")  # and it counts on from there
    sync_once(a, url_a)
    assert not a.unacked()
    for store in (a, b):
        store.close()


def test_the_hub_never_acknowledges_a_new_op_as_a_duplicate(tmp_path: Path, hub_admin_url: str,
                                                           station_name: str) -> None:
    (url,) = _hub(hub_admin_url, station_name, 1)
    store = new_store(tmp_path / "s.db")
    store.run(incidents.declare, title="یک")
    sync_once(store, url)
    other = _crafted(store.station.station_id, 1, [["incident", new_id(), {"title": "دیگری"}]])
    with pytest.raises(psycopg.DatabaseError) as refused:
        _push(url, store.station.station_id, [(1, other)])
    assert refused.value.sqlstate == "CR001"
    store.close()


def test_a_database_copied_to_a_second_login_is_refused_by_name(tmp_path: Path, hub_admin_url: str,
                                                                station_name: str) -> None:
    url_a, url_copy = _hub(hub_admin_url, station_name)
    a = new_store(tmp_path / "a.db", "A")
    a.run(incidents.declare, title="اصل")
    sync_once(a, url_a)
    a.close()
    shutil.copy(tmp_path / "a.db", tmp_path / "copy.db")
    copy = new_store(tmp_path / "copy.db", "A")
    copy.run(incidents.declare, title="در نسخهٔ دوم")
    with pytest.raises(HubRefused) as refused:
        sync_once(copy, url_copy)
    assert refused.value.code == "copied" and len(copy.unacked()) == 1  # kept, not lost
    copy.close()


def test_a_new_database_takes_over_its_logins_station(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    (url,) = _hub(hub_admin_url, station_name, 1)
    old = new_store(tmp_path / "old.db", "A")
    old.run(incidents.declare, title="روی لپ‌تاپ قدیمی")
    sync_once(old, url)
    fresh = new_store(tmp_path / "new.db", "A")  # the laptop set up again, same login
    sync_once(fresh, url)
    assert fresh.station.station_id == old.station.station_id and _titles(fresh) == ["روی لپ‌تاپ قدیمی"]
    fresh.run(incidents.declare, title="روی لپ‌تاپ تازه")
    sync_once(fresh, url)
    assert not fresh.unacked() and scalar(fresh, "SELECT max(station_seq) FROM outbox") == 2
    for store in (old, fresh):
        store.close()


# -- clocks and values ----------------------------------------------------------------------

YEAR_2100 = hlc.pack(4_102_444_800_000, 0)


def test_the_hub_refuses_a_far_future_op_and_takes_the_next(tmp_path: Path, hub_admin_url: str,
                                                           station_name: str) -> None:
    url_a, url_b = _hub(hub_admin_url, station_name)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    sync_once(a, url_a)
    incident = new_id()
    future = _crafted(a.station.station_id, 1, [["incident", incident, {"title": "از آینده", "status": "declared"}]],
                      YEAR_2100)
    near_max = _crafted(a.station.station_id, 2, [["incident", incident, {"title": "بیشینه"}]], (1 << 63) - 2)
    fine = _crafted(a.station.station_id, 3, [["incident", incident, {"title": "درست", "status": "declared"}]])
    reply = _push(url_a, a.station.station_id, [(1, future), (2, near_max), (3, fine)])
    assert reply == {"last": 3, "refused": [[1, "clock_ahead"], [2, "clock_ahead"]]}
    sync_once(b, url_b)
    assert _titles(b) == ["درست"]
    assert hlc.millis(scalar(b, "SELECT hlc FROM station")) < hlc.wall_millis() + 60_000
    b.run(incidents.edit, incident, title="ویرایش بعدی")  # later edits still win
    assert _titles(b) == ["ویرایش بعدی"]
    for store in (a, b):
        store.close()


def test_a_station_holds_an_op_from_the_future_and_keeps_working(tmp_path: Path, hub_admin_url: str,
                                                                station_name: str) -> None:
    """As if the hub itself served one (an older hub, or one that was tampered with)."""
    url_a, url_b = _hub(hub_admin_url, station_name)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    incident = a.run(incidents.declare, title="اصلی").value
    sync_once(a, url_a)
    for n, stamp in enumerate((YEAR_2100, (1 << 63) - 1), start=2):
        with psycopg.connect(hub_admin_url) as admin:
            payload = json.loads(_crafted(a.station.station_id, n, [["incident", incident, {"title": "ربوده"}]], stamp))
            admin.execute("INSERT INTO ops (seq, op_id, station_id, station_seq, hlc, entity, entity_id, payload, "
                          "schema_version) VALUES (%s, %s, %s, %s, %s, 'incident', %s, %s, 1)",
                          (n, payload["op_id"], a.station.station_id, n, stamp, incident, json.dumps(payload)))
    result = sync_once(b, url_b)
    assert [(q.seq, q.state, q.code) for q in result.quarantined] == [(2, "held", "clock_ahead"),
                                                                     (3, "held", "clock_ahead")]
    assert _titles(b) == ["اصلی"] and hlc.millis(scalar(b, "SELECT hlc FROM station")) < hlc.wall_millis() + 60_000
    b.run(incidents.edit, incident, title="هنوز کار می‌کند")
    sync_once(b, url_b)
    again = sync_once(b, url_b)
    assert again.quarantined == []  # said once
    assert [(q.seq, q.state) for q in b.quarantine()] == [(2, "held"), (3, "held")]
    for store in (a, b):
        store.close()


def test_a_station_whose_clock_ran_ahead_sends_nothing_then_recovers(tmp_path: Path, hub_admin_url: str,
                                                                    station_name: str) -> None:
    (url,) = _hub(hub_admin_url, station_name, 1)
    wrong = {"skew": 3 * 3_600_000}
    store = new_store(tmp_path / "s.db")
    store.wall_clock = lambda: hlc.wall_millis() + wrong["skew"]
    store.run(incidents.declare, title="با ساعت غلط")
    with pytest.raises(HubRefused) as refused:
        sync_once(store, url)
    assert refused.value.code == "clock_ahead" and refused.value.params["minutes"] >= 179
    assert len(store.unacked()) == 1
    wrong["skew"] = 0  # the clock is set right
    store.run(incidents.declare, title="پس از درست کردن ساعت")
    result = sync_once(store, url)
    assert result.rebased == 2 and not store.unacked() and not result.refused_own
    assert hlc.millis(scalar(store, "SELECT hlc FROM station")) <= hlc.wall_millis() + 60_000
    seqs = [json.loads(p)["hlc"] for p in store.read(lambda c: [r[0] for r in c.execute(
        "SELECT payload FROM outbox ORDER BY station_seq")])]
    assert seqs == sorted(seqs)  # the order of its edits is kept
    store.close()


def test_values_from_other_stations_meet_the_rules_of_local_commands(tmp_path: Path, hub_admin_url: str,
                                                                    station_name: str) -> None:
    url_a, url_b = _hub(hub_admin_url, station_name)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    incident = a.run(incidents.declare, title="حادثه").value
    sync_once(a, url_a)
    orphan_incident = new_id()
    crafted = [
        (2, _crafted(a.station.station_id, 2, [["incident", incident, {"status": "vanished"}]])),
        (3, _crafted(a.station.station_id, 3, [["timeline_entry", new_id(),
                                               {"incident_id": orphan_incident, "kind": "note", "text": "یتیم",
                                                "archived": False}]])),
        (4, _crafted(a.station.station_id, 4, [["incident", incident, {"title": "x" * 20_000}]])),
    ]
    reply = _push(url_a, a.station.station_id, crafted)
    assert reply == {"last": 4, "refused": []}  # the hub checks only what it must; stations check the rest
    result = sync_once(b, url_b)
    assert [(q.seq, q.state, q.code) for q in result.quarantined] == [
        (2, "refused", "unknown_value"), (3, "held", "missing_ref"), (4, "refused", "too_long")]
    assert scalar(b, "SELECT status FROM incidents WHERE id = ?", (incident,)) == "declared"
    assert scalar(b, "SELECT count(*) FROM timeline_entries WHERE incident_id = ?", (orphan_incident,)) == 0
    # The parent arrives: the held entry is applied then.
    parent = _crafted(a.station.station_id, 5, [["incident", orphan_incident,
                                                 {"title": "والد", "status": "declared", "archived": False}]])
    _push(url_a, a.station.station_id, [(5, parent)])
    sync_once(b, url_b)
    assert scalar(b, "SELECT count(*) FROM timeline_entries WHERE incident_id = ?", (orphan_incident,)) == 1
    assert [(q.seq, q.state) for q in b.quarantine()] == [(2, "refused"), (4, "refused")]
    for store in (a, b):
        store.close()


# -- limits and liveness --------------------------------------------------------------------

def test_nul_and_huge_values_are_refused_at_the_command(store) -> None:  # noqa: ANN001
    with pytest.raises(CommandError) as refused:
        store.run(incidents.declare, title="قطعی\x00پایگاه")
    assert refused.value.code == "control_characters" and refused.value.params == {"field": "incident.title"}
    incident = store.run(incidents.declare, title="درست").value
    for command, args in ((incidents.edit, dict(description="x" * 10_000_000)),
                          (incidents.edit, dict(title="ت" * 10_000))):
        with pytest.raises(CommandError) as refused:
            store.run(command, incident, **args)
        assert refused.value.code == "too_long"
    with pytest.raises(CommandError):
        store.run(timeline.add_note, incident, "یادداشت\x07")
    with pytest.raises(CommandError) as refused:
        store.run(tasks.add, new_id(), "وظیفهٔ بی‌حادثه")
    assert refused.value.code == "unknown_incident"
    assert len(store.unacked()) == 1  # only the good declaration (and nothing half-written)


def test_a_nul_or_a_huge_op_is_refused_alone_and_the_rest_goes_on(tmp_path: Path, hub_admin_url: str,
                                                                  station_name: str) -> None:
    (url,) = _hub(hub_admin_url, station_name, 1)
    store = new_store(tmp_path / "s.db")
    store.run(incidents.declare, title="اول")
    sync_once(store, url)
    sid = store.station.station_id
    nul = _crafted(sid, 2, [["incident", new_id(), {"title": "a\u0000b"}]])
    huge = _crafted(sid, 3, [["incident", new_id(), {"description": "x" * 1_000_000}]])
    fine = _crafted(sid, 4, [["incident", new_id(), {"title": "پس از آنها"}]])
    assert "\\u0000" in nul
    reply = _push(url, sid, [(2, nul), (3, huge), (4, fine)])
    assert reply == {"last": 4, "refused": [[2, "malformed"], [3, "too_large"]]}
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM ops").fetchone()[0] == 2
    store.close()


def test_an_old_station_with_a_nul_in_its_outbox_is_not_stopped(tmp_path: Path, hub_admin_url: str,
                                                               station_name: str) -> None:
    """Written before commands refused NULs: the hub refuses that op alone, the rest is sent."""
    (url,) = _hub(hub_admin_url, station_name, 1)
    store = new_store(tmp_path / "s.db")
    store.run(incidents.declare, title="پیش")
    op = Op(new_id(), store.station.station_id, 2, hlc.pack(hlc.wall_millis(), 1), None,
            (Change("incident", new_id(), {"title": "با\x00نال", "archived": False}),))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO outbox (station_seq, op_id, hlc, payload, created_at, acked) "
                             "VALUES (2, ?, ?, ?, '2026-12-01T00:00:00.000000Z', 0)", (op.op_id, op.hlc, op.to_json()))
    store.run(incidents.declare, title="پس")
    result = sync_once(store, url)
    assert result.refused_own == [(2, "malformed")] and not store.unacked()
    assert store.refused_by_hub() == [(2, op.op_id, "malformed")]
    store.close()


def test_a_station_sitting_on_the_push_lock_cannot_stall_the_others(tmp_path: Path, hub_admin_url: str,
                                                                   station_name: str) -> None:
    url_a, url_b = _hub(hub_admin_url, station_name)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    a.run(incidents.declare, title="از A")
    sync_once(a, url_a)
    hog = psycopg.connect(url_a)  # a push it never commits: it holds the allocation lock
    hog.execute("SELECT crisisroom_station(%s)", (a.station.station_id,))
    hog.execute("SELECT crisisroom_push(%s, %s)", ([1], [a.read(lambda c: c.execute(
        "SELECT payload FROM outbox").fetchone()[0])]))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor can a station take the lock itself
        with psycopg.connect(url_b) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (hub.SEQ_LOCK,))
    b.run(incidents.declare, title="از B")
    done = threading.Event()
    result = {}

    def push_b() -> None:
        try:
            result["b"] = sync_once(b, url_b)
        except (HubRefused, HubUnavailable) as exc:  # pragma: no cover - the failure the test looks for
            result["b"] = exc
        done.set()

    threading.Thread(target=push_b, daemon=True).start()
    assert done.wait(20), "B's push is stalled by A"
    assert not isinstance(result["b"], Exception) and not b.unacked()
    with pytest.raises(psycopg.OperationalError):
        hog.execute("SELECT 1")  # the hog was disconnected
    hog.close()
    for store in (a, b):
        store.close()


def test_an_op_id_another_station_used_is_refused_not_overwritten(tmp_path: Path, hub_admin_url: str,
                                                                 station_name: str) -> None:
    url_a, url_b = _hub(hub_admin_url, station_name)
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    a.run(incidents.declare, title="از A")
    sync_once(a, url_a)
    sync_once(b, url_b)
    stolen = json.loads(a.unacked()[0][1]) if a.unacked() else json.loads(a.read(
        lambda c: c.execute("SELECT payload FROM outbox").fetchone()[0]))
    copy = json.loads(_crafted(b.station.station_id, 1, [["incident", new_id(), {"title": "روی شناسهٔ A"}]]))
    copy["op_id"] = stolen["op_id"]
    fine = _crafted(b.station.station_id, 2, [["incident", new_id(), {"title": "درست از B"}]])
    reply = _push(url_b, b.station.station_id, [(1, json.dumps(copy)), (2, fine)])
    assert reply == {"last": 2, "refused": [[1, "duplicate_op_id"]]}
    with psycopg.connect(hub_admin_url) as admin:
        assert admin.execute("SELECT payload->'changes'->0->2->>'title' FROM ops WHERE op_id = %s",
                             (stolen["op_id"],)).fetchone()[0] == "از A"
    for store in (a, b):
        store.close()
