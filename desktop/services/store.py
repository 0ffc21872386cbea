"""A station's database as the app uses it: reads through plain sqlite3, commands through the
write path (desktop.services.writer), which with SQLAlchemy is loaded on the first write.

Thread-agnostic: the GUI calls it from its single database worker, the CLI and tests directly.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop import db
from desktop.services import hlc
from desktop.services.changes import Changes
from desktop.services.station import Station

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from desktop.services.writer import Committed

T = TypeVar("T")


@dataclass(frozen=True)
class Quarantined:
    """An op from the hub not applied: ``held`` until it can be, or ``refused`` for good.
    ``code``/``params`` say why in words the views translate (labels.op_refusal)."""

    seq: int  # its hub position
    op_id: str | None
    payload: Any
    state: str
    code: str
    params: dict
    detail: str  # for the log

    def row(self) -> tuple:
        import json

        payload = None if self.payload is None else json.dumps(self.payload, ensure_ascii=False, sort_keys=True)
        return (self.seq, self.op_id, payload, self.state, self.code,
                json.dumps(self.params, ensure_ascii=False, sort_keys=True))


@dataclass
class Pulled:
    """What a page of hub ops did here."""

    applied: list = field(default_factory=list)  # the ops applied, in order
    parts: list[Changes] = field(default_factory=list)
    superseded: list = field(default_factory=list)  # this station's edits newer ones replaced
    quarantined: list[Quarantined] = field(default_factory=list)

    @property
    def changes(self) -> Changes:
        return Changes.union(self.parts)
_STATION = "SELECT station_id, short_code, name, kind, operator_id, demo FROM station WHERE id = 1"


class Store:
    def __init__(self, path: Path | str, wall_clock: Callable[[], int] = hlc.wall_millis,
                 readonly: bool = False) -> None:
        self.path = Path(path)
        self.wall_clock = wall_clock  # milliseconds; tests skew it to play stations with bad clocks
        # readonly: to look only (db.open_read_only): reads never touch the file; nothing may write.
        self.readonly = readonly
        self._reader = db.connect_read_only(self.path) if readonly else db.connect(self.path)
        self._read_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.station = Station(*self._reader.execute(_STATION).fetchone())
        if not readonly and self.search_paused():
            self.resume_search()  # a catch-up stopped before it could rebuild the indexes

    @cached_property
    def engine(self) -> Engine:
        return db.make_engine(self.path)

    @cached_property
    def _write_connection(self) -> Connection:
        # One connection kept for writes: no pool round trip per command (half the cost of an edit).
        return self.engine.execution_options(immediate=True).connect()

    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs ``query(connection, *args)`` in one read transaction (a consistent snapshot)."""
        with self._read_lock:
            self._reader.execute("BEGIN")
            try:
                return query(self._reader, *args, **kwargs)
            finally:
                self._reader.execute("COMMIT")

    def set_station(self, **fields: Any) -> None:
        """Station-local settings: operator_id (who acts here), short_code (prefix of human
        references), name, kind (wall|coordinator|field)."""
        allowed = {"operator_id", "short_code", "name", "kind", "demo"}
        if set(fields) - allowed:
            raise KeyError(sorted(set(fields) - allowed))
        sets = ", ".join(f"{k} = :{k}" for k in fields)
        from sqlalchemy import text

        with self._write_lock, self._write_connection.begin():
            self._write_connection.execute(text(f"UPDATE station SET {sets} WHERE id = 1"), fields)
        self.reload_station()

    def reload_station(self) -> None:
        """After another Store on this database (the settings, on the GUI's worker) changed it."""
        self.station = self.read(lambda conn: Station(*conn.execute(_STATION).fetchone()))

    def run(self, command: Callable[..., Any], *args: Any, by: str | None = None, **kwargs: Any) -> Committed:
        """Runs one command as one transaction and one op; ``by`` names its operator when not
        the station's (a person adding themselves as the one at the station)."""
        from desktop.services.writer import execute

        station = replace(self.station, operator_id=by) if by else self.station
        with self._write_lock, self._write_connection.begin():
            return execute(self._write_connection, station, self.wall_clock, command, args, kwargs)

    @contextmanager
    def batch(self) -> Iterator[Callable[..., Committed]]:
        """Many commands, each its own op, in one transaction (bulk loads such as the demo).
        The runner's ``at`` back-dates a command's time and ``by`` names its operator, for
        loading history."""
        from desktop.services.writer import execute

        def run(command: Callable[..., Any], *args: Any, at: dt.datetime | None = None,
                by: str | None = None, **kwargs: Any) -> Committed:
            station = replace(self.station, operator_id=by) if by else self.station
            return execute(self._write_connection, station, self.wall_clock, command, args, kwargs, at)

        with self._write_lock, self._write_connection.begin():
            yield run

    # -- sync bookkeeping: station-local rows, written outside commands (not shared data)
    def unacked(self) -> list[tuple[int, str]]:
        """(station_seq, op JSON) of every op the hub has not acknowledged, in order."""
        return self.read(lambda c: [(r[0], r[1]) for r in c.execute(
            "SELECT station_seq, payload FROM outbox WHERE NOT acked ORDER BY station_seq")])

    def acked_through(self) -> int:
        """The last station_seq the hub acknowledged (0 before the first)."""
        row = self.read(lambda c: c.execute(  # from the top down: the acked ops are a prefix
            "SELECT station_seq FROM outbox WHERE acked ORDER BY station_seq DESC LIMIT 1").fetchone())
        return row[0] if row else 0

    def acknowledge(self, upto: int, refused: list[tuple[int, str]] = ()) -> None:
        """The hub holds this station's ops up to ``upto``; ``refused`` (seq, reason) of them took
        their place without being taken (against the hub's rules)."""
        with self._write_lock, self._write_connection.begin():
            conn = self._raw()
            conn.execute("UPDATE outbox SET acked = 1 WHERE station_seq <= ? AND NOT acked", (upto,))
            conn.executemany("UPDATE outbox SET refused = ? WHERE station_seq = ?",
                             [(reason[:32], seq) for seq, reason in refused])

    def refused_by_hub(self) -> list[tuple[int, str, str]]:
        """(station_seq, op id, reason) of this station's ops the hub refused."""
        return self.read(lambda c: [tuple(r) for r in c.execute(
            "SELECT station_seq, op_id, refused FROM outbox INDEXED BY ix_outbox_refused WHERE refused IS NOT NULL "
            "ORDER BY station_seq")])

    def reoffer_outbox(self, after: int = 0) -> None:
        """After the hub was restored from a backup it may lack ops it had acknowledged: offer
        them again (the hub acknowledges the ones it holds without taking them twice)."""
        with self._write_lock, self._write_connection.begin():
            self._raw().execute("UPDATE outbox SET acked = 0, hub_seq = NULL WHERE station_seq > ?", (after,))

    def adopt_identity(self, station_id: str, last_seq: int) -> bool:
        """A database that has never written an op takes the station id its hub login is bound
        to (the same laptop set up again), and counts on from that station's last op. False
        when it has ops of its own: it is another station, and must not speak as this one."""
        with self._write_lock, self._write_connection.begin():
            conn = self._raw()
            if conn.execute("SELECT 1 FROM outbox LIMIT 1").fetchone():
                return False
            conn.execute("UPDATE station SET station_id = ?, last_seq = max(last_seq, ?) WHERE id = 1",
                         (station_id, last_seq))
        self.reload_station()
        return True

    def recover_own_ops(self, theirs: list[tuple[int, str | None, Any, str | None, str | None]], hub_last: int) -> int:
        """The hub holds ops of this station that this database lacks or numbers differently: it
        was restored from a backup, or copied and used elsewhere under the same login. Puts the
        hub's ops back (acknowledged, and applied: they are this station's edits), and moves
        this station's ops that the hub does not hold after ``hub_last``, in their order, so no
        station_seq is ever used for two ops. ``theirs``: (seq, op id, op or None, refusal, the
        refused op's text) from the hub. Returns how many ops were renumbered."""
        from desktop.services.apply import apply_op
        from desktop.services.hlc import observe
        from desktop.services.ops import Op
        from desktop.text.calendar import utcnow
        from desktop.wire import to_wire_time

        held = {op_id for _, op_id, _, _, _ in theirs if op_id}
        with self._write_lock, self._write_connection.begin():
            conn = self._raw()
            unacked = conn.execute("SELECT station_seq, op_id, payload FROM outbox WHERE NOT acked "
                                   "ORDER BY station_seq").fetchall()
            moving = [(seq, payload) for seq, op_id, payload in unacked if op_id not in held]
            conn.executemany("DELETE FROM outbox WHERE station_seq = ?",  # the hub's copy replaces them
                             [(seq,) for seq, op_id, _ in unacked if op_id in held])
            for seq, _payload in moving:  # out of the way first: station_seq is the key
                conn.execute("UPDATE outbox SET station_seq = ? WHERE station_seq = ?", (-seq, seq))
            clock = conn.execute("SELECT hlc FROM station WHERE id = 1").fetchone()[0]
            now = to_wire_time(utcnow())
            for seq, op_id, op, refusal, raw in theirs:
                if op is not None:
                    recovered = Op.from_dict(op)
                    apply_op(conn, recovered, self.station.station_id)
                    clock = observe(clock, recovered.hlc, self.wall_clock())
                    text, hlc = recovered.to_json(), recovered.hlc
                else:  # refused at the hub: kept as sent, so a hub restored later gets its place filled
                    text, hlc = raw or "", 0
                conn.execute("INSERT OR REPLACE INTO outbox (station_seq, op_id, hlc, payload, created_at, acked, "
                             "refused) VALUES (?, ?, ?, ?, ?, 1, ?)", (seq, op_id or f"refused-{seq}", hlc, text, now,
                                                                       refusal))
            for n, (seq, payload) in enumerate(moving, start=1):
                op = Op.from_json(payload)
                conn.execute("UPDATE outbox SET station_seq = ?, payload = ? WHERE station_seq = ?",
                             (hub_last + n, replace(op, station_seq=hub_last + n).to_json(), -seq))
            conn.execute("UPDATE station SET hlc = max(hlc, ?), last_seq = max(last_seq, ?) WHERE id = 1",
                         (clock, hub_last + len(moving)))
        return len(moving)

    def rebase_clock(self, limit_ms: int) -> int:
        """This station's clock ran ahead (its wall clock was wrong, and has been set right): its
        ops that no one has seen yet and that are stamped past ``limit_ms`` are stamped again from
        now, in their order, with the fields they won; the station's clock comes back. Without
        it the hub would refuse every edit made here until that far-off time. Returns how many."""
        from desktop.services.ops import Op

        limit = hlc.pack(limit_ms, hlc.COUNTER_MASK)
        if not self.read(lambda c: c.execute(  # the usual answer, without taking the write lock
                "SELECT (SELECT hlc FROM station WHERE id = 1) > ? OR coalesce((SELECT hlc FROM outbox "
                "ORDER BY station_seq DESC LIMIT 1), 0) > ?", (limit, limit)).fetchone()[0]):  # the newest is the latest
            return 0
        with self._write_lock, self._write_connection.begin():
            conn = self._raw()
            ahead = conn.execute("SELECT station_seq, hlc, payload FROM outbox WHERE NOT acked AND hlc > ? "
                                 "ORDER BY station_seq", (limit,)).fetchall()
            station_clock = conn.execute("SELECT hlc FROM station WHERE id = 1").fetchone()[0]
            if not ahead and station_clock <= limit:
                return 0
            floor = conn.execute("SELECT coalesce(max(hlc), 0) FROM outbox WHERE hlc <= ?", (limit,)).fetchone()[0]
            floor = max(floor, conn.execute("SELECT coalesce(max(hlc), 0) FROM field_clocks WHERE hlc <= ?",
                                            (limit,)).fetchone()[0])
            clock = floor
            me = self.station.station_id
            for seq, old, payload in ahead:
                clock = hlc.tick(clock, min(self.wall_clock(), limit_ms))
                restamped = replace(Op.from_json(payload), hlc=clock).to_json()
                conn.execute("UPDATE outbox SET hlc = ?, payload = ? WHERE station_seq = ?", (clock, restamped, seq))
                conn.execute("UPDATE field_clocks SET hlc = ? WHERE hlc = ? AND station_id = ?", (clock, old, me))
            conn.execute("UPDATE station SET hlc = ? WHERE id = 1", (clock,))
        return len(ahead)

    def enter_epoch(self, epoch: str) -> None:
        """The hub's epoch, the first time this station meets the hub (cursor still 0)."""
        with self._write_lock, self._write_connection.begin():
            self._raw().execute("UPDATE sync_state SET hub_epoch = ? WHERE id = 1 AND hub_epoch IS NULL", (epoch,))

    def hub_url(self) -> str | None:
        """The hub this station syncs with, without its password (sync.credentials)."""
        return self.read(lambda c: c.execute("SELECT hub_url FROM sync_state WHERE id = 1").fetchone()[0])

    def remember_hub(self, url: str) -> None:
        with self._write_lock, self._write_connection.begin():
            self._raw().execute("UPDATE sync_state SET hub_url = ? WHERE id = 1", (url,))

    def sync_status(self) -> tuple[dt.datetime | None, int]:
        """When this station last synced, and how many of its ops wait to be pushed."""
        from desktop.wire import from_wire_time

        at, waiting = self.read(lambda c: c.execute(
            "SELECT (SELECT last_synced_at FROM sync_state WHERE id = 1), "
            "(SELECT count(*) FROM outbox WHERE NOT acked)").fetchone())
        return (from_wire_time(at) if at else None), waiting

    def sync_position(self) -> tuple[str | None, int]:
        return self.read(lambda c: tuple(c.execute("SELECT hub_epoch, cursor FROM sync_state WHERE id = 1").fetchone()))

    def pause_search(self) -> None:
        """Stops the search-index triggers for a large catch-up (they take a third of its time);
        resume_search() rebuilds the indexes once. Kept in the database, so a crash in between
        is repaired when the database is next opened."""
        with self._write_lock, self._write_connection.begin():
            self._raw().execute("UPDATE sync_state SET search_paused = 1 WHERE id = 1")

    def search_paused(self) -> bool:
        return bool(self.read(lambda c: c.execute("SELECT search_paused FROM sync_state WHERE id = 1").fetchone()[0]))

    def resume_search(self) -> None:
        from desktop.services.queries import rebuild_search

        with self._write_lock, self._write_connection.begin():
            rebuild_search(self._raw())
            self._raw().execute("UPDATE sync_state SET search_paused = 0 WHERE id = 1")

    def apply_remote(self, rows: list[tuple[int, Any]], cursor: int, epoch: str,
                     reference_ms: int | None = None) -> Pulled:
        """Applies a page of hub ops ((seq, op) pairs) and moves the cursor in one transaction,
        through the same apply() as local commands. An op is applied whole or not at all: one
        against the rules is refused, one stamped more than MAX_AHEAD past ``reference_ms`` (this
        station's clock, or the hub's if later) or referring to what has not arrived is held and
        applied once it can be; each is recorded once with its hub position. The cursor moves
        past them all, so no op can stop a station."""
        from desktop.services.hlc import observe
        from desktop.text.calendar import utcnow
        from desktop.wire import to_wire_time

        reference = max(self.wall_clock(), reference_ms or 0)
        with self._write_lock, self._write_connection.begin():
            conn = self._raw()
            clock = conn.execute("SELECT hlc FROM station WHERE id = 1").fetchone()[0]
            now = to_wire_time(utcnow())
            conn.execute("SAVEPOINT page")
            try:  # the page whole; op by op (each in a savepoint) only if an apply fails
                pulled = self._take_page(conn, rows, reference, guarded=False)
            except Exception:  # noqa: BLE001
                conn.execute("ROLLBACK TO page")
                pulled = self._take_page(conn, rows, reference, guarded=True)
            conn.execute("RELEASE page")
            for op in pulled.quarantined:
                conn.execute("INSERT OR IGNORE INTO quarantine (seq, op_id, payload, state, code, params, at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", (*op.row(), now))
            for op in pulled.applied:
                clock = observe(clock, op.hlc, self.wall_clock())
            if pulled.applied and conn.execute("SELECT 1 FROM quarantine WHERE state = 'held' LIMIT 1").fetchone():
                clock = self._release_held(conn, reference, pulled, clock)
            conn.execute("UPDATE station SET hlc = max(hlc, ?) WHERE id = 1", (clock,))
            conn.execute("UPDATE sync_state SET cursor = ?, hub_epoch = ?, last_synced_at = ? WHERE id = 1",
                         (cursor, epoch, now))
        return pulled

    def _take_page(self, conn, rows: list[tuple[int, Any]], reference: int, guarded: bool) -> Pulled:  # noqa: ANN001
        pulled, known = Pulled(), set()
        mine = self._own_op_ids(conn, rows)
        for seq, raw in rows:
            if isinstance(raw, dict) and raw.get("op_id") in mine:
                continue  # this station's own op, applied when it was made: nothing to do again
            verdict = self._take(conn, seq, raw, reference, pulled, known, guarded)
            if verdict is not None:
                pulled.quarantined.append(verdict)
        return pulled

    def _own_op_ids(self, conn, rows: list[tuple[int, Any]]) -> set[str]:  # noqa: ANN001
        """Op ids of the page's ops this station wrote and still has in its outbox (a pushing
        station gets all its ops back from the hub; a restored one gets back what it lacks,
        and those are not in its outbox). Each one's hub position is noted on the way, before
        the page's later ops are judged against it (see apply.concurrent)."""
        me = self.station.station_id
        own = {raw.get("station_seq"): seq for seq, raw in rows
               if isinstance(raw, dict) and raw.get("station_id") == me}
        seqs = [n for n in own if type(n) is int]
        if not seqs:
            return set()
        found = conn.execute("SELECT station_seq, op_id FROM outbox WHERE station_seq BETWEEN ? AND ?",
                             (min(seqs), max(seqs))).fetchall()
        conn.executemany("UPDATE outbox SET hub_seq = ? WHERE station_seq = ?",
                         [(own[n], n) for n, _ in found if n in own])
        return {op_id for _, op_id in found}

    def _take(self, conn, seq: int, raw: Any, reference: int, pulled: Pulled,  # noqa: ANN001
              known: set | None = None, guarded: bool = True) -> Quarantined | None:
        """Applies one op from the hub, or says why not. ``guarded``: in a savepoint of its own,
        so an op that fails to apply is refused alone."""
        from desktop.services.apply import apply_op
        from desktop.services.hlc import MAX_AHEAD_MS, millis
        from desktop.services.ops import MalformedOp, Op
        from desktop.services.registry import missing_references

        try:
            op = Op.from_dict(raw)
        except MalformedOp as exc:
            op_id = raw.get("op_id") if isinstance(raw, dict) and isinstance(raw.get("op_id"), str) else None
            return Quarantined(seq, op_id, None, "refused", exc.code, exc.params, str(exc))
        payload = raw  # as the hub served it: a held op is judged again from it
        ahead = millis(op.hlc) - reference
        if ahead > MAX_AHEAD_MS:
            return Quarantined(seq, op.op_id, payload, "held", "clock_ahead", {"minutes": ahead // 60_000},
                               f"its clock is {ahead // 60_000} minutes ahead")
        missing = missing_references(conn, [((c.entity, c.entity_id), c.fields) for c in op.changes], known)
        if missing:
            return Quarantined(seq, op.op_id, payload, "held", "missing_ref",
                               {"entity": missing[0][0], "id": missing[0][1]}, f"waits for {missing[0][0]} {missing[0][1]}")
        if not guarded:
            applied = apply_op(conn, op, self.station.station_id)
        else:
            conn.execute("SAVEPOINT op")
            try:
                applied = apply_op(conn, op, self.station.station_id)
            except Exception as exc:  # noqa: BLE001 - e.g. a value SQLite cannot store: refuse it, go on
                conn.execute("ROLLBACK TO op")
                conn.execute("RELEASE op")
                return Quarantined(seq, op.op_id, payload, "refused", "malformed", {}, str(exc))
            conn.execute("RELEASE op")
        pulled.applied.append(op)
        pulled.parts.append(applied.changes)
        pulled.superseded += applied.superseded
        return None

    def _release_held(self, conn, reference: int, pulled: Pulled, clock: int) -> int:  # noqa: ANN001
        """Applies held ops that now can be (their parent arrived), in hub order, until none can."""
        import json

        from desktop.services.hlc import observe

        while True:
            released = 0
            for seq, payload in conn.execute("SELECT seq, payload FROM quarantine WHERE state = 'held' "
                                             "ORDER BY seq").fetchall():
                if self._take(conn, seq, json.loads(payload), reference, pulled) is None:
                    conn.execute("DELETE FROM quarantine WHERE seq = ?", (seq,))
                    clock = observe(clock, pulled.applied[-1].hlc, self.wall_clock())
                    released += 1
            if not released:
                return clock

    def quarantine(self) -> list[Quarantined]:
        """Ops from the hub held or refused, in hub order."""
        import json

        return self.read(lambda c: [Quarantined(seq, op_id, None, state, code, json.loads(params), "")
                                    for seq, op_id, state, code, params in c.execute(
                                        "SELECT seq, op_id, state, code, params FROM quarantine ORDER BY seq")])

    def forget_quarantine(self) -> None:
        """The hub was restored (a new epoch): its positions mean something else now, and every
        op will be pulled and judged again."""
        with self._write_lock, self._write_connection.begin():
            self._raw().execute("DELETE FROM quarantine")

    def _raw(self):  # noqa: ANN202 - the sqlite3 connection under the write connection
        return self._write_connection.connection.driver_connection

    def close(self) -> None:
        if "_write_connection" in self.__dict__:
            self._write_connection.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
        self._reader.close()
