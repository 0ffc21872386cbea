"""A real PostgreSQL hub per test: its own database and station roles, dropped afterwards.

The server comes from CRISISROOM_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test);
without one the tests fail, they never skip.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

SERVER = os.environ.get("CRISISROOM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def hub_admin_url() -> Iterator[str]:
    name = f"crisisroom_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(SERVER, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.fail(f"the sync tests need PostgreSQL at {SERVER} (set CRISISROOM_TEST_PG): {exc}")
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = psycopg.conninfo.make_conninfo(SERVER, dbname=name)
    yield url
    with psycopg.connect(url, autocommit=True) as conn:
        roles = [r[0] for r in conn.execute("SELECT role_name FROM stations")] if conn.execute(
            "SELECT to_regclass('stations')").fetchone()[0] else []
        for role in roles:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                  (name,))
    admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
    for role in roles:
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    admin.close()


@pytest.fixture
def station_name() -> str:
    return f"t{secrets.token_hex(3)}"
