"""sync.md's stateful property test: 3–6 stations on real SQLite files and a hub; random edits,
moves, role changes and timeline appends; partitions, duplicated and reordered deliveries, lost
acknowledgements, clocks skewed by up to ±10 minutes, crashes at each step of push and pull, and
the hub restored from an older backup. Once healed, every station equals the hub's log applied
in (hlc, station_id) order; nothing committed locally is lost; cursors never go backwards within
an epoch; the outboxes drain. Run against an in-process double and the real PostgreSQL server.
"""

from __future__ import annotations

import json
import random
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from psycopg import sql

from desktop.db import open_database
from desktop.services import directory, incidents, roles, tasks, timeline
from desktop.services.errors import CommandError
from desktop.services.hlc import wall_millis
from desktop.services.ops import Op
from desktop.services.store import Store
from desktop.sync import client, hub
from desktop.sync.client import HubUnavailable, PostgresSession, sync_with
from tests.helpers.hub_double import HubDouble
from tests.helpers.stations import apply_all, canonical, outbox
from tests.sync.conftest import SERVER


class Crash(BaseException):
    """The station's process dies here (not an Exception: nothing may catch it on the way)."""


class Clock:
    """A station's wall clock, skewed; armed, its next reading crashes the station — it is
    read inside the apply transaction, after the page's rows are written and before the commit."""

    def __init__(self, skew: int) -> None:
        self.skew, self.armed = skew, False

    def __call__(self) -> int:
        if self.armed:
            self.armed = False
            raise Crash("inside the apply transaction")
        return wall_millis() + self.skew


@dataclass
class Station:
    path: Path
    clock: Clock
    login: str  # the role (double) or the URL (PostgreSQL) it pushes as
    store: Store = field(init=False)
    partitioned: bool = False
    epoch_cursor: tuple[str | None, int] = (None, 0)
    committed: set[str] = field(default_factory=set)  # op ids of every command it committed
    backup: Path | None = None  # a copy of its database, taken earlier
    recovering: set[str] = field(default_factory=set)  # its ops a restore took away that the hub holds

    def __post_init__(self) -> None:
        self.store = Store(self.path, wall_clock=self.clock)

    def restart(self) -> None:
        try:
            self.store.close()
        except Exception:  # noqa: BLE001 - a crashed process closes nothing
            pass
        self.store = Store(self.path, wall_clock=self.clock)

    def op_ids(self) -> set[str]:
        return {op.op_id for op in outbox(self.store)}

    def take_backup(self) -> None:
        import sqlite3

        self.backup = self.path.with_suffix(".backup")
        self.backup.unlink(missing_ok=True)
        source, target = sqlite3.connect(self.path), sqlite3.connect(self.backup)
        source.backup(target)  # what a backup program copies: a consistent database, WAL included
        source.close()
        target.close()

    def restore_backup(self) -> set[str]:
        """Puts the backup back in place of the database; returns the op ids it has."""
        self.store.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copy(self.backup, self.path)
        self.store = Store(self.path, wall_clock=self.clock)
        return self.op_ids()

    def acked_ids(self) -> set[str]:
        return set(self.store.read(lambda c: [r[0] for r in c.execute(
            "SELECT json_extract(payload, '$.op_id') FROM outbox WHERE acked")]))


FAULTS = ("none", "unreachable_at_push", "lost_push_reply", "crash_after_push", "double_push",
          "drop_mid_pull", "crash_mid_pull", "crash_in_apply", "duplicated_reordered_pull")


