"""A real organisation's directory: people gain languages, the outside-expert flag with their
organisation, and an external id (an HR export's) that imports match on, with email; services
gain criticality, an SLA target per severity, who uses them and an external id. A station made
for demo data is marked, and never joins a hub.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

# The demo's people as the demo of revisions 0001–0007 wrote them (frozen here: the demo may change).
DEMO_PEOPLE = ("مریم احمدی", "علی رضایی", "سارا محمدی", "رضا کریمی", "نرگس حسینی", "حمید موسوی", "پیمان نوری",
               "زهرا کاظمی", "امیر جعفری", "لیلا صادقی", "کاوه عباسی", "فاطمه قاسمی")

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
    # Until now every new database was filled with the demo on first start: one whose directory
    # holds the demo's people is marked, so its invented incidents never reach a real hub.
    names = ", ".join(f"'{name}'" for name in DEMO_PEOPLE)
    op.execute(f"UPDATE station SET demo = 1 WHERE (SELECT count(DISTINCT name) FROM people WHERE name IN ({names})) "
               f">= {len(DEMO_PEOPLE) - 2}")


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
