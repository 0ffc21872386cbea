"""apply(op): the one merge function for local and remote ops (sync.md's rules).

- Mutable fields: last writer wins per field, ordered by (hlc, station_id) — never arrival time.
- Immutable fields (set when a row is created): first writer wins, under one clock named '*'.
  In practice only the creating op carries them; the rule just keeps forged ops commutative.
- Deletes are an LWW ``archived`` flag, so nothing is resurrected by an older edit.

Applying an op twice, or a set of ops in any order, leaves the same rows and clocks. It runs on
the raw sqlite3 connection of the caller's transaction: it is the hot path of writes and sync.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from desktop.services.changes import Changes
from desktop.services.ops import Op
from desktop.services.registry import spec

IMMUTABLE_CLOCK = "*"

_SET_CLOCK = ("INSERT INTO field_clocks (entity, entity_id, field, hlc, station_id) VALUES (?, ?, ?, ?, ?) "
              "ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, "
              "station_id = excluded.station_id")


@dataclass(frozen=True)
class Superseded:
    """A field this station had written that a newer op from another station overwrote."""

    entity: str
    entity_id: str
    field: str
    incident_id: str | None


@dataclass
class Applied:
    changes: Changes = field(default_factory=Changes)
    superseded: list[Superseded] = field(default_factory=list)


@lru_cache(maxsize=64)
def _clocks_sql(count: int) -> str:
    marks = ", ".join("?" * count)
    return (f"SELECT field, hlc, station_id FROM field_clocks WHERE entity = ? AND entity_id = ? "
            f"AND field IN ({marks})")


def _clocks(conn: sqlite3.Connection, entity: str, entity_id: str,
            fields: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    """The clocks of just the fields an op writes (an incident has some forty)."""
    if not fields:
        return {}
    return {f: (h, s) for f, h, s in conn.execute(_clocks_sql(len(fields)), (entity, entity_id, *fields))}


@lru_cache(maxsize=512)
def _upsert_sql(table: str, columns: tuple[str, ...], returning: bool) -> str:
    names = ", ".join(f'"{c}"' for c in ("id", *columns))
    marks = ", ".join("?" * (len(columns) + 1))
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {sets}'
    return sql + (" RETURNING incident_id" if returning else "")


def concurrent(conn: sqlite3.Connection, local_hlc: int, seen: int | None) -> bool:
    """Whether this station's op stamped ``local_hlc`` was unknown to the author of an op that
    had pulled the hub up to ``seen``: not yet on the hub, or placed after that. An op no longer
    in the outbox went to the hub long ago (it is kept for the retention window): seen."""
    row = conn.execute("SELECT hub_seq FROM outbox WHERE hlc = ?", (local_hlc,)).fetchone()
    if row is None:
        return False
    return row[0] is None or seen is None or row[0] > seen


def apply_op(conn: sqlite3.Connection, op: Op, local_station: str | None = None) -> Applied:
    """Merges ``op`` into the database inside the caller's transaction. The op must be validated."""
    stamp = (op.hlc, op.station_id)
    touched: list[tuple[str, str]] = []
    incidents: set[str] = set()
    superseded: list[Superseded] = []
    for change in op.changes:
        entity = spec(change.entity)
        clocks = _clocks(conn, change.entity, change.entity_id,
                         tuple(f for f in change.fields if f not in entity.immutable)
                         + ((IMMUTABLE_CLOCK,) if entity.immutable & change.fields.keys() else ()))
        values: dict[str, Any] = {}
        clock_rows = []
        lost_local: list[str] = []
        immutable = {k: v for k, v in change.fields.items() if k in entity.immutable}
        if immutable:
            held = clocks.get(IMMUTABLE_CLOCK)
            if held is None or stamp < held:
                values.update(immutable)
                clock_rows.append(IMMUTABLE_CLOCK)
        for name, value in change.fields.items():
            if name in entity.immutable:
                continue
            held = clocks.get(name)
            if held is None or stamp > held:
                values[name] = value
                clock_rows.append(name)
                if held is not None and local_station and held[1] == local_station != op.station_id \
                        and concurrent(conn, held[0], op.seen):
                    lost_local.append(name)
        if not values:
            continue  # every field lost to a newer write (or this op was applied already)
        for column, (source, function) in entity.derived.items():
            if source in values:
                values[column] = function(values[source])
        columns = tuple(values)
        sql = _upsert_sql(entity.table, columns, entity.has_incident)
        cursor = conn.execute(sql, (change.entity_id, *values.values()))
        incident_id = cursor.fetchone()[0] if entity.has_incident else None
        conn.executemany(_SET_CLOCK, [(change.entity, change.entity_id, f, op.hlc, op.station_id)
                                      for f in clock_rows])
        touched.append((change.entity, change.entity_id))
        if change.entity == "incident":
            incidents.add(change.entity_id)
        elif incident_id:
            incidents.add(incident_id)
        superseded.extend(Superseded(change.entity, change.entity_id, f, incident_id or
                                     (change.entity_id if change.entity == "incident" else None))
                          for f in lost_local)
    return Applied(Changes.of(touched, incidents), superseded)
