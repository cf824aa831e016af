"""GDAP requests: role templates (a least-privilege default per organization) and requests

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 09:00:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
# Cloud Application Administrator (onboarding) and Directory Readers (user counts, email
# permissions): api/tenants/roles.py LEAST_PRIVILEGE_ROLES, as of this revision.
DEFAULT_ROLES = ['158c047a-c907-4556-b7ef-446551a6b5f7', '88d8e3e3-8f55-4a1e-953a-9b9898b8876b']
DEFAULT_NAME = 'Least privilege (Petra)'
STATES = ('approval_pending', 'active', 'assigning', 'ready', 'expired', 'terminated', 'failed')


def upgrade() -> None:
    op.create_table('gdap_role_template',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role_ids', JSON, nullable=False),
    sa.Column('duration_days', sa.Integer(), nullable=False),
    sa.Column('auto_extend', sa.Boolean(), nullable=False),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('group_name', sa.String(length=256), nullable=True),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_gdap_role_template_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gdap_role_template')),
    sa.UniqueConstraint('organization_id', 'name', name=op.f('uq_gdap_role_template_organization_id_name'))
    )
    op.create_table('gdap_request',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('template_id', sa.Uuid(), nullable=True),
    sa.Column('template_name', sa.String(length=100), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=True),
    sa.Column('customer_name', sa.String(length=256), nullable=False),
    sa.Column('relationship_id', sa.String(length=80), nullable=True),
    sa.Column('display_name', sa.String(length=50), nullable=False),
    sa.Column('role_ids', JSON, nullable=False),
    sa.Column('duration_days', sa.Integer(), nullable=False),
    sa.Column('auto_extend', sa.Boolean(), nullable=False),
    sa.Column('top_up', sa.Boolean(), nullable=False),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('group_name', sa.String(length=256), nullable=True),
    sa.Column('state', sa.Enum(*STATES, name='gdap_request_state', native_enum=False, length=20), nullable=False),
    sa.Column('approval_link', sa.String(length=500), nullable=True),
    sa.Column('link_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('relationship_end_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error_code', sa.String(length=80), nullable=True),
    sa.Column('root_cause', sa.String(length=80), nullable=True),
    sa.Column('error_message', sa.String(length=1000), nullable=True),
    sa.Column('error_action', sa.String(length=500), nullable=True),
    sa.Column('timeline', JSON, nullable=False),
    sa.Column('requested_by_label', sa.String(length=320), nullable=True),
    sa.Column('last_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_gdap_request_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['gdap_role_template.id'], name=op.f('fk_gdap_request_template_id_gdap_role_template'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gdap_request'))
    )
    op.create_index('ix_gdap_request_org_created', 'gdap_request', ['organization_id', 'created_at'], unique=False)
    op.create_index('uq_gdap_request_open_tenant', 'gdap_request', ['organization_id', 'tenant_id'], unique=True, postgresql_where=sa.text("tenant_id IS NOT NULL AND state IN ('approval_pending', 'active', 'assigning')"))
    op.add_column('managed_tenant', sa.Column('ending_notified_for', sa.DateTime(timezone=True), nullable=True))
    # Every organization that exists already gets the default template new ones get.
    op.execute(
        sa.text(
            "INSERT INTO gdap_role_template (id, organization_id, name, role_ids, duration_days,"
            " auto_extend, is_default) SELECT gen_random_uuid(), id, :name, CAST(:roles AS jsonb),"
            " 730, false, true FROM organization"
        ).bindparams(name=DEFAULT_NAME, roles=json.dumps(DEFAULT_ROLES))
    )


def downgrade() -> None:
    op.drop_column('managed_tenant', 'ending_notified_for')
    op.drop_index('uq_gdap_request_open_tenant', table_name='gdap_request', postgresql_where=sa.text("tenant_id IS NOT NULL AND state IN ('approval_pending', 'active', 'assigning')"))
    op.drop_index('ix_gdap_request_org_created', table_name='gdap_request')
    op.drop_table('gdap_request')
    op.drop_table('gdap_role_template')
