"""Where each of this station's ops stands in the hub's log, learnt when the hub serves it back,
and the outbox found by clock: a field this station wrote, replaced by another station's op, is
a conflict only if that op's author had not pulled this station's op (its ``seen`` position).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("hub_seq", sa.BigInteger(), nullable=True))
    op.create_index("ix_outbox_hlc", "outbox", ["hlc"])


def downgrade() -> None:
    op.drop_index("ix_outbox_hlc", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("hub_seq")
