"""Search: normalised copies of titles, descriptions and notes, indexed by FTS5 (words) and by a
trigram index over a copy without spaces (text typed without its half-space still matches) of
titles and notes; descriptions are searched by word only, which keeps edits cheap.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = """
CREATE VIRTUAL TABLE incident_fts USING fts5(title_search, description_search, content='incidents', content_rowid='rowid');
CREATE VIRTUAL TABLE incident_tri USING fts5(compact, tokenize='trigram', content='');
CREATE VIRTUAL TABLE entry_fts USING fts5(text_search, content='timeline_entries', content_rowid='rowid');
CREATE VIRTUAL TABLE entry_tri USING fts5(compact, tokenize='trigram', content='');
CREATE TRIGGER incidents_search_insert AFTER INSERT ON incidents BEGIN
  INSERT INTO incident_fts(rowid, title_search, description_search) VALUES (new.rowid, new.title_search, new.description_search);
  INSERT INTO incident_tri(rowid, compact) VALUES (new.rowid, replace(coalesce(new.title_search, ''), ' ', ''));
END;
CREATE TRIGGER incidents_search_update AFTER UPDATE OF title_search, description_search ON incidents BEGIN
  INSERT INTO incident_fts(incident_fts, rowid, title_search, description_search) VALUES ('delete', old.rowid, old.title_search, old.description_search);
  INSERT INTO incident_fts(rowid, title_search, description_search) VALUES (new.rowid, new.title_search, new.description_search);
  INSERT INTO incident_tri(incident_tri, rowid, compact) VALUES ('delete', old.rowid, replace(coalesce(old.title_search, ''), ' ', ''));
  INSERT INTO incident_tri(rowid, compact) VALUES (new.rowid, replace(coalesce(new.title_search, ''), ' ', ''));
END;
CREATE TRIGGER entries_search_insert AFTER INSERT ON timeline_entries BEGIN
  INSERT INTO entry_fts(rowid, text_search) VALUES (new.rowid, new.text_search);
  INSERT INTO entry_tri(rowid, compact) VALUES (new.rowid, replace(coalesce(new.text_search, ''), ' ', ''));
END;
CREATE TRIGGER entries_search_update AFTER UPDATE OF text_search ON timeline_entries BEGIN
  INSERT INTO entry_fts(entry_fts, rowid, text_search) VALUES ('delete', old.rowid, old.text_search);
  INSERT INTO entry_fts(rowid, text_search) VALUES (new.rowid, new.text_search);
  INSERT INTO entry_tri(entry_tri, rowid, compact) VALUES ('delete', old.rowid, replace(coalesce(old.text_search, ''), ' ', ''));
  INSERT INTO entry_tri(rowid, compact) VALUES (new.rowid, replace(coalesce(new.text_search, ''), ' ', ''));
END;
"""


def _statements(script: str) -> list[str]:
    """Whole statements (trigger bodies hold semicolons); executescript would commit early."""
    import sqlite3

    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return out


def upgrade() -> None:
    from desktop.text.normalize import search_key

    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("title_search", sa.Text(), nullable=True))
        batch.add_column(sa.Column("description_search", sa.Text(), nullable=True))
    with op.batch_alter_table("timeline_entries") as batch:
        batch.add_column(sa.Column("text_search", sa.Text(), nullable=True))
    connection = op.get_bind()
    rows = connection.exec_driver_sql("SELECT id, title, description FROM incidents").fetchall()
    if rows:
        connection.exec_driver_sql("UPDATE incidents SET title_search = ?, description_search = ? WHERE id = ?",
                                   [(search_key(t), search_key(d), i) for i, t, d in rows])
    rows = connection.exec_driver_sql("SELECT id, text FROM timeline_entries").fetchall()
    if rows:
        connection.exec_driver_sql("UPDATE timeline_entries SET text_search = ? WHERE id = ?",
                                   [(search_key(t), i) for i, t in rows])
    for statement in _statements(INDEXES):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("INSERT INTO incident_fts(incident_fts) VALUES ('rebuild')")
    connection.exec_driver_sql("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
    connection.exec_driver_sql(
        "INSERT INTO incident_tri(rowid, compact) SELECT rowid, replace(coalesce(title_search, ''), ' ', '') "
        "FROM incidents")
    connection.exec_driver_sql(
        "INSERT INTO entry_tri(rowid, compact) SELECT rowid, replace(coalesce(text_search, ''), ' ', '') "
        "FROM timeline_entries")


def downgrade() -> None:
    for name in ("incidents_search_insert", "incidents_search_update", "entries_search_insert",
                 "entries_search_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in ("incident_fts", "incident_tri", "entry_fts", "entry_tri"):
        op.execute(f"DROP TABLE IF EXISTS {name}")
    with op.batch_alter_table("timeline_entries") as batch:
        batch.drop_column("text_search")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("description_search")
        batch.drop_column("title_search")
