"""The write path: every command runs in one transaction that writes the rows, the field clocks
and one op in the outbox, through the same apply() that remote ops go through.

A command is a plain function ``command(tx, *args) -> value``. It reads with ``tx.row`` (which
overlays the command's own pending puts), raw SQL on ``tx.conn`` or ``tx.session`` (both see the
state from before the command), and records what it changes with ``tx.put``/``tx.create``. The
changes are applied when the command returns (services flush, the op commits): several puts make
one op, one transaction and one undo step.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from desktop.models.base import Shared
from desktop.services import hlc
from desktop.services.apply import Applied, apply_op
from desktop.services.changes import Changes
from desktop.services.errors import CommandError
from desktop.services.ops import MAX_OP_BYTES, Change, MalformedOp, Op, check_field, wire_value
from desktop.services.registry import missing_references, spec
from desktop.services.station import Station
from desktop.text.calendar import utcnow
from desktop.wire import new_id, to_wire_time


@dataclass(frozen=True)
class Committed:
    value: Any
    changes: Changes
    inverse: tuple[Change, ...]  # puts that undo this command (as a new op)
    ops: tuple[Op, ...]  # one, or several when one would be larger than the hub takes; none if nothing changed
    superseded: tuple = ()

    @property
    def op(self) -> Op | None:
        return self.ops[0] if self.ops else None

    @property
    def forward(self) -> tuple[Change, ...]:
        """What the command wrote, in order: its redo."""
        return tuple(change for op in self.ops for change in op.changes)


PART_BYTES = MAX_OP_BYTES - 16_384  # of one op's changes: room left for the op's own fields


def _size(change: Change) -> int:
    return len(json.dumps([change.entity, change.entity_id, change.fields], ensure_ascii=False,
                          separators=(",", ":")).encode())


def op_parts(changes: list[Change]) -> list[list[Change]]:
    """``changes`` in runs that each fit one op the hub takes (MAX_OP_BYTES), in their order: a
    declaration that tells a thousand people, an import's undo. A change too large alone is cut
    by its fields (per-field clocks merge them the same way); its immutable fields and its
    ``archived`` go in its first part, as the row's creation needs them."""
    parts: list[list[Change]] = [[]]
    size = 0
    for change in changes:
        pieces = [change]
        if _size(change) > PART_BYTES:  # a field at a time, the creation's own fields with the first
            first = spec(change.entity).immutable | {"archived"}
            head = [k for k in change.fields if k in first]
            rest = [k for k in change.fields if k not in first]
            groups = [head + rest[:1]] + [[k] for k in rest[1:]]
            pieces = [Change(change.entity, change.entity_id, {k: change.fields[k] for k in group}) for group in groups]
        for piece in pieces:
            weight = _size(piece)
            if parts[-1] and size + weight > PART_BYTES:
                parts.append([])
                size = 0
            parts[-1].append(piece)
            size += weight
    return parts


_LAST = ("SELECT max(s.hlc, coalesce(o.hlc, 0)), max(s.last_seq, coalesce(o.station_seq, 0)), "
         "(SELECT cursor FROM sync_state WHERE id = 1) FROM station s "
         "LEFT JOIN (SELECT hlc, station_seq FROM outbox ORDER BY station_seq DESC LIMIT 1) o WHERE s.id = 1")


_UNKNOWN = {"incident": "unknown_incident", "person": "unknown_person", "service": "unknown_service",
            "stakeholder_group": "unknown_group", "team": "unknown_team"}


def _entity_name(entity: str | type[Shared]) -> str:
    return entity if isinstance(entity, str) else entity.__entity__


