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

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol

from desktop.services import conflicts
from desktop.services.changes import Changes
from desktop.services.store import Quarantined, Store

log = logging.getLogger("crisisroom.sync")
PUSH_BATCH = 2000
PULL_PAGE = 5000
CATCH_UP = 5000  # ops behind: search indexes paused during the pull and rebuilt once after


class HubUnavailable(Exception):
    """The hub cannot be reached (or went away); the station keeps working offline. ``reason``
    says why in words the views give (labels.hub_refusal): refused (nothing listens there),
    unknown_host, timeout, no_route, tls, lost (gone mid-round) or other; ``address`` is
    host:port. The driver's own text is the detail, for the log only."""

    def __init__(self, detail: str, reason: str = "other", address: str = "") -> None:
        super().__init__(detail)
        self.reason, self.address = reason, address


# libpq's words for why a connection failed or broke (English whatever the locale: it is C).
_UNREACHABLE = (
    ("refused", re.compile(r"Connection refused")),
    ("unknown_host", re.compile(r"could not translate host name|Name or service not known|"
                                r"Temporary failure in name resolution|nodename nor servname")),
    ("timeout", re.compile(r"timeout expired|timed out")),
    ("no_route", re.compile(r"No route to host|Network is unreachable")),
    ("tls", re.compile(r"SSL|TLS|certificate", re.IGNORECASE)),
    ("lost", re.compile(r"server closed the connection|terminating connection|connection is lost|"
                        r"consuming input failed|connection not open|the connection is closed")),
)


def _address(url: str) -> str:
    import psycopg

    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return ""
    host = str(info.get("host") or info.get("hostaddr") or "localhost")
    return f"{host}:{info.get('port') or 5432}"


def unreachable(exc: BaseException, url: str = "") -> HubUnavailable:
    """A driver's connection failure as HubUnavailable with its reason and address."""
    text = str(exc).strip()
    reason = next((name for name, pattern in _UNREACHABLE if pattern.search(text)), "other")
    return HubUnavailable(text, reason, _address(url) if url else "")


def explain(exc: BaseException, url: str = "") -> tuple[str, dict[str, Any]]:
    """What went wrong with the hub as (code, params) for labels.hub_refusal; the driver's text,
    English and with PL/pgSQL's CONTEXT lines, is for the log, never for the person."""
    import psycopg

    if isinstance(exc, HubRefused):
        return exc.code, exc.params
    if isinstance(exc, psycopg.OperationalError) and not getattr(getattr(exc, "diag", None), "sqlstate", None):
        try:
            connect_failure(exc)
        except HubRefused as refused:
            return refused.code, refused.params
        except HubUnavailable as lost:
            exc = lost
    if isinstance(exc, HubUnavailable):
        return "unreachable", {"reason": exc.reason, "address": exc.address or (_address(url) if url else "")}
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return "not_admin", {}
    if isinstance(exc, psycopg.Error):
        return "hub_error", {}
    return "error", {}


class HubRefused(Exception):
    """The hub refused the station or cannot work with this app. ``code``: refused, login (wrong
    password or unknown station), revoked, password_changed (changed outside the hub), copied
    (this database's station id belongs to another login: it was copied), other_station (this
    login belongs to another station's database), clock_ahead (``params['minutes']``),
    no_database, hub_older (run ``hub init`` with this app), hub_newer or app_older (update the
    app), demo (this database holds invented demo data: it never joins a hub)."""

    def __init__(self, detail: str, code: str = "refused", **params: Any) -> None:
        super().__init__(detail)
        self.code = code
        self.params = params


@dataclass
class SyncResult:
    pushed: int = 0  # ops the hub acknowledged (taken now, or held already)
    pulled: int = 0
    changes: Changes = field(default_factory=Changes)
    quarantined: list[Quarantined] = field(default_factory=list)  # ops from the hub held or refused
    refused_own: list[tuple[int, str]] = field(default_factory=list)  # (seq, reason) of ours the hub refused
    recovered: int = 0  # ops of ours the hub had and this database had lost (restored from a backup)
    rebased: int = 0  # ops of ours stamped again after this station's clock had run ahead
    resynced: bool = False
    conflicts: int = 0  # timeline entries written about conflicts

    @property
    def refused(self) -> list[Quarantined]:
        return [q for q in self.quarantined if q.state == "refused"]


