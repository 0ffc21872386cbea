"""Ten stations, each its own process with its own SQLite file, write 200 ops/s in all for a
minute through the real PostgreSQL hub. Each station syncs as the GUI's background sync does:
on the hub's NOTIFY and on its own commits, over one kept connection. Lag = the time from an
op's commit at one station (its HLC wall time) until it is applied at another; it must not
grow over the minute.

    python -m benchmarks.sync_load [seconds]
"""

from __future__ import annotations

import multiprocessing
import select
import statistics
import sys
import threading
import time
from pathlib import Path

STATIONS = 10
RATE = 200  # ops/s across all stations


class _Recording:
    """A HubSession that remembers the (hlc, station) of the ops it pulled."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.pulled = inner, []

    def __getattr__(self, name: str):  # noqa: ANN204 - the other calls, as they are
        return getattr(self.inner, name)

    def pull(self, after, limit):  # noqa: ANN001, ANN201
        rows = self.inner.pull(after, limit)
        self.pulled += [(op["hlc"], op["station_id"]) for _, op in rows]
        return rows


def _station(index: int, url: str, folder: str, start_at: float, seconds: float, queue) -> None:  # noqa: ANN001
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import psycopg

    from desktop.db import open_database
    from desktop.services import incidents
    from desktop.services.store import Store
    from desktop.sync.client import PostgresSession, sync_with

    path = open_database(Path(folder) / f"station{index}.db", short_code=f"L{index}")
    writer, syncer = Store(path), Store(path)
    me = writer.station.station_id
    incident = writer.run(incidents.declare, title=f"ایستگاه {index}").value
    local = threading.Event()
    done = threading.Event()
    lags: list[tuple[float, float]] = []  # (seconds since start, lag ms)

    def sync_loop() -> None:
        listen = psycopg.connect(url, autocommit=True)
        listen.execute("LISTEN crisisroom_ops")
        conn = psycopg.connect(url, autocommit=True)  # as sync_once connects: a call is one round trip
        session = PostgresSession(conn)
        while True:
            if not local.is_set():
                select.select([listen.fileno()], [], [], 0.05)
            for _ in listen.notifies(timeout=0, stop_after=0):
                pass
            local.clear()
            recording = _Recording(session)
            sync_with(recording, syncer)
            now = time.time() * 1000
            lags.extend((now / 1000 - start_at, now - (hlc >> 16)) for hlc, station in recording.pulled
                        if station != me and hlc >> 16 >= int(start_at * 1000))
            if done.is_set() and not syncer.unacked() and syncer.sync_position()[1] >= everything:
                break  # every station's every op is here
        conn.close()
        listen.close()

    interval = STATIONS / RATE
    everything = STATIONS * (1 + round(seconds / interval))  # a declare and the edits, per station
    thread = threading.Thread(target=sync_loop)
    thread.start()
    while time.time() < start_at:
        time.sleep(0.001)
    n = 0
    while True:
        due = start_at + n * interval
        if due >= start_at + seconds:
            break
        if due > time.time():
            time.sleep(due - time.time())
        writer.run(lambda tx, n=n: tx.put("incident", incident, war_room=f"اتاق {n}"))
        local.set()
        n += 1
    done.set()
    thread.join(timeout=120)
    queue.put((index, n, lags))
    writer.close()
    syncer.close()


def load(seconds: float = 60.0) -> dict[str, float]:
    import tempfile

    from benchmarks.hub_db import throwaway_hub

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    with throwaway_hub(STATIONS, "load") as (_url, urls), tempfile.TemporaryDirectory() as folder:
        start_at = time.time() + 8  # every process up and its first sync done
        processes = [context.Process(target=_station, args=(n, urls[n], folder, start_at, seconds, queue))
                     for n in range(STATIONS)]
        for process in processes:
            process.start()
        results = [queue.get(timeout=seconds + 300) for _ in processes]
        for process in processes:
            process.join()
    written = sum(r[1] for r in results)
    lags = [lag for r in results for lag in r[2]]
    first = [ms for t, ms in lags if t < seconds / 4]
    last = [ms for t, ms in lags if seconds * 3 / 4 <= t < seconds]
    every = sorted(ms for _, ms in lags)

    def p(values: list[float], q: float) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, int(q * len(values)))]

    return {"rate": written / seconds, "written": written, "applied": len(every), "p50": statistics.median(every),
            "p99": p(every, 0.99), "first_p99": p(first, 0.99), "last_p99": p(last, 0.99),
            "first_p50": statistics.median(first), "last_p50": statistics.median(last)}


def steady(figures: dict[str, float]) -> bool:
    """Lag does not grow: the last quarter's p99 within 1.5× the first quarter's (plus 50 ms of
    noise), every op applied everywhere else, and the rate held."""
    return (figures["last_p99"] <= 1.5 * figures["first_p99"] + 50
            and figures["applied"] == (STATIONS - 1) * figures["written"]
            and figures["rate"] >= RATE * 0.98)


if __name__ == "__main__":
    print(load(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0))
