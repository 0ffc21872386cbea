"""An offline backlog through the real PostgreSQL hub: push it, then pull it into a new station."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

SERVER = os.environ.get("CRISISROOM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def backlog(folder: Path, station_db: Path) -> tuple[int, float, float]:
    """(ops, seconds to push them all, seconds to pull them into a fresh station)."""
    import psycopg
    from psycopg import sql

    from desktop.db import open_database
    from desktop.services.store import Store
    from desktop.sync import hub
    from desktop.sync.client import sync_once

    name = f"crisisroom_bench_{secrets.token_hex(4)}"
    admin = psycopg.connect(SERVER, autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = psycopg.conninfo.make_conninfo(SERVER, dbname=name)
    roles = [hub.role_name(f"bench{secrets.token_hex(2)}{n}") for n in range(2)]
    try:
        hub.init(url)
        urls = [hub.add_station(url, role.removeprefix("crisisroom_")) for role in roles]
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
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            for role in roles:
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        for role in roles:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        admin.close()
