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
    from desktop.sync import hub

    hub.remove_logins(url)
    admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


@pytest.fixture
def station_name() -> str:
    return f"t{secrets.token_hex(3)}"
