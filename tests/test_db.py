"""Opening a station database: migrations, and a clear refusal of what cannot be opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.config import Config

from desktop import db
from desktop.models import Base


def test_a_new_database_is_migrated_to_head_in_wal_mode(tmp_path: Path) -> None:
    conn = db.connect(db.open_database(tmp_path / "new.db"))
    assert db.schema_revision(conn) == db.HEAD
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    conn.close()


def test_known_revisions_match_alembic() -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == db.HEAD
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(db.KNOWN_REVISIONS)


def test_the_models_and_the_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    engine = db.make_engine(db.open_database(tmp_path / "m.db"))

    def mapped(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
        # The search indexes are FTS5 virtual tables (and their shadow tables): not mappings.
        return not (type_ == "table" and reflected and name.split("_")[0] in ("incident", "entry", "lessons")
                    and name.split("_")[1] in ("fts", "tri"))

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": mapped}), Base.metadata)
    assert diff == []
    engine.dispose()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    db.open_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(db.DatabaseTooNew):
        db.open_database(path)


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a text file, not SQLite" * 10)
    with pytest.raises(db.DatabaseCorrupt):
        db.open_database(path)
    assert path.read_bytes().startswith(b"this is a text file")  # nothing lost


def test_a_damaged_database_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    db.open_database(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(db.DatabaseCorrupt):
        db.open_database(path)


def test_a_locked_database_is_reported_as_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.db"
    db.open_database(path)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(db.DatabaseLocked):
            db.open_database(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_folder_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(db.DatabaseUnavailable):
        db.open_database(blocker / "sub" / "x.db")


def _fingerprint(path: Path) -> tuple[str, list[str]]:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("kind", ["empty", "foreign"])
def test_opening_to_read_refuses_what_is_not_a_station_and_changes_nothing(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "other.db"
    if kind == "empty":
        path.touch()
    else:
        with sqlite3.connect(path) as conn:  # another program's SQLite file
            conn.execute("CREATE TABLE notes (body TEXT)")
            conn.execute("INSERT INTO notes VALUES ('keep me')")
        conn.close()
    before = _fingerprint(path)
    with pytest.raises(db.DatabaseNotStation):
        db.open_read_only(path)
    assert _fingerprint(path) == before  # same bytes, and no -wal or -shm beside it


def test_opening_to_read_asks_for_an_upgrade_of_an_older_schema(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    db.open_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (db.KNOWN_REVISIONS[-2],))
    conn.close()
    with pytest.raises(db.DatabaseBehind):
        db.open_read_only(path)
    conn = sqlite3.connect(path)
    assert db.schema_revision(conn) == db.KNOWN_REVISIONS[-2]  # not migrated
    conn.close()


def test_an_unwritable_file_or_folder_is_read_only_and_refused_for_writing(tmp_path: Path) -> None:
    from tests.helpers.readonly import unwritable

    path = tmp_path / "station.db"
    db.open_database(path)
    assert not db.is_read_only(path)
    with unwritable(path):
        assert db.is_read_only(path)
        with pytest.raises(db.DatabaseReadOnly):
            db.open_database(path)
        db.connect_read_only(db.open_read_only(path)).close()  # looking is still possible
    for beside in tmp_path.glob("station.db-*"):
        beside.unlink()  # a folder without the WAL files, as after a clean close
    with unwritable(tmp_path):
        assert db.is_read_only(path)
        conn = db.connect_read_only(db.open_read_only(path))
        assert conn.execute("SELECT count(*) FROM station").fetchone()[0] == 1
        conn.close()


@pytest.mark.parametrize(("names", "demo"), [(None, True), (("سمیه نادری", "Ali Rezaei"), False)])
def test_a_database_the_old_first_start_filled_with_the_demo_is_marked_a_demo(tmp_path: Path, names, demo: bool) -> None:  # noqa: ANN001
    """Before 0008 every new database got the demo on first start: migrating one marks it, so
    its invented incidents cannot be synced to a real hub; a real directory is left alone."""
    from importlib import import_module

    from alembic import command

    path = tmp_path / "older.db"
    engine = db.make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0007")
    engine.dispose()
    people = names or import_module("desktop.migrations.versions.0008_directory").DEMO_PEOPLE
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO station (id, station_id, short_code, name, kind, hlc, last_seq, created_at) "
                     "VALUES (1, 'a', 'HQ', '', 'coordinator', 0, 0, '2026-01-01T00:00:00.000000Z')")
        conn.executemany("INSERT INTO people (id, name, archived) VALUES (?, ?, 0)",
                         [(str(n), name) for n, name in enumerate(people)])
    conn.close()
    db.open_database(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT demo FROM station").fetchone()[0] == demo
    conn.close()


def test_the_search_triggers_survive_every_migration(tmp_path: Path) -> None:
    """A migration that copies the incidents table (an Alembic batch) drops its triggers, and
    with them every search; at head all six are there."""
    import sqlite3

    conn = sqlite3.connect(db.open_database(tmp_path / "t.db"))
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    conn.close()
    assert names == {"incidents_search_insert", "incidents_search_update", "incidents_lessons_insert",
                     "incidents_lessons_update", "entries_search_insert", "entries_search_update"}
