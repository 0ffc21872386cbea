"""Ops: the unit of change that the outbox keeps, the hub orders and every station applies."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from desktop.models.base import from_wire_time, to_wire_time
from desktop.services.registry import entities

SCHEMA_VERSION = 1
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class MalformedOp(ValueError):
    """An op that cannot be applied as it is; nothing of it is applied."""


@dataclass(frozen=True, slots=True)
class Change:
    entity: str
    entity_id: str
    fields: dict[str, Any]  # wire values: str, int, bool, None; times as wire-time text


@dataclass(frozen=True, slots=True)
class Op:
    op_id: str
    station_id: str
    station_seq: int
    hlc: int
    operator_id: str | None
    changes: tuple[Change, ...]
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> str:
        return json.dumps({
            "op_id": self.op_id, "station_id": self.station_id, "station_seq": self.station_seq,
            "hlc": self.hlc, "operator_id": self.operator_id, "schema_version": self.schema_version,
            "changes": [[c.entity, c.entity_id, c.fields] for c in self.changes],
        }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> Op:
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise MalformedOp(f"not an op: {exc}") from exc
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: Any) -> Op:
        try:
            op = cls(
                op_id=raw["op_id"], station_id=raw["station_id"], station_seq=raw["station_seq"],
                hlc=raw["hlc"], operator_id=raw.get("operator_id"),
                schema_version=raw.get("schema_version", SCHEMA_VERSION),
                changes=tuple(Change(e, i, f) for e, i, f in raw["changes"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise MalformedOp(f"not an op: {exc}") from exc
        validate(op)
        return op


def wire_value(kind: str, value: Any) -> Any:
    """A Python value as it travels in an op (and is stored in SQLite)."""
    if value is None:
        return None
    if kind == "time":
        return to_wire_time(value) if isinstance(value, dt.datetime) else value
    if kind == "bool":
        return bool(value)
    return value


def _check_value(kind: str, value: Any) -> bool:
    if value is None:
        return True
    if kind == "time":
        if not isinstance(value, str):
            return False
        try:
            from_wire_time(value)
        except ValueError:
            return False
        return True
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


def validate(op: Op) -> None:
    """Refuses anything apply could not take whole: unknown entities or fields, wrong types."""
    if not (isinstance(op.op_id, str) and _UUID.match(op.op_id) and isinstance(op.station_id, str)
            and _UUID.match(op.station_id)):
        raise MalformedOp("bad op or station id")
    if not (isinstance(op.station_seq, int) and op.station_seq > 0 and isinstance(op.hlc, int)
            and 0 <= op.hlc < 1 << 63):
        raise MalformedOp("bad station_seq or hlc")
    if op.schema_version > SCHEMA_VERSION:
        raise MalformedOp(f"op schema {op.schema_version} is newer than this app's {SCHEMA_VERSION}")
    if not op.changes:
        raise MalformedOp("op without changes")
    specs = entities()
    for change in op.changes:
        spec = specs.get(change.entity)
        if spec is None:
            raise MalformedOp(f"unknown entity {change.entity!r}")
        if not (isinstance(change.entity_id, str) and _UUID.match(change.entity_id)):
            raise MalformedOp(f"bad id {change.entity_id!r}")
        if not isinstance(change.fields, dict) or not change.fields:
            raise MalformedOp("change without fields")
        for name, value in change.fields.items():
            if name not in spec.fields:
                raise MalformedOp(f"unknown field {change.entity}.{name}")
            if not _check_value(spec.kinds[name], value):
                raise MalformedOp(f"bad value for {change.entity}.{name}")
