"""Helpers for tests that need station databases and their ops."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.db import open_database
from desktop.services.apply import apply_op
from desktop.services.export import to_json
from desktop.services.ops import Op
from desktop.services.store import Store


def new_store(path: Path, code: str = "T1") -> Store:
    return Store(open_database(path, short_code=code))


def outbox(store: Store) -> list[Op]:
    rows = store.read(lambda conn: conn.execute("SELECT payload FROM outbox ORDER BY station_seq").fetchall())
    return [Op.from_json(r[0]) for r in rows]


def apply_all(store: Store, ops: list[Op]) -> None:
    """Applies ops as if they came from the hub: one transaction, the same apply()."""
    with store.engine.execution_options(immediate=True).begin() as conn:
        raw = conn.connection.driver_connection
        for op in ops:
            apply_op(raw, op, store.station.station_id)


def export(store: Store) -> str:
    return store.read(to_json)


def clocks(store: Store) -> list[tuple]:
    return store.read(lambda conn: [tuple(r) for r in conn.execute(
        "SELECT entity, entity_id, field, hlc, station_id FROM field_clocks ORDER BY 1, 2, 3")])


def scalar(store: Store, sql: str, params: dict | tuple = ()) -> object:
    row = store.read(lambda conn: conn.execute(sql, params).fetchone())
    return row[0] if row else None


def rows(store: Store, sql: str, params: dict | tuple = ()) -> list[tuple]:
    return store.read(lambda conn: [tuple(r) for r in conn.execute(sql, params)])


def canonical(store: Store) -> tuple[str, list[tuple]]:
    return export(store), clocks(store)


def load_json(store: Store) -> dict:
    return json.loads(export(store))
