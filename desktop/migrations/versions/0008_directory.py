"""A real organisation's directory: people gain languages, the outside-expert flag with their
organisation, and an external id (an HR export's) that imports match on, with email; services
gain criticality, an SLA target per severity, who uses them and an external id. A station made
for demo data is marked, and never joins a hub.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("languages", sa.String(200), nullable=True))
        batch.add_column(sa.Column("outside_expert", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("organisation", sa.Text(), nullable=True))
        batch.add_column(sa.Column("external_id", sa.String(200), nullable=True))
    op.create_index("ix_people_email", "people", ["email"])
    op.create_index("ix_people_external_id", "people", ["external_id"])
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("criticality", sa.String(16), nullable=True))
        for n in range(1, 5):
            batch.add_column(sa.Column(f"sla_sev{n}", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("used_by", sa.Text(), nullable=True))
        batch.add_column(sa.Column("external_id", sa.String(200), nullable=True))
    op.create_index("ix_services_external_id", "services", ["external_id"])
    with op.batch_alter_table("station") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("station") as batch:
        batch.drop_column("demo")
    op.drop_index("ix_services_external_id", "services")
    with op.batch_alter_table("services") as batch:
        for name in ("external_id", "used_by", "sla_sev4", "sla_sev3", "sla_sev2", "sla_sev1", "criticality"):
            batch.drop_column(name)
    op.drop_index("ix_people_external_id", "people")
    op.drop_index("ix_people_email", "people")
    with op.batch_alter_table("people") as batch:
        for name in ("external_id", "organisation", "outside_expert", "languages"):
            batch.drop_column(name)
