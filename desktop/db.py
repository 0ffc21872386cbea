"""Opening a station's SQLite database: pragmas, migrations on start, and clear failures.

Alembic is imported only when the schema is behind: a database already at head opens with one
query, which keeps cold start short.
"""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from desktop.models.base import new_id, to_wire_time
from desktop.text.calendar import utcnow

# Alembic revisions this version knows, oldest first; the last is head (a test checks it).
KNOWN_REVISIONS = ("0001",)
HEAD = KNOWN_REVISIONS[-1]
BUSY_TIMEOUT_MS = 3000


class DatabaseError(Exception):
    """A database that cannot be used as it is. ``code`` is stable; views word it per language."""

    code = "database"

    def __init__(self, path: Path | str, detail: str = "") -> None:
        super().__init__(f"{self.code}: {path}: {detail}")
        self.path = str(path)
        self.detail = detail


class DatabaseLocked(DatabaseError):
    code = "locked"


class DatabaseCorrupt(DatabaseError):
    code = "corrupt"


class DatabaseTooNew(DatabaseError):
    code = "too_new"


class DatabaseUnavailable(DatabaseError):
    code = "unavailable"  # cannot be created or opened: missing folder, no permission


def classify(exc: BaseException, path: Path | str) -> DatabaseError | None:
    """Maps a driver error to the failure people are told about, or None for a bug."""
    if isinstance(exc, DatabaseError):
        return exc
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return None
    message = str(orig).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLocked(path, str(orig))
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return DatabaseCorrupt(path, str(orig))
    if "unable to open" in message or "readonly" in message or "read-only" in message:
        return DatabaseUnavailable(path, str(orig))
    return None


def make_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False,
                                                              "timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # a committed edit survives a power cut
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: object) -> None:
        # Writers take the lock up front, so two processes never deadlock upgrading a read lock.
        immediate = connection.get_execution_options().get("immediate", False)  # type: ignore[attr-defined]
        # Straight to the driver: going through exec_driver_sql costs a tenth of a write.
        connection.connection.dbapi_connection.execute(  # type: ignore[attr-defined]
            "BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _check_header(path: Path) -> None:
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise DatabaseCorrupt(path, "not an SQLite database")


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def ensure_station(engine: Engine, short_code: str | None = None, name: str | None = None,
                   kind: str = "coordinator") -> None:
    """Gives a new database its station identity; the id is made here, offline, once."""
    with engine.begin() as conn:
        if conn.execute(text("SELECT 1 FROM station WHERE id = 1")).first():
            return
        station_id = new_id()
        conn.execute(text(
            "INSERT INTO station (id, station_id, short_code, name, kind, hlc, last_seq, created_at) "
            "VALUES (1, :sid, :code, :name, :kind, 0, 0, :now)"),
            {"sid": station_id, "code": short_code or secrets.token_hex(2).upper(),
             "name": name or "", "kind": kind, "now": to_wire_time(utcnow())})


def open_database(path: Path | str, *, short_code: str | None = None) -> Engine:
    """Opens (creating if absent) and migrates a station database, or raises a DatabaseError."""
    path = Path(path)
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        _check_header(path)
    except OSError as exc:
        raise DatabaseUnavailable(path, str(exc)) from exc
    engine = make_engine(path)
    try:
        revision = schema_revision(engine)
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise DatabaseTooNew(path, revision)
        if revision != HEAD:
            migrate(engine)
        ensure_station(engine, short_code)
    except Exception as exc:
        engine.dispose()
        known = classify(exc, path)
        if known is None:
            raise
        raise known from exc
    return engine
