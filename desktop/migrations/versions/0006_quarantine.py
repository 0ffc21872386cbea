"""Ops from the hub that are held (a clock too far ahead, a parent not arrived yet) or refused
(against the rules), each once with its hub position and why; and the hub's refusals of this
station's own ops.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantine",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("op_id", sa.Text(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("params", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("at", sa.String(27), nullable=False),
        sqlite_autoincrement=False,
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("refused", sa.String(32), nullable=True))
    # The status bar counts them after every round: a few rows, found without reading the outbox.
    op.create_index("ix_outbox_refused", "outbox", ["station_seq"], sqlite_where=sa.text("refused IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_outbox_refused", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("refused")
    op.drop_table("quarantine")
