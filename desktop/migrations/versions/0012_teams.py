"""Teams get a record of their own: a lead and how to reach the team. People and services keep
carrying the team's name, which is what joins them to it.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("lead_id", sa.String(length=36), nullable=True),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("archived", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    op.create_index(op.f("ix_teams_lead_id"), "teams", ["lead_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_teams_lead_id"), table_name="teams")
    op.drop_table("teams")