class Faulty:
    """A HubSession with one fault: the network or the station's process failing at a step."""

    def __init__(self, inner: Any, fault: str, when: int, station: Station, order: random.Random) -> None:
        self.inner, self.fault, self.when, self.target, self.order = inner, fault, when, station, order
        self.pulls = 0

    def meta(self) -> dict[str, str]:
        return self.inner.meta()

    def station(self, mine: str) -> dict[str, Any]:
        return self.inner.station(mine)

    def hello(self, mine: str) -> tuple[dict[str, str], dict[str, Any]]:
        return self.inner.hello(mine)

    def own_ops(self, after: int, upto: int) -> list:
        return self.inner.own_ops(after, upto)

    def push(self, ops: list[dict[str, Any]]) -> int:
        if self.fault == "unreachable_at_push":
            raise HubUnavailable("cut before the push")
        if self.fault == "double_push":
            self.inner.push(ops)  # the same batch delivered twice
        last = self.inner.push(ops)
        if self.fault == "lost_push_reply":
            raise HubUnavailable("the hub took the push; its answer was lost")
        if self.fault == "crash_after_push":
            raise Crash("after the hub took the push, before the ack was stored")
        return last

    def pull(self, after: int, limit: int) -> list[tuple[int, Any]]:
        self.pulls += 1
        if self.pulls == self.when and self.fault == "drop_mid_pull":
            raise HubUnavailable("cut mid-pull")
        if self.pulls == self.when and self.fault == "crash_mid_pull":
            raise Crash("mid-pull, between pages")
        rows = self.inner.pull(after, limit)
        if self.pulls == self.when and self.fault == "crash_in_apply" and rows:
            self.target.clock.armed = True
        if self.fault == "duplicated_reordered_pull" and rows:
            rows = list(rows) + list(self.inner.pull(max(0, after - 3), 3)) + [rows[0]]
            self.order.shuffle(rows)
        return rows

    def count_after(self, after: int) -> int:
        return self.inner.count_after(after)


class DoubleBackend:
    def __init__(self) -> None:
        self.hub = HubDouble()

    def add_station(self, name: str) -> str:
        return self.hub.add_station(name)

    @contextmanager
    def session(self, login: str) -> Iterator[Any]:
        yield self.hub.session(login)

    def payloads(self) -> list[dict[str, Any]]:
        return self.hub.payloads()

    def held(self) -> int:
        return len(self.hub.ops)

    def epoch(self) -> str:
        return self.hub.epoch

    def restore(self, keep: int) -> None:
        self.hub.restore(keep)

    def close(self) -> None:
        pass


class PostgresBackend:
    """A database of its own on the real server, with a login role per station."""

    def __init__(self) -> None:
        self.name = f"crisisroom_prop_{secrets.token_hex(4)}"
        self.admin = psycopg.connect(SERVER, autocommit=True)
        self.admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        self.url = psycopg.conninfo.make_conninfo(SERVER, dbname=self.name)
        hub.init(self.url)

    def add_station(self, name: str) -> str:
        return hub.add_station(self.url, f"p{secrets.token_hex(3)}{name}")

    @contextmanager
    def session(self, login: str) -> Iterator[Any]:
        try:
            conn = psycopg.connect(login, connect_timeout=5)
        except psycopg.OperationalError as exc:
            raise HubUnavailable(str(exc)) from exc
        with conn:
            yield PostgresSession(conn)

    def payloads(self) -> list[dict[str, Any]]:
        with psycopg.connect(self.url) as conn:
            return [r[0] for r in conn.execute("SELECT payload FROM ops ORDER BY seq")]

    def held(self) -> int:
        with psycopg.connect(self.url) as conn:
            return conn.execute("SELECT count(*) FROM ops").fetchone()[0]

    def epoch(self) -> str:
        with psycopg.connect(self.url) as conn:
            return conn.execute("SELECT value FROM hub_meta WHERE key = 'epoch'").fetchone()[0]

    def restore(self, keep: int) -> None:
        with psycopg.connect(self.url) as conn:  # the state of a backup taken at seq = keep
            conn.execute("DELETE FROM ops WHERE seq > %s", (keep,))
            conn.execute("UPDATE stations s SET last_seq = coalesce((SELECT max(station_seq) FROM ops o "
                         "WHERE o.station_id = s.station_id), 0)")
            conn.execute("UPDATE hub_meta SET value = %s WHERE key = 'epoch'", (secrets.token_hex(8),))

    def close(self) -> None:
        hub.remove_logins(self.url)
        self.admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(self.name)))
        self.admin.close()


TEXTS = st.sampled_from(["قطعی درگاه پرداخت", "Kubernetes down", "كاربر مديريت", "حادثهٔ مهم", "یادداشت"])
ACTIONS = st.one_of(
    st.tuples(st.just("declare"), st.integers(0, 9), TEXTS),
    st.tuples(st.just("title"), st.integers(0, 9), TEXTS),
    st.tuples(st.just("severity"), st.integers(0, 9), st.sampled_from(["sev1", "sev2", "sev3", "sev4"])),
    st.tuples(st.just("move"), st.integers(0, 9), st.sampled_from(["contained", "resolved", "declared", "cancelled"])),
    st.tuples(st.just("note"), st.integers(0, 9), TEXTS),
    st.tuples(st.just("task"), st.integers(0, 9), TEXTS),
    st.tuples(st.just("task_move"), st.integers(0, 9), st.sampled_from(["todo", "in_progress", "blocked", "done"])),
    st.tuples(st.just("person"), st.integers(0, 9), TEXTS),
    st.tuples(st.just("commander"), st.integers(0, 9), st.integers(0, 9)),
)


