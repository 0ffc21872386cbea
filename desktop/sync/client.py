"""One round of sync with the hub: push the outbox, then pull and apply by cursor.

Push: the unacknowledged ops in station order, in batches; the hub answers with the last
station_seq it holds, so duplicates are acknowledged and after a gap the station resends from
there. Pull: ``seq > cursor`` in pages, each page applied and the cursor moved in one SQLite
transaction. A changed hub epoch (restored from a backup) means pull everything again from 0
and push again what the hub lacks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.services import conflicts
from desktop.services.changes import Changes
from desktop.services.store import Store

PUSH_BATCH = 2000
PULL_PAGE = 5000
CATCH_UP = 5000  # ops behind: search indexes paused during the pull and rebuilt once after


class HubUnavailable(Exception):
    """The hub cannot be reached or refused the login; the station keeps working offline."""


class HubRefused(Exception):
    """The hub refused the station (revoked, forged, a gap) or cannot work with this app.
    ``code``: refused, hub_older (run ``hub init`` with this app), hub_newer or app_older
    (update the app)."""

    def __init__(self, detail: str, code: str = "refused") -> None:
        super().__init__(detail)
        self.code = code


@dataclass
class SyncResult:
    pushed: int = 0  # ops the hub acknowledged (taken now, or held already)
    pulled: int = 0
    changes: Changes = field(default_factory=Changes)
    refused: list[str] = field(default_factory=list)
    resynced: bool = False
    conflicts: int = 0  # timeline entries written about conflicts


def check_versions(meta: dict[str, str]) -> None:
    """Refuses a hub this app cannot sync with, before anything is sent or applied."""
    from desktop.services.ops import SCHEMA_VERSION
    from desktop.sync.hub import HUB_SCHEMA_VERSION

    version = int(meta.get("schema_version", 0))
    if version < HUB_SCHEMA_VERSION:
        raise HubRefused(f"hub schema {version} < {HUB_SCHEMA_VERSION}", "hub_older")
    if version > HUB_SCHEMA_VERSION:
        raise HubRefused(f"hub schema {version} > {HUB_SCHEMA_VERSION}", "hub_newer")
    if int(meta.get("min_op_schema", 1)) > SCHEMA_VERSION:
        raise HubRefused(f"the hub takes ops from schema {meta['min_op_schema']}", "app_older")


def sync_once(store: Store, hub_url: str, *, push: bool = True,
              progress: Callable[[int, int], None] | None = None) -> SyncResult:
    """``push=False`` for a wall display: it pulls and never sends. ``progress(done, total)``
    after each page pulled, for a long catch-up."""
    import psycopg

    from desktop.sync.credentials import with_password

    try:
        conn = psycopg.connect(with_password(hub_url), connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise HubUnavailable(str(exc).strip()) from exc
    try:
        with conn:
            return _round(conn, store, push, progress)
    except (psycopg.OperationalError, psycopg.errors.AdminShutdown) as exc:
        # The hub went away mid-round: every page applied so far stands with its cursor,
        # every ack received stands; the next round goes on from there.
        raise HubUnavailable(str(exc).strip()) from exc


def _round(conn, store: Store, push: bool, progress: Callable[[int, int], None] | None) -> SyncResult:  # noqa: ANN001
    import psycopg

    result = SyncResult()
    try:
        meta = dict(conn.execute("SELECT key, value FROM hub_meta").fetchall())
    except psycopg.errors.UndefinedTable as exc:
        raise HubRefused("no hub schema", "hub_older") from exc
    conn.commit()
    check_versions(meta)
    epoch = meta["epoch"]
    known_epoch, cursor = store.sync_position()
    if known_epoch is not None and known_epoch != epoch:  # restored from a backup
        cursor, result.resynced = 0, True
        store.reoffer_outbox()
    if push:
        result.pushed += _push(conn, store)
    pages: list[Changes] = []
    try:
        _pull(conn, store, push, progress, cursor, epoch, result, pages)
    finally:  # also when the hub went away mid catch-up: search works on what arrived
        if store.search_paused():
            store.resume_search()
    if push and result.conflicts:  # the entries just written go out now, not a round later
        result.pushed += _push(conn, store)
    result.changes = Changes.union(pages)
    return result


def _pull(conn, store: Store, push: bool, progress: Callable[[int, int], None] | None,  # noqa: ANN001
          cursor: int, epoch: str, result: SyncResult, pages: list[Changes]) -> None:
    """Pulls ``seq > cursor`` page by page, each page applied with its cursor in one transaction."""
    total = None
    while True:
        rows = conn.execute("SELECT seq, payload FROM ops WHERE seq > %s ORDER BY seq LIMIT %s",
                            (cursor, PULL_PAGE)).fetchall()
        conn.commit()
        if not rows:
            break
        if total is None and len(rows) == PULL_PAGE:  # more may follow: how far behind is this?
            total = result.pulled + conn.execute("SELECT count(*) FROM ops WHERE seq > %s",
                                                 (cursor,)).fetchone()[0]
            conn.commit()
            if total > CATCH_UP:
                store.pause_search()
        if progress is not None:
            progress(result.pulled + len(rows), total or result.pulled + len(rows))
        cursor = rows[-1][0]
        changes, refused, superseded = store.apply_remote([payload for _, payload in rows], cursor, epoch)
        result.pulled += len(rows)
        pages.append(changes)
        result.refused += refused
        doubles = store.read(conflicts.double_holders, changes.incidents) if changes.touches("role_assignment") else []
        if push and (superseded or doubles):  # written through the write path like any edit
            outcome = store.run(conflicts.record_conflicts, superseded, doubles)
            pages.append(outcome.changes)
            result.conflicts += outcome.value
    if result.pulled == 0:
        store.apply_remote([], cursor, epoch)  # remember the epoch and the time of the sync


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
