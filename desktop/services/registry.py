"""What apply needs to know of each shared entity, read once from the ORM mappings."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Boolean, Integer, String

from desktop.models import SHARED_MODELS
from desktop.models.base import UTCDateTime
from desktop.models.limits import LONG_TEXT  # text limits: one table, read by the input fields too
from desktop.text.normalize import search_key, sort_key


@dataclass(frozen=True)
class EntitySpec:
    name: str
    table: str
    fields: frozenset[str]  # what an op may carry (no id, no derived columns)
    immutable: frozenset[str]
    derived: dict[str, tuple[str, Callable[[str | None], str]]]  # column -> (source field, function)
    kinds: dict[str, str]  # field -> "str" | "int" | "bool" | "time"
    has_incident: bool
    append_only: bool
    domains: dict[str, frozenset[str]]  # field -> the stable keys it may hold
    limits: dict[str, int]  # text field -> most characters
    refs: dict[str, str]  # field -> the entity its id refers to
    checks: dict[str, tuple[str, frozenset[str] | None, int | None]]  # field -> (kind, domain, limit), one lookup


# Reference fields, the same name meaning the same entity everywhere.
REFS = {"incident_id": "incident", "duplicate_of": "incident", "service_id": "service",
        "person_id": "person", "owner_id": "person", "lead_id": "person", "author_id": "person", "approved_by": "person",
        "group_id": "stakeholder_group", "problem_id": "problem_record", "change_id": "change_record",
        "notification_id": "notification"}


def _kind(column_type: object) -> str:
    if isinstance(column_type, UTCDateTime):
        return "time"
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, (Integer, BigInteger)):
        return "int"
    return "str"


def _length(column_type: object) -> int:
    return getattr(column_type, "length", None) or LONG_TEXT if isinstance(column_type, String) else LONG_TEXT


@cache
def entities() -> dict[str, EntitySpec]:
    specs = {}
    for model in SHARED_MODELS:
        table = model.__table__
        derived = {col: (src, sort_key if kind == "sort" else search_key)
                   for col, (src, kind) in model.__derived__.items()}
        fields = frozenset(c.name for c in table.columns if c.name != "id" and c.name not in derived)
        specs[model.__entity__] = EntitySpec(
            name=model.__entity__, table=table.name, fields=fields,
            immutable=frozenset(model.__immutable__), derived=derived,
            kinds={c.name: _kind(c.type) for c in table.columns},
            has_incident="incident_id" in table.columns,
            append_only=model.__append_only__,
            domains={f: frozenset(k.value for k in keys) for f, keys in model.__domains__.items()},
            limits={c.name: model.__limits__.get(c.name) or _length(c.type) for c in table.columns
                    if c.name in fields and _kind(c.type) == "str"},
            refs={f: REFS[f] for f in fields if f in REFS},
            checks={},
        )
        spec = specs[model.__entity__]
        spec.checks.update({f: (spec.kinds[f], spec.domains.get(f), spec.limits.get(f)) for f in fields})
    return specs


def spec(entity: str) -> EntitySpec:
    try:
        return entities()[entity]
    except KeyError:
        raise KeyError(f"unknown entity {entity!r}") from None


def missing_references(conn: sqlite3.Connection, changes: Iterable[tuple[tuple[str, str], dict[str, Any]]],
                       known: set[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """(entity, id) of what these changes refer to that is neither stored (archived counts: it
    is still there) nor made by the changes themselves. ``known``: (entity, id) already found
    to exist, kept across calls (a page of ops mostly refers to the same few incidents); the
    changes' own rows and the references found are added to it."""
    changes = list(changes)
    known = set() if known is None else known
    made = {key for key, _fields in changes}
    missing = []
    for (entity, _entity_id), fields in changes:
        for name, target in spec(entity).refs.items():
            ref_id = fields.get(name)
            if ref_id is None or (target, ref_id) in known or (target, ref_id) in made:
                continue
            if conn.execute(f'SELECT 1 FROM "{spec(target).table}" WHERE id = ?', (ref_id,)).fetchone() is None:
                missing.append((target, ref_id))
            else:
                known.add((target, ref_id))
    if not missing:  # the caller applies them now: later changes may refer to these rows
        known |= made
    return missing