@dataclass(frozen=True)
class PushReply:
    last: int  # the last station_seq the hub holds for this station
    refused: list[tuple[int, str]]  # (station_seq, reason) of the offered ops it refused


class HubSession(Protocol):
    def meta(self) -> dict[str, str]: ...

    def station(self, mine: str) -> dict[str, Any]:
        """This login on the hub: station_id (bound by the first call), last_seq, taken (``mine``
        is another login's station), now_ms and max_ahead_ms (the hub's clock and bound)."""

    def hello(self, mine: str) -> tuple[dict[str, str], dict[str, Any]]:
        """meta() and station(mine) at once: the start of every round, in one round trip."""

    def push(self, ops: list[tuple[int, str]]) -> PushReply:
        """Offers (station_seq, op JSON) in station order; duplicates are acknowledged, nothing is
        taken after a gap, an op against the rules takes its place refused. Raises HubRefused."""

    def own_ops(self, after: int, upto: int) -> list[tuple[int, str | None, Any, str | None, str | None]]:
        """(seq, op id, op or None, refusal or None, refused op's text) of this station's ops."""

    def pull(self, after: int, limit: int) -> list[tuple[int, Any]]:
        """(seq, op as a dict) for seq > after, in seq order."""

    def count_after(self, after: int) -> int: ...


# SQLSTATEs the hub's functions raise (desktop/sync/hub.py), as HubRefused codes.
_REFUSALS = {"CR001": "seq_reused", "CR002": "copied", "CR003": "revoked", "CR004": "password_changed",
             "CR005": "refused", "42501": "revoked", "22023": "refused",
             "42P01": "hub_older", "42883": "hub_older"}  # no such table or function: a hub of an older schema


def _hub_error(exc: Exception) -> Exception:
    """A driver error as HubRefused (with the hub's words for the log) or HubUnavailable."""
    import psycopg

    state = getattr(getattr(exc, "diag", None), "sqlstate", None) or getattr(exc, "sqlstate", None)
    detail = getattr(getattr(exc, "diag", None), "message_primary", None) or str(exc).strip()
    if state in _REFUSALS:
        code = _REFUSALS[state]
        if state == "42501" and "another station" in detail:
            code = "refused"  # a forged op, not a lost right
        return HubRefused(detail, code)
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return HubRefused(detail, "revoked")  # its rights were taken away while it was connected
    return HubUnavailable(detail)


