"""What a command or an applied op changed: entity names to ids, for narrow view refreshes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Changes:
    ids: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    # Incidents touched directly or through a child row (task, timeline entry, role …).
    incidents: frozenset[str] = frozenset()

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]], incidents: Iterable[str] = ()) -> Changes:
        ids: dict[str, set[str]] = {}
        for entity, entity_id in pairs:
            ids.setdefault(entity, set()).add(entity_id)
        return cls(MappingProxyType({k: frozenset(v) for k, v in ids.items()}), frozenset(incidents))

    @classmethod
    def union(cls, parts: Iterable[Changes]) -> Changes:
        """Many changes as one, in one pass (merging pairwise copies everything each time)."""
        ids: dict[str, set[str]] = {}
        incidents: set[str] = set()
        for part in parts:
            for entity, found in part.ids.items():
                ids.setdefault(entity, set()).update(found)
            incidents.update(part.incidents)
        return cls(MappingProxyType({k: frozenset(v) for k, v in ids.items()}), frozenset(incidents))

    def __bool__(self) -> bool:
        return bool(self.ids)

    def touches(self, entity: str) -> bool:
        return entity in self.ids

    def get(self, entity: str) -> frozenset[str]:
        return self.ids.get(entity, frozenset())
