"""Drills: an incident can be marked as an exercise, kept out of every metric and shown apart.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch: a batch copies the table, and the copy loses its search triggers.
def upgrade() -> None:
    op.add_column("incidents", sa.Column("exercise", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    op.execute("ALTER TABLE incidents DROP COLUMN exercise")
