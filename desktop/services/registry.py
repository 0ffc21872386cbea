"""What apply needs to know of each shared entity, read once from the ORM mappings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Boolean, Integer, BigInteger

from desktop.models import SHARED_MODELS
from desktop.models.base import UTCDateTime
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


def _kind(column_type: object) -> str:
    if isinstance(column_type, UTCDateTime):
        return "time"
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, (Integer, BigInteger)):
        return "int"
    return "str"


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
        )
    return specs


def spec(entity: str) -> EntitySpec:
    try:
        return entities()[entity]
    except KeyError:
        raise KeyError(f"unknown entity {entity!r}") from None
