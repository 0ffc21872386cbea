"""An offline backlog through the real PostgreSQL hub: push it, then pull it into a new station."""

from __future__ import annotations

import time
from pathlib import Path


def backlog(folder: Path, station_db: Path) -> tuple[int, float, float]:
    """(ops, seconds to push them all, seconds to pull them into a fresh station)."""
    from benchmarks.hub_db import throwaway_hub
    from desktop.db import open_database
    from desktop.services.store import Store
    from desktop.sync.client import sync_once

    with throwaway_hub(2) as (_url, urls):
        source = Store(station_db)
        ops = len(source.unacked())
        start = time.perf_counter()
        sync_once(source, urls[0])
        push = time.perf_counter() - start
        source.close()
        fresh = Store(open_database(folder / "fresh.db", short_code="NEW"))
        start = time.perf_counter()
        sync_once(fresh, urls[1])
        pull = time.perf_counter() - start
        fresh.close()
        return ops, push, pull
