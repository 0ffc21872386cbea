"""One round of sync with the hub: push the outbox, then pull and apply by cursor.

The round talks to the hub through a HubSession (four calls); PostgresSession is the real one,
tests also run every round against an in-process double with the same rules.

Push: the unacknowledged ops in station order, in batches; the hub answers with the last
station_seq it holds, so duplicates are acknowledged and after a gap the station resends from
there. Pull: ``seq > cursor`` in pages, each page applied and the cursor moved in one SQLite
transaction. A changed hub epoch (restored from a backup) means pull everything again from 0
and push again what the hub lacks.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop.services import conflicts
from desktop.services.changes import Changes
from desktop.services.store import Store

log = logging.getLogger("crisisroom.sync")
PUSH_BATCH = 2000
PULL_PAGE = 5000
CATCH_UP = 5000  # ops behind: search indexes paused during the pull and rebuilt once after


class HubUnavailable(Exception):
    """The hub cannot be reached; the station keeps working offline."""


class HubRefused(Exception):
    """The hub refused the station (revoked, forged, a gap) or cannot work with this app.
    ``code``: refused, login (wrong password or unknown station), no_database, hub_older (run ``hub init``
    with this app), hub_newer or app_older (update the app)."""

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


class HubSession(Protocol):
    def meta(self) -> dict[str, str]: ...

    def push(self, ops: list[dict[str, Any]]) -> int:
        """Offers ops in station order; returns the last station_seq the hub holds for this
        station (duplicates acknowledged, nothing taken after a gap). Raises HubRefused."""

    def pull(self, after: int, limit: int) -> list[tuple[int, Any]]:
        """(seq, op as a dict) for seq > after, in seq order."""

    def count_after(self, after: int) -> int: ...


class PostgresSession:
    """A HubSession over one psycopg connection, logged in as the station's role."""

    def __init__(self, conn) -> None:  # noqa: ANN001
        self.conn = conn

    def meta(self) -> dict[str, str]:
        import psycopg

        try:
            meta = dict(self.conn.execute("SELECT key, value FROM hub_meta").fetchall())
        except psycopg.errors.UndefinedTable as exc:
            raise HubRefused("no hub schema", "hub_older") from exc
        self.conn.commit()
        return meta

    def push(self, ops: list[dict[str, Any]]) -> int:
        import psycopg
        from psycopg.types.json import Jsonb

        try:
            last = self.conn.execute("SELECT crisisroom_push(%s)", (Jsonb(ops),)).fetchone()[0]
            self.conn.commit()
        except psycopg.errors.InsufficientPrivilege as exc:
            self.conn.rollback()
            raise HubRefused(str(exc).strip()) from exc
        return last

    def pull(self, after: int, limit: int) -> list[tuple[int, Any]]:
        rows = self.conn.execute("SELECT seq, payload FROM ops WHERE seq > %s ORDER BY seq LIMIT %s",
                                 (after, limit)).fetchall()
        self.conn.commit()
        return rows

    def count_after(self, after: int) -> int:
        count = self.conn.execute("SELECT count(*) FROM ops WHERE seq > %s", (after,)).fetchone()[0]
        self.conn.commit()
        return count


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
              progress: Callable[[int, int], None] | None = None,
              applied: Callable[[Changes], None] | None = None) -> SyncResult:
    """``push=False`` for a wall display: it pulls and never sends. ``progress(done, total)``
    after each page pulled, for a long catch-up."""
    import psycopg

    from desktop.sync.credentials import with_password

    conn = connect_hub(with_password(hub_url))
    try:
        with conn:
            return sync_with(PostgresSession(conn), store, push=push, progress=progress, applied=applied)
    except (psycopg.OperationalError, psycopg.errors.AdminShutdown) as exc:
        # The hub went away mid-round: every page applied so far stands with its cursor,
        # every ack received stands; the next round goes on from there.
        raise HubUnavailable(str(exc).strip()) from exc


def check_hub(url: str) -> dict[str, str]:
    """Logs in and reads the hub's versions (the settings' Test connection). Raises HubRefused
    (``login`` for a wrong password or unknown station, or a version code) or HubUnavailable."""
    with connect_hub(url) as conn:
        meta = PostgresSession(conn).meta()
    check_versions(meta)
    return meta


