"""Stakeholder communications: each incident's plan (comm_audiences), the organisation's own
templates (comm_templates), messages that say who queued them, their subject, language and
Message-ID, and a delivery state per recipient (notification_recipients); an incident may set
its own interval between status updates.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _shared() -> list[sa.Column]:
    return [sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("archived", sa.Boolean(), server_default=sa.false(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "comm_audiences", *_shared(),
        sa.Column("incident_id", sa.String(36), nullable=True, index=True),
        sa.Column("group_id", sa.String(36), nullable=True),
        sa.Column("channels", sa.String(100), nullable=True),
        sa.Column("lang", sa.String(8), nullable=True),
        sa.Column("at_once", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "comm_templates", *_shared(),
        sa.Column("event", sa.String(40), nullable=True),
        sa.Column("lang", sa.String(8), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True))
    op.create_table(
        "notification_recipients", *_shared(),
        sa.Column("notification_id", sa.String(36), nullable=True, index=True),
        sa.Column("person_id", sa.String(36), nullable=True),
        sa.Column("address", sa.String(320), nullable=True),
        sa.Column("state", sa.String(16), nullable=True, index=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("next_try_at", sa.String(27), nullable=True),
        sa.Column("sent_at", sa.String(27), nullable=True))
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("subject", sa.Text(), nullable=True))
        batch.add_column(sa.Column("lang", sa.String(8), nullable=True))
        batch.add_column(sa.Column("station_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("message_id", sa.String(200), nullable=True))
        batch.add_column(sa.Column("queued_at", sa.String(27), nullable=True))
        batch.create_index("ix_notifications_station_id", ["station_id"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("update_every_min", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("update_every_min")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_station_id")
        for column in ("queued_at", "message_id", "station_id", "lang", "subject"):
            batch.drop_column(column)
    op.drop_table("notification_recipients")
    op.drop_table("comm_templates")
    op.drop_table("comm_audiences")
