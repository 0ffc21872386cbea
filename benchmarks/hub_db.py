"""A hub database of the benchmark's own on the PostgreSQL server in CRISISROOM_TEST_PG, with a
login per station; dropped afterwards with its roles."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

SERVER = os.environ.get("CRISISROOM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def throwaway_hub(stations: int, prefix: str = "bench") -> Iterator[tuple[str, list[str]]]:
    """(the hub's admin URL, each station's URL)."""
    import psycopg
    from psycopg import sql

    from desktop.sync import hub

    name = f"crisisroom_{prefix}_{secrets.token_hex(4)}"
    admin = psycopg.connect(SERVER, autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = psycopg.conninfo.make_conninfo(SERVER, dbname=name)
    names = [f"{prefix}{secrets.token_hex(2)}{n}" for n in range(stations)]
    try:
        hub.init(url)
        yield url, [hub.add_station(url, station) for station in names]
    finally:
        hub.remove_logins(url)
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()
