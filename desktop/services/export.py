"""Canonical JSON of all shared data: two stations that have synced export the same bytes."""

from __future__ import annotations

import json
from typing import Any

from sqlite3 import Connection

from desktop.services.registry import entities


def snapshot(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every shared row, by table, in id order; stable keys as values, no station bookkeeping."""
    data: dict[str, list[dict[str, Any]]] = {}
    for spec in sorted(entities().values(), key=lambda s: s.table):
        columns = ["id", *sorted(spec.fields)]
        names = ", ".join(f'"{c}"' for c in columns)
        rows = []
        for values in conn.execute(f'SELECT {names} FROM "{spec.table}" ORDER BY id'):
            row = dict(zip(columns, tuple(values)))
            for name in columns:
                if spec.kinds.get(name) == "bool" and row[name] is not None:
                    row[name] = bool(row[name])
            rows.append(row)
        data[spec.table] = rows
    return data


def to_json(conn: Connection) -> str:
    return json.dumps(snapshot(conn), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