def _ids(store: Store, table: str) -> list[str]:
    return store.read(lambda c: [r[0] for r in c.execute(f"SELECT id FROM {table} ORDER BY id")])  # noqa: S608


def _act(store: Store, action: tuple) -> None:
    kind, index, value = action
    incident_ids = _ids(store, "incidents")
    if kind == "declare" or (not incident_ids and kind != "person"):
        store.run(incidents.declare, title=str(value))
        return
    incident = incident_ids[index % len(incident_ids)] if incident_ids else None
    if kind == "title":
        store.run(incidents.edit, incident, title=value)
    elif kind == "severity":
        store.run(incidents.edit, incident, severity=value)
    elif kind == "move":
        store.run(incidents.move, incident, value)
    elif kind == "note":
        store.run(timeline.add_note, incident, value)
    elif kind == "task":  # owned when someone is in the directory, so it can leave "to do"
        people = _ids(store, "people")
        store.run(tasks.add, incident, value, owner_id=people[0] if people else None)
    elif kind == "task_move":
        task_ids = _ids(store, "tasks")
        if task_ids:
            store.run(tasks.move, task_ids[index % len(task_ids)], value)
    elif kind == "person":
        store.run(directory.add_person, value)
    elif kind == "commander":
        people = _ids(store, "people")
        if people:
            store.run(roles.assign, incident, "commander", people[value % len(people)])


