"""Who this station is: read once from its database, changed only through the Store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Station:
    station_id: str
    short_code: str
    name: str
    kind: str  # wall | coordinator | field
    operator_id: str | None  # the person acting here, recorded on every op and timeline entry