class PostgresSession:
    """A HubSession over one psycopg connection, logged in as the station's role. Each call is
    its own transaction: in autocommit one round trip, otherwise the call and a commit."""

    def __init__(self, conn) -> None:  # noqa: ANN001
        self.conn = conn

    def _call(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        try:
            rows = self.conn.execute(sql, params).fetchall()
            if not self.conn.autocommit:
                self.conn.commit()
        except (psycopg.errors.OperationalError, psycopg.errors.AdminShutdown):
            raise
        except psycopg.Error as exc:
            if not self.conn.closed and not self.conn.autocommit:
                self.conn.rollback()
            raise _hub_error(exc) from exc
        return rows

    def meta(self) -> dict[str, str]:
        import psycopg

        try:
            return dict(self._call("SELECT key, value FROM hub_meta"))
        except HubRefused as exc:
            if isinstance(exc.__cause__, psycopg.errors.UndefinedTable):
                raise HubRefused("no hub schema", "hub_older") from exc
            raise
        except HubUnavailable as exc:
            if isinstance(exc.__cause__, psycopg.errors.UndefinedTable):
                raise HubRefused("no hub schema", "hub_older") from exc
            raise

    def station(self, mine: str) -> dict[str, Any]:
        import psycopg

        try:
            return self._call("SELECT public.crisisroom_station(%s)", (mine,))[0][0]
        except (HubRefused, HubUnavailable) as exc:
            if isinstance(exc.__cause__, psycopg.errors.UndefinedFunction):
                raise HubRefused("no crisisroom_station", "hub_older") from exc
            raise

    def hello(self, mine: str) -> tuple[dict[str, str], dict[str, Any]]:
        import psycopg

        try:
            meta, station = self._call("SELECT (SELECT json_object_agg(key, value) FROM public.hub_meta), "
                                       "public.crisisroom_station(%s)", (mine,))[0]
        except (HubRefused, HubUnavailable) as exc:
            if isinstance(exc.__cause__, (psycopg.errors.UndefinedFunction, psycopg.errors.UndefinedTable)):
                raise HubRefused("no hub schema of this version", "hub_older") from exc
            raise
        return meta, station

    def push(self, ops: list[tuple[int, str]]) -> PushReply:
        # %b: binary arrays; psycopg quotes a text array element by element in Python (3 s per 10k ops).
        reply = self._call("SELECT public.crisisroom_push(%b, %b)", ([seq for seq, _ in ops], [text for _, text in ops]))
        answer = reply[0][0]
        return PushReply(int(answer["last"]), [(int(seq), str(reason)) for seq, reason in answer["refused"]])

    def own_ops(self, after: int, upto: int) -> list[tuple[int, str | None, Any, str | None, str | None]]:
        return [tuple(r) for r in self._call("SELECT * FROM public.crisisroom_own_ops(%s, %s)", (after, upto))]

    def pull(self, after: int, limit: int) -> list[tuple[int, Any]]:
        return self._call("SELECT seq, payload FROM ops WHERE seq > %s ORDER BY seq LIMIT %s", (after, limit))

    def count_after(self, after: int) -> int:
        return self._call("SELECT count(*) FROM ops WHERE seq > %s", (after,))[0][0]


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

    refuse_demo(store)  # before the hub is even asked: not one invented incident leaves
    conn = connect_hub(with_password(hub_url), autocommit=True)  # a call is a transaction: one round trip
    try:
        with conn:
            return sync_with(PostgresSession(conn), store, push=push, progress=progress, applied=applied)
    except (psycopg.OperationalError, psycopg.errors.AdminShutdown) as exc:
        # The hub went away mid-round: every page applied so far stands with its cursor,
        # every ack received stands; the next round goes on from there.
        raise unreachable(exc, hub_url) from exc


def refuse_demo(store: Store) -> None:
    """A demo database's incidents are invented: they must never reach a real hub, where every
    station would take them for real ones."""
    if store.station.demo:
        raise HubRefused("this is a demo database", "demo")


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
        connect_failure(exc, url)


def connect_failure(exc: BaseException, url: str = "") -> NoReturn:
    """Raises why a connection failed: HubRefused (revoked, login, no_database) or HubUnavailable."""
    text = str(exc).strip()
    if re.search(r"not permitted to log in|permission denied for database", text):
        raise HubRefused(text, "revoked") from exc
    if re.search(r"password authentication failed|role .* does not exist|no password supplied", text):
        raise HubRefused(text, "login") from exc
    if re.search(r"database .* does not exist", text):
        raise HubRefused(text, "no_database") from exc
    raise unreachable(exc, url) from exc


def sync_with(hub: HubSession, store: Store, *, push: bool = True,
              progress: Callable[[int, int], None] | None = None,
              applied: Callable[[Changes], None] | None = None) -> SyncResult:
    """One round over an open session (sync_once opens the real one). ``applied(changes)``
    after each page committed, so views follow a long catch-up, and see what a round cut short
    had applied already."""
    refuse_demo(store)
    result = SyncResult()
    meta, me = hub.hello(store.station.station_id)
    check_versions(meta)
    _check_identity(store, me)
    epoch = meta["epoch"]
    known_epoch, cursor = store.sync_position()
    if known_epoch is None:  # the first round: acks from here on are this epoch's
        store.enter_epoch(epoch)
    elif known_epoch != epoch:  # restored from a backup
        cursor, result.resynced = 0, True
        store.reoffer_outbox()
        store.forget_quarantine()
    limit = me["now_ms"] + me["max_ahead_ms"]
    if push:
        ahead = store.wall_clock() - limit
        if ahead > 0:  # every edit made here would be refused: say so, send nothing, lose nothing
            raise HubRefused(f"this station's clock is {ahead // 60_000} min past the hub's bound", "clock_ahead",
                             minutes=(ahead + me["max_ahead_ms"]) // 60_000)
        result.rebased = store.rebase_clock(limit)
        if result.rebased:
            log.warning("%s ops stamped again: this station's clock had run ahead of the hub's", result.rebased)
        result.recovered = _recover(hub, store, me["last_seq"])
        try:
            result.pushed += _push(hub, store, result)
        except HubRefused as exc:
            if exc.code != "seq_reused":
                raise
            # Another copy of this database pushed under this login since we asked: once more.
            result.recovered += _recover(hub, store, hub.station(store.station.station_id)["last_seq"])
            result.pushed += _push(hub, store, result)
    try:
        _pull(hub, store, result, cursor, epoch, push, progress, applied or (lambda _changes: None), me["now_ms"])
    finally:  # also when the hub went away mid catch-up: search works on what arrived
        if store.search_paused():
            store.resume_search()
    if push and result.conflicts:  # the entries just written go out now, not a round later
        result.pushed += _push(hub, store, result)
    return result


def _check_identity(store: Store, me: dict[str, Any]) -> None:
    """This database and this login must be the same station: a copy of another station's
    database under a new login, or a login that belongs to another database, is refused (its
    edits wait in the outbox); a new database takes over its login's station."""
    if me["taken"]:
        raise HubRefused("this database's station id belongs to another login", "copied")
    bound = me["station_id"]
    if bound is not None and bound != store.station.station_id:
        if not store.adopt_identity(bound, me["last_seq"]):
            raise HubRefused(f"this login is station {bound}", "other_station")
        log.warning("this database takes over station %s of its login", bound)


def _recover(hub: HubSession, store: Store, hub_last: int) -> int:
    """The hub holds more of this station's ops than this database knows it sent: it was
    restored from a backup (or copied and used under the same login). Gets them back before
    anything is pushed, so no station_seq is used twice and no edit is dropped as a duplicate."""
    acked = store.acked_through()
    if hub_last <= acked:
        return 0
    theirs = hub.own_ops(acked, hub_last)
    moved = store.recover_own_ops(theirs, hub_last)
    log.warning("the hub held %s ops of this station past what this database knew; %s of its own ops "
                "renumbered after them", len(theirs), moved)
    return len(theirs)


def _pull(hub: HubSession, store: Store, result: SyncResult, cursor: int, epoch: str, push: bool,
          progress: Callable[[int, int], None] | None, applied: Callable[[Changes], None], hub_now: int) -> None:
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
        page = store.apply_remote(rows, cursor, epoch, hub_now)
        result.pulled += len(rows)
        pages.append(page.changes)
        done = len(rows) < PULL_PAGE  # a short page is the last: no round trip to hear "nothing more"
        applied(page.changes)
        result.quarantined += page.quarantined
        for op in page.quarantined:  # kept for whoever looks into it; said once (the cursor moved on)
            log.warning("%s the op at hub position %s: %s", "held" if op.state == "held" else "refused", op.seq,
                        op.detail)
        incidents = page.changes.incidents
        doubles = store.read(conflicts.double_holders, incidents) if page.changes.touches("role_assignment") else []
        if push and (page.superseded or doubles):  # written through the write path like any edit
            outcome = store.run(conflicts.record_conflicts, page.superseded, doubles)
            pages.append(outcome.changes)
            applied(outcome.changes)
            result.conflicts += outcome.value
        if done:
            break
    result.changes = Changes.union(pages)
    if result.pulled == 0:
        store.apply_remote([], cursor, epoch)  # remember the epoch and the time of the sync


def _push(hub: HubSession, store: Store, result: SyncResult) -> int:
    """Sends the unacknowledged outbox in batches; returns how many ops the hub acknowledged."""
    pushed, resent = 0, False
    pending = store.unacked()
    while pending:
        batch = pending[:PUSH_BATCH]
        reply = hub.push(batch)
        store.acknowledge(reply.last, reply.refused)
        for seq, reason in reply.refused:
            log.warning("the hub refused this station's op %s: %s", seq, reason)
        result.refused_own += reply.refused
        pushed += sum(1 for seq, _ in batch if seq <= reply.last)
        remaining = [(seq, p) for seq, p in pending if seq > reply.last]
        if len(remaining) < len(pending):
            pending, resent = remaining, False
        elif not resent:  # nothing taken: the hub lost ops it had acknowledged; send from there
            store.reoffer_outbox(after=reply.last)
            pending, resent = store.unacked(), True
        else:
            raise HubRefused(f"the hub holds up to {reply.last}; op {pending[0][0]} does not follow")
    return pushed
