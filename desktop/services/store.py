"""A station's database as the app uses it: reads through plain sqlite3, commands through the
write path (desktop.services.writer), which with SQLAlchemy is loaded on the first write.

Thread-agnostic: the GUI calls it from its single database worker, the CLI and tests directly.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop import db
from desktop.services import hlc
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

    def close(self) -> None:
        if "_write_connection" in self.__dict__:
            self._write_connection.close()
        if "engine" in self.__dict__:
            self.engine.dispose()
        self._reader.close()
