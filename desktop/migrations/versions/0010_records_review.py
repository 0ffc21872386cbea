"""From problem to change to review: a problem record's contributing factors, state and owner;
a change record's reason, risk reason, approver, approval time and schedule; the incident's
post-implementation review checklist and lessons learned; a task's priority.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_STAMP = sa.String(27)  # UTCDateTime's text form

_PROBLEM = (("contributing_factors", sa.Text()), ("state", sa.String(24)), ("owner_id", sa.String(36)))
_CHANGE = (("description", sa.Text()), ("risk_reason", sa.Text()), ("approved_by", sa.String(36)),
           ("approved_at", _STAMP), ("scheduled_at", _STAMP))
_INCIDENT = (("fix_verified_at", _STAMP), ("monitoring_confirmed_at", _STAMP), ("docs_updated_at", _STAMP),
             ("lessons", sa.Text()), ("lessons_search", sa.Text()))

# Lessons learned are searched (similar past incidents) like titles: their search key, indexed.
LESSONS_INDEX = (
    "CREATE VIRTUAL TABLE lessons_fts USING fts5(lessons_search, content='incidents', content_rowid='rowid')",
    "CREATE TRIGGER incidents_lessons_insert AFTER INSERT ON incidents "
    "WHEN NOT (SELECT search_paused FROM sync_state WHERE id = 1) BEGIN "
    "INSERT INTO lessons_fts(rowid, lessons_search) VALUES (new.rowid, new.lessons_search); END",
    "CREATE TRIGGER incidents_lessons_update AFTER UPDATE OF lessons_search ON incidents "
    "WHEN NOT (SELECT search_paused FROM sync_state WHERE id = 1) BEGIN "
    "INSERT INTO lessons_fts(lessons_fts, rowid, lessons_search) VALUES ('delete', old.rowid, old.lessons_search); "
    "INSERT INTO lessons_fts(rowid, lessons_search) VALUES (new.rowid, new.lessons_search); END",
)
_TASK = (("priority", sa.String(8)),)


def upgrade() -> None:
    for table, columns in (("problem_records", _PROBLEM), ("change_records", _CHANGE),
                           ("incidents", _INCIDENT), ("tasks", _TASK)):
        with op.batch_alter_table(table) as batch:
            for name, kind in columns:
                batch.add_column(sa.Column(name, kind, nullable=True))
    op.execute("UPDATE problem_records SET state = CASE WHEN coalesce(root_cause, '') = '' THEN 'open' "
               "ELSE 'root_cause_found' END")
    op.execute("UPDATE tasks SET priority = 'normal'")
    for statement in LESSONS_INDEX:
        op.execute(statement)
    op.execute("INSERT INTO lessons_fts(lessons_fts) VALUES ('rebuild')")


def downgrade() -> None:
    for name in ("TRIGGER incidents_lessons_update", "TRIGGER incidents_lessons_insert", "TABLE lessons_fts"):
        op.execute(f"DROP {name}")
    for table, columns in (("problem_records", _PROBLEM), ("change_records", _CHANGE),
                           ("incidents", _INCIDENT), ("tasks", _TASK)):
        with op.batch_alter_table(table) as batch:
            for name, _kind in reversed(columns):
                batch.drop_column(name)
