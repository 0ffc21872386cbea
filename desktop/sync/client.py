"""One round of sync with the hub: push the outbox, then pull and apply by cursor.

Push: the unacknowledged ops in station order, in batches; the hub answers with the last
station_seq it holds, so duplicates are acknowledged and after a gap the station resends from
there. Pull: ``seq > cursor`` in pages, each page applied and the cursor moved in one SQLite
transaction. A changed hub epoch (restored from a backup) means pull everything again from 0
and push again what the hub lacks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from desktop.services import conflicts
from desktop.services.changes import Changes
from desktop.services.store import Store

PUSH_BATCH = 2000
PULL_PAGE = 5000


class HubUnavailable(Exception):
    """The hub cannot be reached or refused the login; the station keeps working offline."""


class HubRefused(Exception):
    """The hub refused the station's ops (revoked, forged, too new)."""


@dataclass
class SyncResult:
    pushed: int = 0  # ops the hub acknowledged (taken now, or held already)
    pulled: int = 0
    changes: Changes = field(default_factory=Changes)
    refused: list[str] = field(default_factory=list)
    resynced: bool = False
    conflicts: int = 0  # timeline entries written about conflicts


def sync_once(store: Store, hub_url: str) -> SyncResult:
    import psycopg

    result = SyncResult()
    try:
        conn = psycopg.connect(hub_url, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise HubUnavailable(str(exc).strip()) from exc
    with conn:
        epoch = conn.execute("SELECT value FROM hub_meta WHERE key = 'epoch'").fetchone()[0]
        known_epoch, cursor = store.sync_position()
        if known_epoch is not None and known_epoch != epoch:  # restored from a backup
            cursor, result.resynced = 0, True
            store.reoffer_outbox()
        result.pushed += _push(conn, store)
        pages: list[Changes] = []
        while True:
            rows = conn.execute("SELECT seq, payload FROM ops WHERE seq > %s ORDER BY seq LIMIT %s",
                                (cursor, PULL_PAGE)).fetchall()
            conn.commit()
            if not rows:
                break
            cursor = rows[-1][0]
            changes, refused, superseded = store.apply_remote([payload for _, payload in rows], cursor, epoch)
            result.pulled += len(rows)
            pages.append(changes)
            result.refused += refused
            doubles = store.read(conflicts.double_holders, changes.incidents) if changes.touches("role_assignment") else []
            if superseded or doubles:  # written through the write path like any edit
                outcome = store.run(conflicts.record_conflicts, superseded, doubles)
                pages.append(outcome.changes)
                result.conflicts += outcome.value
        if result.conflicts:  # the entries just written go out now, not a round later
            result.pushed += _push(conn, store)
        result.changes = Changes.union(pages)
        if result.pulled == 0:
            store.apply_remote([], cursor, epoch)  # remember the epoch and the time of the sync
    return result


def _push(conn, store: Store) -> int:  # noqa: ANN001 - a psycopg connection
    """Sends the unacknowledged outbox in batches; returns how many ops the hub acknowledged."""
    import psycopg
    from psycopg.types.json import Jsonb

    pushed = 0
    pending = store.unacked()
    while pending:
        batch = pending[:PUSH_BATCH]
        try:
            last = conn.execute("SELECT crisisroom_push(%s)",
                                (Jsonb([json.loads(p) for _, p in batch]),)).fetchone()[0]
            conn.commit()
        except psycopg.errors.InsufficientPrivilege as exc:
            conn.rollback()
            raise HubRefused(str(exc).strip()) from exc
        store.acknowledge(last)
        pushed += sum(1 for seq, _ in batch if seq <= last)
        remaining = [(seq, p) for seq, p in pending if seq > last]
        if len(remaining) == len(pending):  # nothing taken: the hub lacks an earlier op
            raise HubRefused(f"the hub holds up to {last}; op {pending[0][0]} does not follow")
        pending = remaining
    return pushed
