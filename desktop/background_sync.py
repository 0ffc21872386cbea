"""The GUI's sync with the hub, on its own thread so the GUI never waits on the network.

A round (push, pull, apply — sync.client.sync_once) runs when the hub notifies new ops
(LISTEN crisisroom_ops), when this station commits something, and at least every
``fallback`` seconds. The thread has its own Store (SQLite connections); what a pull changed
goes out on the bus from the GUI thread like any other change, so views refresh only that.
Unreachable hub: the station keeps working offline, says so, and retries with exponential
backoff and jitter (1 s … 60 s) — a local edit or the user can still wake it at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import select
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.services.changes import Changes
from desktop.services.store import Store

log = logging.getLogger("crisisroom.sync")


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    last_synced: dt.datetime | None
    waiting: int  # this station's ops the hub has not acknowledged
    problem: str = ""  # "", unreachable, error, or a HubRefused code (the driver's text is in the log)
    progress: tuple[int, int] | None = None  # (pulled, of) during a long catch-up
    pushes: bool = True  # a wall display pulls and never pushes
    params: dict | None = None  # of the problem, e.g. how many minutes the clock is ahead
    held: int = 0  # ops from the hub waiting here (a clock ahead, a parent not arrived)
    refused: int = 0  # ops from the hub refused here, and ours the hub refused
    notes: tuple = ()  # the latest of them: (hub position or None for ours, state, code, params)


class BackgroundSync(QObject):
    status = Signal(object)  # SyncStatus, on the GUI thread
    _pulled = Signal(object)  # Changes from the sync thread → delivered on the GUI thread
    _said = Signal(object)

    def __init__(self, ctx, hub_url: str, *, push: bool = True, fallback: float = 10.0) -> None:  # noqa: ANN001
        super().__init__()
        self.ctx, self.hub_url, self.push, self.fallback = ctx, hub_url, push, fallback
        self.last: SyncStatus | None = None
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()  # the sync thread closes both when it ends
        self._pipe_lock = threading.Lock()
        self._pulled.connect(self._deliver)
        self._said.connect(self._say)
        ctx.bus.changed.connect(self._local_change)
        self._thread = threading.Thread(target=self._run, name="crisisroom-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Sync now (a local commit to push, or the user asked)."""
        with self._pipe_lock:
            if self._wake_w >= 0:  # once closed, its number may already belong to another file
                os.write(self._wake_w, b"!")

    def stop(self, wait: bool = True) -> None:
        """Ends the sync. ``wait=False`` (the hub was changed in the settings): the GUI does not
        wait for a round in flight on a slow network; the thread ends on its own and says nothing
        more."""
        if self._stop.is_set():
            return
        self.ctx.bus.changed.disconnect(self._local_change)
        self._stop.set()
        self.wake()
        if wait and self._thread.is_alive():
            self._thread.join(10)
        if not self._thread.is_alive():
            self._close_pipe()

    def _close_pipe(self) -> None:
        with self._pipe_lock:
            wake_r, wake_w = self._wake_r, self._wake_w
            self._wake_r = self._wake_w = -1
        for fd in (wake_r, wake_w):
            if fd >= 0:
                os.close(fd)

    # -- GUI thread
    def _local_change(self, _changes: Changes, initiator: object) -> None:
        if initiator is not self and self.push:
            self.wake()

    def _deliver(self, changes: Changes) -> None:
        self.ctx.bus.changed.emit(changes, self)  # applied already: views must see it even if stopping

    def _say(self, status: SyncStatus) -> None:
        if self._stop.is_set():
            return  # a retired sync: its successor speaks now
        self.last = status
        self.status.emit(status)

    # -- sync thread
    def _run(self) -> None:
        import psycopg

        from desktop.sync.client import HubRefused, HubUnavailable, connect_hub, explain, sync_once
        from desktop.sync.credentials import with_password

        store = Store(self.ctx.store.path, wall_clock=self.ctx.store.wall_clock)  # the station's one clock
        listener = None
        backoff = 1.0
        try:
            while not self._stop.is_set():
                try:
                    if listener is not None and listener.closed:
                        listener = None
                    if listener is None:
                        listener = connect_hub(with_password(self.hub_url), autocommit=True)
                        listener.execute("LISTEN crisisroom_ops")
                    store.reload_station()  # the operator may have changed: conflict entries name them
                    sync_once(store, self.hub_url, push=self.push, progress=self._progress(store),
                              applied=self._applied)
                    self._tell(store, online=True)
                    backoff = 1.0
                    self._wait(listener, self.fallback)
                except HubRefused as exc:
                    log.warning("the hub refused this station (%s): %s", exc.code, exc)
                    self._tell(store, online=False, problem=exc.code, params=exc.params)
                    self._wait(listener, 60.0)
                except Exception as exc:  # noqa: BLE001 - offline, or e.g. the database locked by another program
                    offline = isinstance(exc, (HubUnavailable, psycopg.Error, OSError))
                    if not offline:
                        log.exception("sync failed")  # the sync must not die silently: say it, retry
                    else:
                        log.info("the hub cannot be reached: %s", str(exc).strip())
                    if listener is not None:
                        listener.close()
                        listener = None
                    problem, params = explain(exc, self.hub_url) if offline else ("error", {})
                    self._tell(store, online=False, problem=problem, params=params)
                    self._wait(None, backoff * random.uniform(0.5, 1.5))  # jitter: stations don't stampede
                    backoff = min(backoff * 2, 60.0)
        finally:
            if listener is not None:
                listener.close()
            store.close()
            self._close_pipe()

    def _applied(self, changes: Changes) -> None:
        """A page is committed: the views hear of it now, even if the round is cut short later."""
        if changes:
            self._pulled.emit(changes)

    def _progress(self, store: Store):  # noqa: ANN202
        from desktop.sync import client

        def progress(done: int, total: int) -> None:
            if total > client.CATCH_UP:  # a long catch-up: say how far it got
                self._tell(store, online=True, progress=(done, total))
        return progress

    def _tell(self, store: Store, online: bool, problem: str = "",
              progress: tuple[int, int] | None = None, params: dict | None = None) -> None:
        last, waiting = store.sync_status()
        quarantined = store.quarantine()
        ours = store.refused_by_hub()
        held = sum(1 for q in quarantined if q.state == "held")
        notes = tuple((q.seq, q.state, q.code, q.params) for q in quarantined[-20:]) + tuple(
            (None, "refused", reason, {"seq": seq}) for seq, _op_id, reason in ours[-20:])
        self._said.emit(SyncStatus(online, last, waiting, problem, progress, self.push, params, held,
                                   len(quarantined) - held + len(ours), notes))

    def _wait(self, listener, seconds: float) -> None:  # noqa: ANN001
        """Until the hub notifies, this station wakes us, or ``seconds`` pass."""
        if self._stop.is_set():
            return
        import psycopg

        watched = [self._wake_r] + ([listener.fileno()] if listener is not None and not listener.closed else [])
        ready, _, _ = select.select(watched, [], [], seconds)
        if self._wake_r in ready:
            os.read(self._wake_r, 4096)
        if len(watched) > 1 and watched[1] in ready:
            try:
                for _notice in listener.notifies(timeout=0.001):  # a hint only: the pull carries the data
                    pass
            except psycopg.Error:
                listener.close()  # the hub went away: the next round says so and reconnects


def start_sync(ctx, *, push: bool = True, fallback: float = 10.0) -> BackgroundSync | None:  # noqa: ANN001
    """Background sync with the hub remembered for this database (crisisroom sync --hub), if any.
    A wall display pulls and never pushes."""
    url = ctx.store.hub_url()
    if not url or ctx.store.readonly:  # a pull writes: a read-only database cannot sync
        return None
    ctx.sync = BackgroundSync(ctx, url, push=push, fallback=fallback)
    ctx.sync.start()
    return ctx.sync


def restart_sync(ctx) -> BackgroundSync | None:  # noqa: ANN001
    """After the hub was set or forgotten: the old sync stops, the new one (if any) starts, and
    pushes as the old one did (a wall display stays a wall)."""
    push = True
    if ctx.sync is not None:
        push = ctx.sync.push
        ctx.sync.stop(wait=False)  # a round in flight may take seconds: never on the GUI thread
        ctx.sync = None
    return start_sync(ctx, push=push)
