"""Opening a station's SQLite database: pragmas, migrations on start, and clear failures.

Only the standard library is imported here. Reads (and so the first paint) go through plain
sqlite3; SQLAlchemy is imported for the first write, and Alembic only when the schema is behind.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.text.calendar import utcnow
from desktop.wire import new_id, to_wire_time

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Alembic revisions this version knows, oldest first; the last is head (a test checks it).
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012")
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


class DatabaseReadOnly(DatabaseError):
    code = "read_only"  # this user cannot write the file (or its folder): it can only be looked at


class DatabaseNotStation(DatabaseError):
    code = "not_station"  # empty, or an SQLite file of some other program


class DatabaseBehind(DatabaseError):
    code = "behind"  # an older schema, and opened read-only: the app must open it once to upgrade


def classify(exc: BaseException, path: Path | str) -> DatabaseError | None:
    """Maps a driver error (bare, or wrapped by SQLAlchemy) to the failure people are told about,
    or None for a bug."""
    if isinstance(exc, DatabaseError):
        return exc
    orig = getattr(exc, "orig", None) or exc
    if not isinstance(orig, sqlite3.Error):
        return None
    message = str(orig).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLocked(path, str(orig))
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return DatabaseCorrupt(path, str(orig))
    if "readonly" in message or "read-only" in message:
        return DatabaseReadOnly(path, str(orig))
    if "unable to open" in message:
        return DatabaseUnavailable(path, str(orig))
    return None


def configure(connection: sqlite3.Connection) -> sqlite3.Connection:
    """The pragmas every connection gets; transactions are begun explicitly by their owner."""
    connection.isolation_level = None
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")  # a committed edit survives a power cut
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def connect(path: Path | str) -> sqlite3.Connection:
    """A plain connection for reads (rows by column name), usable from one thread at a time."""
    connection = configure(sqlite3.connect(str(path), check_same_thread=False,
                                           timeout=BUSY_TIMEOUT_MS / 1000))
    connection.row_factory = sqlite3.Row
    return connection


def is_read_only(path: Path | str) -> bool:
    """True when this user cannot write the file, or cannot make the journal files beside it."""
    path = Path(path)
    if not os.access(path, os.W_OK):
        return True
    beside = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    return not os.access(path.parent, os.W_OK) and not all(os.access(p, os.W_OK) for p in beside)


def connect_read_only(path: Path | str) -> sqlite3.Connection:
    """A connection that cannot change the file: no journal-mode switch, no write lock, so it
    reads while a writer is busy. In a folder it cannot write, SQLite cannot make the WAL index
    either; then the file is read as immutable (nobody without that folder's rights writes it)."""
    uri = Path(path).absolute().as_uri()
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        connection = sqlite3.connect(uri + query, uri=True, check_same_thread=False,
                                     timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            break
        except sqlite3.OperationalError:
            connection.close()
            if os.access(Path(path).parent, os.W_OK) or "immutable" in query:
                raise
    connection.isolation_level = None
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.row_factory = sqlite3.Row
    return connection


def make_engine(path: Path | str) -> Engine:
    """The SQLAlchemy engine for writes, migrations and ORM sessions."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False,
                                                              "timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        configure(dbapi_connection)

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


def schema_revision(connection: sqlite3.Connection) -> str | None:
    if not connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone():
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def migrate(path: Path | str) -> None:
    from alembic import command
    from alembic.config import Config

    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def ensure_station(connection: sqlite3.Connection, short_code: str | None = None,
                   name: str | None = None, kind: str = "coordinator") -> None:
    """Gives a new database its station identity; the id is made here, offline, once."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        if not connection.execute("SELECT 1 FROM station WHERE id = 1").fetchone():
            connection.execute(
                "INSERT INTO station (id, station_id, short_code, name, kind, hlc, last_seq, created_at) "
                "VALUES (1, ?, ?, ?, ?, 0, 0, ?)",
                (new_id(), short_code or secrets.token_hex(2).upper(), name or "", kind, to_wire_time(utcnow())))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _checked(path: Path, opener, check) -> Path:  # noqa: ANN001
    """Opens ``path`` with ``opener`` and runs ``check(connection)``, turning driver and OS
    failures into the DatabaseError people are told about."""
    try:
        _check_header(path)
        connection = opener(path)
    except OSError as exc:
        raise DatabaseUnavailable(path, str(exc)) from exc
    except sqlite3.Error as exc:
        raise classify(exc, path) or DatabaseUnavailable(path, str(exc)) from exc
    try:
        check(connection)
    except Exception as exc:
        known = classify(exc, path)
        if known is None:
            raise
        raise known from exc
    finally:
        connection.close()
    return path


def open_read_only(path: Path | str) -> Path:
    """Checks, without changing anything, that ``path`` is a station database at this version,
    for reading only (export, screenshots, a file this user cannot write); returns its path or
    raises a DatabaseError. Nothing is migrated or created."""
    path = Path(path)

    def check(connection: sqlite3.Connection) -> None:
        revision = schema_revision(connection)
        if revision is None or not connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'station'").fetchone():
            raise DatabaseNotStation(path, "no station table")
        if revision not in KNOWN_REVISIONS:
            raise DatabaseTooNew(path, revision)
        if revision != HEAD:
            raise DatabaseBehind(path, revision)

    try:
        if path.stat().st_size == 0:
            raise DatabaseNotStation(path, "empty")
    except OSError as exc:
        raise DatabaseUnavailable(path, str(exc)) from exc
    return _checked(path, connect_read_only, check)


def open_database(path: Path | str, *, short_code: str | None = None) -> Path:
    """Checks, creates if absent and migrates a station database; returns its path, or raises a
    DatabaseError that says what is wrong. Nothing in an existing file is changed on refusal."""
    path = Path(path)

    def check(connection: sqlite3.Connection) -> None:
        revision = schema_revision(connection)
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise DatabaseTooNew(path, revision)
        if revision != HEAD:
            migrate(path)
        ensure_station(connection, short_code)

    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and is_read_only(path):
            _check_header(path)
            raise DatabaseReadOnly(path)  # said plainly, before a write fails half-way
    except OSError as exc:
        raise DatabaseUnavailable(path, str(exc)) from exc
    return _checked(path, connect, check)