def connect_hub(url: str, **options: object):  # noqa: ANN201 - a psycopg connection
    """Connects, and says why not: HubRefused (login, no_database) or HubUnavailable."""
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=5, **options)
    except psycopg.OperationalError as exc:
        text = str(exc)
        if re.search(r"password authentication failed|role .* does not exist|not permitted to log in|"
                     r"no password supplied", text):
            raise HubRefused(text.strip(), "login") from exc
        if re.search(r"database .* does not exist", text):
            raise HubRefused(text.strip(), "no_database") from exc
        raise HubUnavailable(text.strip()) from exc


def sync_with(hub: HubSession, store: Store, *, push: bool = True,
              progress: Callable[[int, int], None] | None = None,
              applied: Callable[[Changes], None] | None = None) -> SyncResult:
    """One round over an open session (sync_once opens the real one). ``applied(changes)``
    after each page committed, so views follow a long catch-up, and see what a round cut short
    had applied already."""
    result = SyncResult()
    meta = hub.meta()
    check_versions(meta)
    epoch = meta["epoch"]
    known_epoch, cursor = store.sync_position()
    if known_epoch is None:  # the first round: acks from here on are this epoch's
        store.enter_epoch(epoch)
    elif known_epoch != epoch:  # restored from a backup
        cursor, result.resynced = 0, True
        store.reoffer_outbox()
    if push:
        result.pushed += _push(hub, store)
    try:
        _pull(hub, store, result, cursor, epoch, push, progress, applied or (lambda _changes: None))
    finally:  # also when the hub went away mid catch-up: search works on what arrived
        if store.search_paused():
            store.resume_search()
    if push and result.conflicts:  # the entries just written go out now, not a round later
        result.pushed += _push(hub, store)
    return result


def _pull(hub: HubSession, store: Store, result: SyncResult, cursor: int, epoch: str, push: bool,
          progress: Callable[[int, int], None] | None, applied: Callable[[Changes], None]) -> None:
    """Pulls ``seq > cursor`` page by page, each page applied with its cursor in one transaction,
    into ``result``."""
    total = None
    pages: list[Changes] = []
    while True:
        rows = hub.pull(cursor, PULL_PAGE)
        if not rows:
            break
        if total is None and len(rows) == PULL_PAGE:  # more may follow: how far behind is this?
            total = result.pulled + hub.count_after(cursor)
            if total > CATCH_UP:
                store.pause_search()
        if progress is not None:
            progress(result.pulled + len(rows), total or result.pulled + len(rows))
        cursor = max(cursor, *(seq for seq, _ in rows))  # whatever order a page arrives in
        changes, refused, superseded = store.apply_remote([payload for _, payload in rows], cursor, epoch)
        result.pulled += len(rows)
        pages.append(changes)
        applied(changes)
        result.refused += refused
        for reason in refused:  # kept for whoever looks into it: the op is not applied
            log.warning("refused an op from the hub (page up to seq %s): %s", cursor, reason)
        doubles = store.read(conflicts.double_holders, changes.incidents) if changes.touches("role_assignment") else []
        if push and (superseded or doubles):  # written through the write path like any edit
            outcome = store.run(conflicts.record_conflicts, superseded, doubles)
            pages.append(outcome.changes)
            applied(outcome.changes)
            result.conflicts += outcome.value
    result.changes = Changes.union(pages)
    if result.pulled == 0:
        store.apply_remote([], cursor, epoch)  # remember the epoch and the time of the sync


def _push(hub: HubSession, store: Store) -> int:
    """Sends the unacknowledged outbox in batches; returns how many ops the hub acknowledged."""
    pushed, resent = 0, False
    pending = store.unacked()
    while pending:
        batch = pending[:PUSH_BATCH]
        last = hub.push([json.loads(p) for _, p in batch])
        store.acknowledge(last)
        pushed += sum(1 for seq, _ in batch if seq <= last)
        remaining = [(seq, p) for seq, p in pending if seq > last]
        if len(remaining) < len(pending):
            pending, resent = remaining, False
        elif not resent:  # nothing taken: the hub lost ops it had acknowledged; send from there
            store.reoffer_outbox(after=last)
            pending, resent = store.unacked(), True
        else:
            raise HubRefused(f"the hub holds up to {last}; op {pending[0][0]} does not follow")
    return pushed
