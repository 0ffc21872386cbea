"""An in-process hub with the rules of desktop/sync/hub.py's SQL: one log in seq order, the
station derived from the session (a login's first call binds it to its station id), duplicates
acknowledged only when they are the same op, nothing taken after a gap, an op against the rules
taking its place refused, newer op schemas refused, an epoch that a restore from backup changes.
Tests run the same client rounds against it and against the real server."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from desktop.services.hlc import MAX_AHEAD_MS, wall_millis
from desktop.sync.client import HubRefused, PushReply
from desktop.sync.hub import HUB_SCHEMA_VERSION, MAX_OP_BYTES

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class _Station:
    station_id: str | None = None
    last_seq: int = 0
    revoked: bool = False


@dataclass
class HubDouble:
    ops: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    refused: dict[tuple[str, int], tuple[str | None, str, str]] = field(default_factory=dict)  # -> op id, reason, raw
    stations: dict[str, _Station] = field(default_factory=dict)
    epoch: str = field(default_factory=lambda: secrets.token_hex(8))
    clock: Any = wall_millis

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
        self.refused = {k: v for k, v in self.refused.items()
                        if k[1] <= self.stations_by_id().get(k[0], _Station()).last_seq}
        self.epoch = secrets.token_hex(8)

    def stations_by_id(self) -> dict[str, _Station]:
        return {s.station_id: s for s in self.stations.values() if s.station_id}

    def payloads(self) -> list[dict[str, Any]]:
        return [op for _, op in self.ops]


def _judge(op: Any, sent: int, raw: str, now: int) -> str | None:
    """The hub's per-op rules: None to take it, or the reason it is refused."""
    ok = (isinstance(op, dict) and isinstance(op.get("changes"), list) and op["changes"]
          and isinstance(op["changes"][0], list) and len(op["changes"][0]) >= 2
          and all(isinstance(x, str) for x in op["changes"][0][:2])
          and isinstance(op.get("op_id"), str) and _UUID.fullmatch(op["op_id"])
          and isinstance(op.get("station_id"), str) and _UUID.fullmatch(op["station_id"])
          and op.get("station_seq") == sent and isinstance(op.get("schema_version"), int)
          and isinstance(op.get("hlc"), int) and 0 <= op["hlc"] < 1 << 63)
    if not ok:
        return "malformed"
    if len(raw.encode()) > MAX_OP_BYTES:
        return "too_large"
    if (op["hlc"] >> 16) > now + MAX_AHEAD_MS:
        return "clock_ahead"
    return None


@dataclass
class DoubleSession:
    hub: HubDouble
    role: str

    def _me(self) -> _Station:
        station = self.hub.stations.get(self.role)
        if station is None or station.revoked:
            raise HubRefused(f"station {self.role} is revoked", "revoked")
        return station

    def meta(self) -> dict[str, str]:
        return {"schema_version": str(HUB_SCHEMA_VERSION), "epoch": self.hub.epoch, "min_op_schema": "1"}

    def station(self, mine: str) -> dict[str, Any]:
        station = self._me()
        taken = any(s.station_id == mine for r, s in self.hub.stations.items() if r != self.role)
        if station.station_id is None and not taken:
            station.station_id = mine
        return {"station_id": station.station_id, "last_seq": station.last_seq, "taken": taken,
                "now_ms": self.hub.clock(), "max_ahead_ms": MAX_AHEAD_MS}

    def hello(self, mine: str) -> tuple[dict[str, str], dict[str, Any]]:
        return self.meta(), self.station(mine)

    def push(self, ops: list[tuple[int, str]]) -> PushReply:
        station = self._me()
        if station.station_id is None:
            raise HubRefused("not bound")
        held = {op["op_id"] for _, op in self.hub.ops}
        mine = {op["station_seq"]: op["op_id"] for _, op in self.hub.ops if op["station_id"] == station.station_id}
        taken: list[tuple[int, dict[str, Any]]] = []
        refusals: list[tuple[int, str]] = []
        refused: dict = {}
        last = station.last_seq
        for sent, raw in ops:  # all or nothing, as the SQL function's transaction
            try:
                op = json.loads(raw) if "\\u0000" not in raw else None  # PostgreSQL's jsonb refuses a NUL
            except ValueError:
                op = None
            if isinstance(op, dict) and "station_id" in op and op["station_id"] != station.station_id:
                raise HubRefused(f"station {self.role} pushed an op of another station")
            if sent <= last:
                held_id = mine.get(sent)
                if held_id is None and (station.station_id, sent) in self.hub.refused:
                    held_id, reason, _raw = self.hub.refused[(station.station_id, sent)]
                    refusals.append((sent, reason))
                if held_id is not None and (not isinstance(op, dict) or held_id != op.get("op_id")):
                    raise HubRefused(f"station {self.role} sent a new op as {sent}", "seq_reused")
                continue
            if sent != last + 1:
                break
            reason = _judge(op, sent, raw, self.hub.clock())
            if reason is None:
                if op["schema_version"] > HUB_SCHEMA_VERSION:
                    raise HubRefused(f"op schema {op['schema_version']} is newer than the hub")
                if op["op_id"] in held or op["op_id"] in {o["op_id"] for _, o in taken}:
                    reason = "duplicate_op_id"
            if reason is None:
                taken.append((len(self.hub.ops) + len(taken) + 1, json.loads(json.dumps(op))))
            else:
                op_id = op.get("op_id") if isinstance(op, dict) and isinstance(op.get("op_id"), str) else None
                refused[(station.station_id, sent)] = (op_id, reason, raw)
                refusals.append((sent, reason))
            last = sent
        station.last_seq = last
        self.hub.ops.extend(taken)
        self.hub.refused.update(refused)
        return PushReply(last, refusals)

    def own_ops(self, after: int, upto: int) -> list[tuple[int, str | None, Any, str | None, str | None]]:
        station = self._me()
        rows = [(op["station_seq"], op["op_id"], json.loads(json.dumps(op)), None, None) for _, op in self.hub.ops
                if op["station_id"] == station.station_id and after < op["station_seq"] <= upto]
        rows += [(seq, op_id, None, reason, raw) for (sid, seq), (op_id, reason, raw) in self.hub.refused.items()
                 if sid == station.station_id and after < seq <= upto]
        return sorted(rows, key=lambda r: r[0])

    def pull(self, after: int, limit: int) -> list[tuple[int, Any]]:
        return [(seq, json.loads(json.dumps(op))) for seq, op in self.hub.ops[after:after + limit]]

    def count_after(self, after: int) -> int:
        return max(0, len(self.hub.ops) - after)