class Tx:
    """What a command sees: a session for reads, and put/create for writes."""

    def __init__(self, connection: Connection, station: Station,
                 wall_clock: Callable[[], int] = hlc.wall_millis) -> None:
        self.connection = connection
        self.station = station
        self._wall_clock = wall_clock
        self.now: dt.datetime = utcnow()  # one time for everything a command stamps
        self.conn: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
        self._session: Session | None = None
        self._changes: dict[tuple[str, str], dict[str, Any]] = {}
        self._created: set[tuple[str, str]] = set()
        self._before: dict[tuple[str, str], dict[str, Any]] = {}

    @property
    def session(self) -> Session:
        """An ORM session in this transaction, made on first use (most commands need none)."""
        if self._session is None:
            self._session = Session(bind=self.connection, join_transaction_mode="rollback_only")
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    @property
    def operator_id(self) -> str | None:
        return self.station.operator_id

    def create(self, entity: str | type[Shared], entity_id: str | None = None, **fields: Any) -> str:
        name = _entity_name(entity)
        entity_id = entity_id or new_id()
        self._created.add((name, entity_id))
        self.put(name, entity_id, archived=False, **fields)
        return entity_id

    def put(self, entity: str | type[Shared], entity_id: str, **fields: Any) -> None:
        name = _entity_name(entity)
        entity_spec = spec(name)
        unknown = set(fields) - entity_spec.fields
        if unknown:
            raise KeyError(f"{name} has no fields {sorted(unknown)}")
        key = (name, entity_id)
        wire = {k: wire_value(entity_spec.kinds[k], v) for k, v in fields.items()}
        for field_name, value in wire.items():  # the rules remote ops are checked against, here too
            try:
                check_field(entity_spec, field_name, value)
            except MalformedOp as exc:
                raise CommandError(exc.code, **exc.params) from None
        if key not in self._created:
            self._remember_before(key, entity_spec.table, wire)
        self._changes.setdefault(key, {}).update(wire)

    def _remember_before(self, key: tuple[str, str], table: str, wire: dict[str, Any]) -> None:
        before = self._before.setdefault(key, {})
        missing = [f for f in wire if f not in before]
        if not missing:
            return
        cols = ", ".join(f'"{f}"' for f in missing)
        row = self.conn.execute(f'SELECT {cols} FROM "{table}" WHERE id = ?', (key[1],)).fetchone()
        if row is None:  # a put that makes the row (a link with a deterministic id) undoes as a create
            self._created.add(key)
            return
        kinds = spec(key[0]).kinds
        for i, f in enumerate(missing):
            value = row[i]
            before[f] = bool(value) if kinds[f] == "bool" and value is not None else value

    def row(self, entity: str | type[Shared], entity_id: str, *fields: str) -> dict[str, Any] | None:
        """A few fields of one row (wire form) as this command leaves it: the stored values
        overlaid with what the command has put so far. None if absent or archived."""
        name = _entity_name(entity)
        entity_spec = spec(name)
        pending = self._changes.get((name, entity_id), {})
        cols = ", ".join(f'"{f}"' for f in ("archived", *fields))
        found = self.conn.execute(f'SELECT {cols} FROM "{entity_spec.table}" WHERE id = ?',
                                  (entity_id,)).fetchone()
        if found is None and not pending:
            return None
        values = dict(zip(("archived", *fields), found)) if found else {f: None for f in ("archived", *fields)}
        values.update({k: v for k, v in pending.items() if k in values})
        if values.pop("archived"):
            return None
        return values

    def pending(self, entity: str | type[Shared], entity_id: str) -> dict[str, Any]:
        """What this command has put for an entity so far (wire values)."""
        return self._changes.get((_entity_name(entity), entity_id), {})

    def pending_rows(self, entity: str | type[Shared]) -> dict[str, dict[str, Any]]:
        """id → what this command has put, for every row of ``entity`` it touched so far."""
        name = _entity_name(entity)
        return {entity_id: fields for (kind, entity_id), fields in self._changes.items() if kind == name}

    def inverse(self) -> tuple[Change, ...]:
        undo = []
        for (name, entity_id), fields in self._changes.items():
            if (name, entity_id) in self._created:
                if not spec(name).append_only:
                    undo.append(Change(name, entity_id, {"archived": True}))
            else:
                before = self._before.get((name, entity_id), {})
                old = {f: before.get(f) for f in fields if f not in spec(name).immutable}
                if old:
                    undo.append(Change(name, entity_id, old))
        return tuple(undo)

    def commit_ops(self) -> tuple[tuple[Op, ...], Applied]:
        if not self._changes:
            return (), Applied()
        # The newest outbox row holds this station's latest clock and counter; the station row
        # holds what that does not (clocks seen on remote ops, the counter after a purge). Not
        # rewriting the station row on every op saves a page per commit, a fifth of an edit.
        missing = missing_references(self.conn, self._changes.items())
        if missing:  # a command refers only to what exists (or what it creates itself)
            entity, ref_id = missing[0]
            raise CommandError(_UNKNOWN.get(entity, "unknown_record"), id=ref_id)
        last_hlc, last_seq, seen = self.conn.execute(_LAST).fetchone()
        changes = [Change(e, i, f) for (e, i), f in self._changes.items()]
        op = self._op(changes, last_hlc, last_seq, seen)
        payload = op.to_json()
        if len(payload.encode()) <= MAX_OP_BYTES:
            return (op,), self._write(op, payload)
        # Larger than the hub takes (it would refuse it, and every other station miss it): the
        # command is written as several ops, in order, in its one transaction.
        ops, applied = [], []
        for part in op_parts(changes):
            op = self._op(part, last_hlc, last_seq, seen)
            payload = op.to_json()
            if len(payload.encode()) > MAX_OP_BYTES:  # one field alone: past every field's limit
                raise CommandError("op_too_large", count=MAX_OP_BYTES // 1024)
            applied.append(self._write(op, payload))
            ops.append(op)
            last_hlc, last_seq = op.hlc, op.station_seq
        return tuple(ops), Applied(Changes.union(a.changes for a in applied),
                                   [s for a in applied for s in a.superseded])

    def _op(self, changes: list[Change], last_hlc: int, last_seq: int, seen: int | None) -> Op:
        return Op(op_id=new_id(), station_id=self.station.station_id, station_seq=last_seq + 1,
                  hlc=hlc.tick(last_hlc, self._wall_clock()), operator_id=self.station.operator_id,
                  changes=tuple(changes), seen=seen)

    def _write(self, op: Op, payload: str) -> Applied:
        applied = apply_op(self.conn, op, self.station.station_id)
        self.conn.execute(
            "INSERT INTO outbox (station_seq, op_id, hlc, payload, created_at, acked) VALUES (?, ?, ?, ?, ?, 0)",
            (op.station_seq, op.op_id, op.hlc, payload, to_wire_time(self.now)))
        return applied


def execute(connection: Connection, station: Station, wall_clock: Callable[[], int],
            command: Callable[..., Any], args: tuple, kwargs: dict,
            at: dt.datetime | None = None) -> Committed:
    """Runs one command inside the caller's open transaction and commits its op there."""
    tx = Tx(connection, station, wall_clock)
    if at is not None:
        tx.now = at
    try:
        value = command(tx, *args, **kwargs)
        inverse = tx.inverse()
        ops, applied = tx.commit_ops()
    finally:
        tx.close()
    return Committed(value, applied.changes, inverse, ops, tuple(applied.superseded))
