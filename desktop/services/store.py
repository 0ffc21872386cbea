"""A station's database as the app uses it: reads through plain sqlite3, commands through the
write path (desktop.services.writer), which with SQLAlchemy is loaded on the first write.

Thread-agnostic: the GUI calls it from its single database worker, the CLI and tests directly.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop import db
from desktop.services import hlc
from desktop.services.changes import Changes
from desktop.services.station import Station

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from desktop.services.writer import Outcome

T = TypeVar("T")
_STATION = "SELECT station_id, short_code, name, kind, operator_id FROM station WHERE id = 1"


class Store:
    def __init__(self, path: Path | str, wall_clock: Callable[[], int] = hlc.wall_millis) -> None:
        self.path = Path(path)
        self.wall_clock = wall_clock  # milliseconds; tests skew it to play stations with bad clocks
        self._reader = db.connect(self.path)
        self._read_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.station = Station(*self._reader.execute(_STATION).fetchone())
        if self.search_paused():
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
        allowed = {"operator_id", "short_code", "name", "kind"}
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

    def run(self, command: Callable[..., Any], *args: Any, **kwargs: Any) -> Outcome:
        """Runs one command as one transaction and one op."""
        from desktop.services.writer import execute

        with self._write_lock, self._write_connection.begin():
            return execute(self._write_connection, self.station, self.wall_clock, command, args, kwargs)

    @contextmanager
    def batch(self) -> Iterator[Callable[..., Outcome]]:
        """Many commands, each its own op, in one transaction (bulk loads such as the demo).
        The runner's ``at`` back-dates a command's time and ``by`` names its operator, for
        loading history."""
        from desktop.services.writer import execute

        def run(command: Callable[..., Any], *args: Any, at: dt.datetime | None = None,
                by: str | None = None, **kwargs: Any) -> Outcome:
            station = replace(self.station, operator_id=by) if by else self.station
            return execute(self._write_connection, station, self.wall_clock, command, args, kwargs, at)

        with self._write_lock, self._write_connection.begin():
            yield run

    # -- sync bookkeeping: station-local rows, written outside commands (not shared data)
    def unacked(self) -> list[tuple[int, str]]:
        """(station_seq, op JSON) of every op the hub has not acknowledged, in order."""
        return self.read(lambda c: [(r[0], r[1]) for r in c.execute(
            "SELECT station_seq, payload FROM outbox WHERE NOT acked ORDER BY station_seq")])

    def acknowledge(self, upto: int) -> None:
        with self._write_lock, self._write_connection.begin():
            self._raw().execute("UPDATE outbox SET acked = 1 WHERE station_seq <= ? AND NOT acked", (upto,))

    def reoffer_outbox(self, after: int = 0) -> None:
        """After the hub was restored from a backup it may lack ops it had acknowledged: offer
        them again (the hub acknowledges the ones it holds without taking them twice)."""
        with self._write_lock, self._write_connection.begin():
            self._raw().execute("UPDATE outbox SET acked = 0 WHERE station_seq > ?", (after,))

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

    def apply_remote(self, ops: list, cursor: int, epoch: str) -> tuple[Changes, list[str], list]:
        """Applies a page of hub ops and moves the cursor in one transaction, through the same
        apply() as local commands. A malformed op is refused whole and reported, never half
        applied; the cursor moves past it so one bad op cannot stop a station."""
        from desktop.services.apply import apply_op
        from desktop.services.hlc import observe
        from desktop.services.ops import MalformedOp, Op, validate
        from desktop.text.calendar import utcnow
        from desktop.wire import to_wire_time

        checked, refused = [], []
        for raw in ops:
            try:
                if isinstance(raw, Op):
                    validate(raw)
                    checked.append(raw)
                else:
                    checked.append(Op.from_dict(raw))  # validates
            except MalformedOp as exc:
                refused.append(str(exc))
        parts: list[Changes] = []
        superseded: list = []  # this station's edits that newer ones from elsewhere replaced
        with self._write_lock, self._write_connection.begin():
            conn = self._raw()
            clock = conn.execute("SELECT hlc FROM station WHERE id = 1").fetchone()[0]
            conn.execute("SAVEPOINT page")
            try:  # the whole page at once; op by op only if something in it fails
                for op in checked:
                    applied = apply_op(conn, op, self.station.station_id)
                    parts.append(applied.changes)
                    superseded += applied.superseded
            except Exception:  # noqa: BLE001
                conn.execute("ROLLBACK TO page")
                parts, superseded = [], []
                for op in checked:
                    conn.execute("SAVEPOINT op")
                    try:
                        applied = apply_op(conn, op, self.station.station_id)
                        parts.append(applied.changes)
                        superseded += applied.superseded
                    except Exception as exc:  # noqa: BLE001 - a bad op must not stop the page
                        conn.execute("ROLLBACK TO op")
                        refused.append(f"{op.op_id}: {exc}")
                    conn.execute("RELEASE op")
            conn.execute("RELEASE page")
            for op in checked:
                clock = observe(clock, op.hlc, self.wall_clock())
            conn.execute("UPDATE station SET hlc = max(hlc, ?) WHERE id = 1", (clock,))
            conn.execute("UPDATE sync_state SET cursor = ?, hub_epoch = ?, last_synced_at = ? WHERE id = 1",
                         (cursor, epoch, to_wire_time(utcnow())))
        return Changes.union(parts), refused, superseded

    def _raw(self):  # noqa: ANN202 - the sqlite3 connection under the write connection
        return self._write_connection.connection.driver_connection

    def close(self) -> None:
        if "_write_connection" in self.__dict__:
            self._write_connection.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
        self._reader.close()
