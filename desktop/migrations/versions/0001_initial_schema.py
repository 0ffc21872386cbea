"""Initial schema: every shared entity, field clocks, the outbox and the station row.

Revision ID: 0001
Revises: 
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_records',
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('plan', sa.Text(), nullable=True),
    sa.Column('risk', sa.String(length=8), nullable=True),
    sa.Column('rollback_plan', sa.Text(), nullable=True),
    sa.Column('approval', sa.String(length=16), nullable=True),
    sa.Column('implemented_at', sa.String(length=27), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_records'))
    )
    op.create_table('field_clocks',
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'entity_id', 'field', name=op.f('pk_field_clocks')),
    sqlite_with_rowid=False
    )
    op.create_table('group_members',
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_members'))
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_members_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_members_person_id'), ['person_id'], unique=False)

    op.create_table('incident_services',
    sa.Column('incident_id', sa.String(length=36), nullable=True),
    sa.Column('service_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_services'))
    )
    with op.batch_alter_table('incident_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_services_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_services_service_id'), ['service_id'], unique=False)

    op.create_table('incidents',
    sa.Column('ref', sa.String(length=40), nullable=True),
    sa.Column('station_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('title_key', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('severity', sa.String(length=8), nullable=True),
    sa.Column('impact', sa.String(length=8), nullable=True),
    sa.Column('urgency', sa.String(length=8), nullable=True),
    sa.Column('reported_via', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('detected_at', sa.String(length=27), nullable=True),
    sa.Column('reported_at', sa.String(length=27), nullable=True),
    sa.Column('declared_at', sa.String(length=27), nullable=True),
    sa.Column('acknowledged_at', sa.String(length=27), nullable=True),
    sa.Column('contained_at', sa.String(length=27), nullable=True),
    sa.Column('resolved_at', sa.String(length=27), nullable=True),
    sa.Column('reviewed_at', sa.String(length=27), nullable=True),
    sa.Column('closed_at', sa.String(length=27), nullable=True),
    sa.Column('bridge_url', sa.Text(), nullable=True),
    sa.Column('bridge_phone', sa.String(length=40), nullable=True),
    sa.Column('bridge_pin', sa.String(length=20), nullable=True),
    sa.Column('war_room', sa.Text(), nullable=True),
    sa.Column('sla_minutes', sa.Integer(), nullable=True),
    sa.Column('problem_id', sa.String(length=36), nullable=True),
    sa.Column('change_id', sa.String(length=36), nullable=True),
    sa.Column('duplicate_of', sa.String(length=36), nullable=True),
    sa.Column('review_summary', sa.Text(), nullable=True),
    sa.Column('review_impact', sa.Text(), nullable=True),
    sa.Column('root_cause', sa.Text(), nullable=True),
    sa.Column('went_well', sa.Text(), nullable=True),
    sa.Column('went_wrong', sa.Text(), nullable=True),
    sa.Column('got_lucky', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_declared_at'), ['declared_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_ref'), ['ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_title_key'), ['title_key'], unique=False)

    op.create_table('notifications',
    sa.Column('incident_id', sa.String(length=36), nullable=True),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('template', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.String(length=27), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=True),
    sa.Column('sent_at', sa.String(length=27), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_incident_id'), ['incident_id'], unique=False)

    op.create_table('outbox',
    sa.Column('station_seq', sa.Integer(), nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=27), nullable=False),
    sa.Column('acked', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('station_seq', name=op.f('pk_outbox')),
    sa.UniqueConstraint('op_id', name=op.f('uq_outbox_op_id'))
    )
    op.create_table('people',
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('name_key', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('team', sa.Text(), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_name_key'), ['name_key'], unique=False)

    op.create_table('problem_records',
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('root_cause', sa.Text(), nullable=True),
    sa.Column('known_error', sa.Text(), nullable=True),
    sa.Column('workaround', sa.Text(), nullable=True),
    sa.Column('five_whys', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_records'))
    )
    op.create_table('role_assignments',
    sa.Column('incident_id', sa.String(length=36), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('assumed_at', sa.String(length=27), nullable=True),
    sa.Column('renounced_at', sa.String(length=27), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignments'))
    )
    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignments_incident_id'), ['incident_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignments_person_id'), ['person_id'], unique=False)

    op.create_table('services',
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('name_key', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('owner_team', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services'))
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_services_name_key'), ['name_key'], unique=False)

    op.create_table('stakeholder_groups',
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_groups'))
    )
    op.create_table('station',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=False),
    sa.Column('short_code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), server_default='coordinator', nullable=False),
    sa.Column('hlc', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('last_seq', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('operator_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.String(length=27), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station'))
    )
    op.create_table('tasks',
    sa.Column('incident_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('column', sa.String(length=16), nullable=True),
    sa.Column('position', sa.String(length=64), nullable=True),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('due_at', sa.String(length=27), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('done_at', sa.String(length=27), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_incident_id'), ['incident_id'], unique=False)

    op.create_table('timeline_entries',
    sa.Column('incident_id', sa.String(length=36), nullable=True),
    sa.Column('at', sa.String(length=27), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('pinned', sa.Boolean(), server_default=sa.text('0'), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('archived', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_entries'))
    )
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_entries_incident_at', ['incident_id', 'at', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_entries_incident_at')

    op.drop_table('timeline_entries')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_incident_id'))

    op.drop_table('tasks')
    op.drop_table('station')
    op.drop_table('stakeholder_groups')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_services_name_key'))

    op.drop_table('services')
    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignments_person_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignments_incident_id'))

    op.drop_table('role_assignments')
    op.drop_table('problem_records')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_name_key'))

    op.drop_table('people')
    op.drop_table('outbox')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_incident_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_title_key'))
        batch_op.drop_index(batch_op.f('ix_incidents_status'))
        batch_op.drop_index(batch_op.f('ix_incidents_ref'))
        batch_op.drop_index(batch_op.f('ix_incidents_declared_at'))

    op.drop_table('incidents')
    with op.batch_alter_table('incident_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_services_service_id'))
        batch_op.drop_index(batch_op.f('ix_incident_services_incident_id'))

    op.drop_table('incident_services')
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_members_person_id'))
        batch_op.drop_index(batch_op.f('ix_group_members_group_id'))

    op.drop_table('group_members')
    op.drop_table('field_clocks')
    op.drop_table('change_records')
