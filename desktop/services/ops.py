"""Ops: the unit of change that the outbox keeps, the hub orders and every station applies."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from desktop.models.base import from_wire_time, to_wire_time
from desktop.services.registry import EntitySpec, entities
from desktop.text.normalize import is_blank

SCHEMA_VERSION = 1
MAX_OP_BYTES = 262_144  # one op's JSON, as the hub takes it; a field's own limit is far below (registry.py)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class MalformedOp(ValueError):
    """An op that cannot be applied as it is; nothing of it is applied. ``code`` and ``params``
    say why in words the views translate (labels.op_refusal): malformed, unknown_entity,
    unknown_field, bad_value, unknown_value, too_long, control_characters, blank."""

    def __init__(self, detail: str, code: str = "malformed", **params: Any) -> None:
        super().__init__(detail)
        self.code, self.params = code, params


# Text may hold tabs and line breaks, nothing else below a space: a NUL stops PostgreSQL and
# the rest are invisible garbage. Lone surrogates cannot be stored as UTF-8 at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_INT_RANGE = range(-(1 << 31), 1 << 31)


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
    # The hub position its station had pulled when it was written: what its author had seen.
    # A field it replaces was written concurrently (a conflict) only if that came later.
    seen: int | None = None

    def to_json(self) -> str:
        raw = {"op_id": self.op_id, "station_id": self.station_id, "station_seq": self.station_seq,
               "hlc": self.hlc, "operator_id": self.operator_id, "schema_version": self.schema_version,
               "changes": [[c.entity, c.entity_id, c.fields] for c in self.changes]}
        if self.seen is not None:
            raw["seen"] = self.seen
        return json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> Op:
        try:
            raw = json.loads(text)
        except (ValueError, RecursionError) as exc:  # a crafted op nested thousands deep, too
            raise MalformedOp(f"not an op: {type(exc).__name__}") from None
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: Any) -> Op:
        try:
            op = cls(
                op_id=raw["op_id"], station_id=raw["station_id"], station_seq=raw["station_seq"],
                hlc=raw["hlc"], operator_id=raw.get("operator_id"),
                schema_version=raw.get("schema_version", SCHEMA_VERSION),
                changes=tuple(Change(e, i, f) for e, i, f in raw["changes"]), seen=raw.get("seen"),
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
        return isinstance(value, int) and not isinstance(value, bool) and value in _INT_RANGE
    return isinstance(value, str)


def check_field(spec: EntitySpec, name: str, value: Any) -> None:
    """The rules every value meets, from a local command or another station: its type, one of
    the field's stable keys, within its length, no control characters, not made only of
    characters that draw nothing (an empty text is a command's business). Raises MalformedOp.
    (On the path of every op applied: the common case does no more than it must.)"""
    rule = spec.checks.get(name)
    if rule is None:
        raise MalformedOp(f"unknown field {spec.name}.{name}", "unknown_field", field=f"{spec.name}.{name}")
    if value is None:
        return
    kind, allowed, limit = rule
    if kind != "str" or type(value) is not str:
        if not _check_value(kind, value):
            raise MalformedOp(f"bad value for {spec.name}.{name}", "bad_value", field=f"{spec.name}.{name}")
        if kind != "str":
            return
    if allowed is not None and value not in allowed:
        raise MalformedOp(f"unknown value {value[:40]!r} for {spec.name}.{name}", "unknown_value",
                          field=f"{spec.name}.{name}", value=value[:40])
    if limit is not None and len(value) > limit:
        raise MalformedOp(f"{spec.name}.{name} is longer than {limit} characters", "too_long",
                          field=f"{spec.name}.{name}", limit=limit)
    if _CONTROL.search(value):
        raise MalformedOp(f"{spec.name}.{name} holds control characters", "control_characters",
                          field=f"{spec.name}.{name}")
    if value and is_blank(value):  # stops at the first visible letter: one look for most values
        raise MalformedOp(f"{spec.name}.{name} shows nothing: only invisible characters", "blank",
                          field=f"{spec.name}.{name}")


def _check_details(text: str) -> None:
    """A timeline entry's details are a JSON object whose known keys hold what the describers
    read: an entry is never changed once written, so a bad one would break its incident's
    timeline and postmortem for good."""
    try:
        details = json.loads(text)
    except ValueError:
        raise MalformedOp("timeline details are not JSON", "bad_value", field="timeline_entry.details") from None
    shapes = {"changes": list, "review": dict, "review_override": list, "fields": list, "people": list}
    if not isinstance(details, dict) or any(
            key in details and not isinstance(details[key], kind) for key, kind in shapes.items()):
        raise MalformedOp("timeline details of the wrong shape", "bad_value", field="timeline_entry.details")
    if any(not isinstance(change, list) or len(change) != 3 or not isinstance(change[0], str)
           for change in details.get("changes", [])):
        raise MalformedOp("a timeline change is not [field, before, after]", "bad_value",
                          field="timeline_entry.details")
    if any(not isinstance(v, bool) for v in details.get("review", {}).values()) or any(
            not isinstance(item, str) for item in details.get("review_override", [])):
        raise MalformedOp("a review entry of the wrong shape", "bad_value", field="timeline_entry.details")


def validate(op: Op) -> None:
    """Refuses anything apply could not take whole, or that no local command would write:
    unknown entities or fields, wrong types, unknown keys, too long, control characters."""
    if not (isinstance(op.op_id, str) and _UUID.fullmatch(op.op_id) and isinstance(op.station_id, str)
            and _UUID.fullmatch(op.station_id)):
        raise MalformedOp("bad op or station id")
    if not (isinstance(op.station_seq, int) and op.station_seq > 0 and isinstance(op.hlc, int)
            and 0 <= op.hlc < 1 << 63):
        raise MalformedOp("bad station_seq or hlc")
    if op.seen is not None and not (type(op.seen) is int and 0 <= op.seen < 1 << 63):
        raise MalformedOp("bad seen position")
    if not isinstance(op.schema_version, int) or op.schema_version > SCHEMA_VERSION:
        raise MalformedOp(f"op schema {op.schema_version} is newer than this app's {SCHEMA_VERSION}", "newer_schema")
    if op.operator_id is not None and not (isinstance(op.operator_id, str) and _UUID.fullmatch(op.operator_id)):
        raise MalformedOp("bad operator id")
    if not op.changes:
        raise MalformedOp("op without changes")
    specs = entities()
    for change in op.changes:
        spec = specs.get(change.entity) if isinstance(change.entity, str) else None
        if spec is None:
            raise MalformedOp(f"unknown entity {str(change.entity)[:40]!r}", "unknown_entity",
                              entity=str(change.entity)[:40])
        if not (isinstance(change.entity_id, str) and _UUID.fullmatch(change.entity_id)):
            raise MalformedOp(f"bad id {str(change.entity_id)[:40]!r}")
        if not isinstance(change.fields, dict) or not change.fields:
            raise MalformedOp("change without fields")
        for name, value in change.fields.items():
            check_field(spec, name, value)
        if change.entity == "timeline_entry" and isinstance(change.fields.get("details"), str):
            _check_details(change.fields["details"])
        if change.entity == "incident" and "exercise" in change.fields and change.fields["exercise"] is None:
            raise MalformedOp("incident.exercise is true or false", "bad_value", field="incident.exercise")
        subject = change.fields.get("subject") if change.entity in ("notification", "comm_template") else None
        if isinstance(subject, str) and ("\n" in subject or "\r" in subject):
            raise MalformedOp("a message subject on several lines", "bad_value", field=f"{change.entity}.subject")
        if change.entity == "notification" and change.fields.get("station_id") not in (None, op.station_id):
            # Only the station that queues a message sends it: none may name another as its sender.
            raise MalformedOp("a message queued for another station to send", "foreign_sender")
