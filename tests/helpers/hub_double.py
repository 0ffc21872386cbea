"""An in-process hub with the rules of desktop/sync/hub.py's SQL: one log in seq order, the
station derived from the session (the first push binds a role to its station), duplicates
acknowledged, nothing taken after a gap, newer op schemas refused, an epoch that a restore from
backup changes. Tests run the same client rounds against it and against the real server."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from desktop.sync.client import HubRefused
from desktop.sync.hub import HUB_SCHEMA_VERSION


@dataclass
class _Station:
    station_id: str | None = None
    last_seq: int = 0
    revoked: bool = False


@dataclass
class HubDouble:
    ops: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    stations: dict[str, _Station] = field(default_factory=dict)
    epoch: str = field(default_factory=lambda: secrets.token_hex(8))

    def add_station(self, role: str) -> str:
        self.stations.setdefault(role, _Station()).revoked = False
        return role

    def session(self, role: str) -> DoubleSession:
        return DoubleSession(self, role)

    def restore(self, keep: int) -> None:
        """As if restored from a backup taken when it held its first ``keep`` ops."""
        self.ops = self.ops[:keep]
        for station in self.stations.values():
            station.last_seq = max((op["station_seq"] for _, op in self.ops
                                    if op["station_id"] == station.station_id), default=0)
        self.epoch = secrets.token_hex(8)

    def payloads(self) -> list[dict[str, Any]]:
        return [op for _, op in self.ops]


@dataclass
class DoubleSession:
    hub: HubDouble
    role: str

    def meta(self) -> dict[str, str]:
        return {"schema_version": str(HUB_SCHEMA_VERSION), "epoch": self.hub.epoch, "min_op_schema": "1"}

    def push(self, ops: list[dict[str, Any]]) -> int:
        station = self.hub.stations.get(self.role)
        if station is None or station.revoked:
            raise HubRefused(f"station {self.role} may not push")
        ops = json.loads(json.dumps(ops))  # what crosses the wire, never shared objects
        taken: list[tuple[int, dict[str, Any]]] = []
        bound, last = station.station_id, station.last_seq
        for op in ops:  # all or nothing, as the SQL function's transaction
            bound = bound or op["station_id"]
            if op["station_id"] != bound:
                raise HubRefused(f"station {self.role} pushed an op of another station")
            if op["schema_version"] > HUB_SCHEMA_VERSION:
                raise HubRefused(f"op schema {op['schema_version']} is newer than the hub")
            sent = op["station_seq"]
            if sent <= last:
                continue  # a duplicate: acknowledged again
            if sent != last + 1:
                break  # a gap: the station resends from last + 1
            taken.append((len(self.hub.ops) + len(taken) + 1, op))
            last = sent
        station.station_id, station.last_seq = bound, last
        self.hub.ops.extend(taken)
        return last

    def pull(self, after: int, limit: int) -> list[tuple[int, Any]]:
        return [(seq, json.loads(json.dumps(op))) for seq, op in self.hub.ops[after:after + limit]]

    def count_after(self, after: int) -> int:
        return max(0, len(self.hub.ops) - after)