class SyncMachine(RuleBasedStateMachine):
    backend_type: type = DoubleBackend

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="crisisroom-prop-"))
        self.backend = self.backend_type()
        self.stations: list[Station] = []
        self.disaster = "hub"
        self.saved = client.PULL_PAGE, client.CATCH_UP
        client.PULL_PAGE, client.CATCH_UP = 7, 10  # several pages per round, and catch-ups pause search

    @initialize(skews=st.lists(st.integers(-600_000, 600_000), min_size=3, max_size=6),
                disaster=st.sampled_from(["hub", "station"]))
    def start(self, skews: list[int], disaster: str) -> None:
        self.disaster = disaster  # one kind per example: both at once can lose an op for good
        for n, skew in enumerate(skews):
            path = self.folder / f"s{n}.db"
            open_database(path, short_code=f"S{n}")
            self.stations.append(Station(path, Clock(skew), self.backend.add_station(f"s{n}")))
            if disaster == "station":
                self.stations[-1].take_backup()  # a station can always go back to its first day

    def _station(self, who: int) -> Station:
        return self.stations[who % len(self.stations)]

    @rule(who=st.integers(0, 5), action=ACTIONS)
    def edit(self, who: int, action: tuple) -> None:
        station = self._station(who)
        before = station.op_ids()
        try:
            _act(station.store, action)
        except CommandError:
            pass  # a move the lifecycle forbids from what this station knows: nothing written
        station.committed |= station.op_ids() - before

    @rule(who=st.integers(0, 5), fault=st.sampled_from(FAULTS), when=st.integers(1, 3), seed=st.integers(0, 99))
    def sync(self, who: int, fault: str, when: int, seed: int) -> None:
        station = self._station(who)
        before = station.op_ids()
        try:
            if station.partitioned:
                raise HubUnavailable("partitioned")
            with self.backend.session(station.login) as session:
                sync_with(Faulty(session, fault, when, station, random.Random(seed)), station.store)
        except HubUnavailable:
            pass  # offline: it keeps its outbox and tries again later
        except Crash:
            station.restart()
        finally:
            station.clock.armed = False
        station.committed |= station.op_ids() - before  # conflict entries are its commands too
        station.recovering -= station.op_ids()

    @rule(who=st.integers(0, 5))
    def partition(self, who: int) -> None:
        self._station(who).partitioned = True

    @rule(who=st.integers(0, 5))
    def heal(self, who: int) -> None:
        self._station(who).partitioned = False

    @rule(who=st.integers(0, 5))
    def crash(self, who: int) -> None:
        self._station(who).restart()

    @precondition(lambda self: self.stations and self.disaster == "hub")
    @rule(fraction=st.floats(0, 1))
    def restore_hub_from_backup(self, fraction: float) -> None:
        self.backend.restore(int(self.backend.held() * fraction))

    @rule(who=st.integers(0, 5))
    def back_up_station(self, who: int) -> None:
        self._station(who).take_backup()

    @precondition(lambda self: self.disaster == "station" and any(s.backup for s in self.stations))
    @rule(who=st.integers(0, 5))
    def restore_station_from_backup(self, who: int) -> None:
        """The laptop is restored from its backup: the edits it made since and never sent are
        gone (nothing can bring them back); those the hub holds must come back and none may be
        shadowed by a new edit numbered like them."""
        station = next(s for s in self.stations[who % len(self.stations):] + self.stations if s.backup)
        held = {p["op_id"] for p in self.backend.payloads()}
        kept = station.restore_backup()
        station.committed -= station.committed - kept - held
        station.recovering |= (station.committed & held) - kept
        station.epoch_cursor = (None, 0)  # its cursor went back with it

    @invariant()
    def nothing_committed_is_lost_and_cursors_never_go_back(self) -> None:
        held, hub_epoch = {p["op_id"] for p in self.backend.payloads()}, self.backend.epoch()
        for station in self.stations:
            assert station.committed - station.recovering <= station.op_ids()
            assert station.recovering <= held  # what a restore took away waits at the hub
            epoch, cursor = station.store.sync_position()
            if epoch == hub_epoch:  # (a restored hub lacks acked ops until they are offered again)
                assert station.acked_ids() <= held  # an ack means the hub has it
            last_epoch, last_cursor = station.epoch_cursor
            assert epoch != last_epoch or cursor >= last_cursor, (epoch, cursor, station.epoch_cursor)
            station.epoch_cursor = (epoch, cursor)

    def teardown(self) -> None:
        try:
            if self.stations:
                self._heal_and_check()
        finally:
            for station in self.stations:
                station.store.close()
            self.backend.close()
            client.PULL_PAGE, client.CATCH_UP = self.saved
            shutil.rmtree(self.folder, ignore_errors=True)

    def _heal_and_check(self) -> None:
        for _ in range(10):  # rounds until nothing moves (conflict entries are new ops to spread)
            moved = 0
            for station in self.stations:
                before = station.op_ids()
                with self.backend.session(station.login) as session:
                    result = sync_with(session, station.store)
                station.committed |= station.op_ids() - before
                station.recovering -= station.op_ids()
                moved += result.pushed + result.pulled + result.conflicts
            if moved == 0:
                break
        else:
            raise AssertionError("the stations did not settle")
        payloads = self.backend.payloads()
        held = [p["op_id"] for p in payloads]
        assert len(held) == len(set(held))  # the hub holds each op once
        committed = set().union(*(s.committed for s in self.stations))
        assert committed == set(held)  # every committed op reached the hub, and nothing else did
        reference = Store(open_database(self.folder / "reference.db", short_code="R"))
        ops = [Op.from_dict(p) for p in payloads]
        apply_all(reference, sorted(ops, key=lambda op: (op.hlc, op.station_id)))
        expected = canonical(reference)
        reference.close()
        for station in self.stations:
            assert not station.store.unacked() and not station.recovering  # the outbox drained, all came back
            seqs = [json.loads(p)["station_seq"] for p in station.store.read(lambda c: [r[0] for r in c.execute(
                "SELECT payload FROM outbox ORDER BY station_seq")])]
            assert seqs == list(range(1, len(seqs) + 1))  # one op per station_seq, none reused
            assert not station.store.search_paused()
            assert canonical(station.store) == expected


class PostgresSyncMachine(SyncMachine):
    backend_type = PostgresBackend


SETTINGS = {"deadline": None, "stateful_step_count": 30,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much]}
TestSyncAgainstTheHubDouble = SyncMachine.TestCase
TestSyncAgainstTheHubDouble.settings = settings(max_examples=60, **SETTINGS)
TestSyncAgainstPostgreSQL = PostgresSyncMachine.TestCase
TestSyncAgainstPostgreSQL.settings = settings(max_examples=30, **SETTINGS)
