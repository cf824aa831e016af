"""partner center tenants operations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:55:33.588751
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('managed_tenant',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('display_name', sa.String(length=256), nullable=False),
    sa.Column('default_domain', sa.String(length=256), nullable=True),
    sa.Column('gdap_state', sa.Enum('ready', 'missing', name='gdap_state', native_enum=False), nullable=False),
    sa.Column('gdap_missing_reason', sa.String(length=500), nullable=True),
    sa.Column('gdap_role_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('relationship_count', sa.Integer(), nullable=False),
    sa.Column('earliest_end_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('latest_end_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('auto_extend', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_seen_active_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_count', sa.Integer(), nullable=True),
    sa.Column('user_count_source', sa.Enum('graph', 'partner_center', 'unknown', name='user_count_source', native_enum=False), nullable=False),
    sa.Column('user_count_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('app_consented', sa.Boolean(), nullable=True),
    sa.Column('status', sa.Enum('monitoring', 'paused', 'previously_deleted', 'not_protected', name='petra_status', native_enum=False), nullable=False),
    sa.Column('product', sa.String(length=20), nullable=True),
    sa.Column('email_permissions', sa.Enum('ok', 'needs_fix', 'unknown', name='email_permissions', native_enum=False), nullable=False),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.Column('excluded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('excluded_by_label', sa.String(length=320), nullable=True),
    sa.Column('last_synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error_code', sa.String(length=80), nullable=True),
    sa.Column('last_error_root_cause', sa.String(length=80), nullable=True),
    sa.Column('last_error_message', sa.String(length=1000), nullable=True),
    sa.Column('last_error_action', sa.String(length=500), nullable=True),
    sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_managed_tenant_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_managed_tenant')),
    sa.UniqueConstraint('organization_id', 'tenant_id', name=op.f('uq_managed_tenant_organization_id_tenant_id'))
    )
    op.create_index('ix_managed_tenant_org_name', 'managed_tenant', ['organization_id', 'display_name'], unique=False)
    op.create_table('operation',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.Enum('sync', name='operation_kind', native_enum=False, length=20), nullable=False),
    sa.Column('state', sa.Enum('queued', 'running', 'succeeded', 'partially_failed', 'failed', 'cancelled', name='operation_state', native_enum=False, length=20), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=True),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('actor_type', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('actor_label', sa.String(length=320), nullable=True),
    sa.Column('step', sa.String(length=80), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error_code', sa.String(length=80), nullable=True),
    sa.Column('error_message', sa.String(length=1000), nullable=True),
    sa.Column('error_action', sa.String(length=500), nullable=True),
    sa.Column('summary', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_operation_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['operation.id'], name=op.f('fk_operation_parent_id_operation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_operation')),
    sa.UniqueConstraint('organization_id', 'idempotency_key', name=op.f('uq_operation_organization_id_idempotency_key'))
    )
    op.create_index('ix_operation_org_created', 'operation', ['organization_id', 'created_at'], unique=False)
    op.create_index('uq_operation_one_running_sync', 'operation', ['organization_id'], unique=True, postgresql_where=sa.text("kind = 'sync' AND state IN ('queued', 'running')"))
    op.create_table('gdap_relationship',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('managed_tenant_id', sa.Uuid(), nullable=False),
    sa.Column('relationship_id', sa.String(length=80), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('role_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('auto_extend_duration', sa.String(length=20), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['managed_tenant_id'], ['managed_tenant.id'], name=op.f('fk_gdap_relationship_managed_tenant_id_managed_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_gdap_relationship_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gdap_relationship')),
    sa.UniqueConstraint('organization_id', 'relationship_id', name=op.f('uq_gdap_relationship_organization_id_relationship_id'))
    )
    op.create_index(op.f('ix_gdap_relationship_managed_tenant_id'), 'gdap_relationship', ['managed_tenant_id'], unique=False)
    op.create_table('oauth_state',
    sa.Column('state_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('session_token_hash', sa.LargeBinary(length=32), nullable=False),
    sa.Column('code_verifier_sealed', sa.LargeBinary(), nullable=False),
    sa.Column('purpose', sa.Enum('connect', 'reauthenticate', name='oauth_purpose', native_enum=False), nullable=False),
    sa.Column('return_to', sa.String(length=20), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_oauth_state_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_oauth_state_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('state_hash', name=op.f('pk_oauth_state'))
    )
    op.create_index(op.f('ix_oauth_state_expires_at'), 'oauth_state', ['expires_at'], unique=False)
    op.create_table('operation_item',
    sa.Column('operation_id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('display_name', sa.String(length=256), nullable=False),
    sa.Column('state', sa.Enum('pending', 'succeeded', 'failed', 'cancelled', name='operation_item_state', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=1000), nullable=True),
    sa.Column('error_code', sa.String(length=80), nullable=True),
    sa.Column('root_cause', sa.String(length=80), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['operation_id'], ['operation.id'], name=op.f('fk_operation_item_operation_id_operation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('operation_id', 'tenant_id', name=op.f('pk_operation_item'))
    )
    op.create_index('ix_operation_item_state', 'operation_item', ['operation_id', 'state'], unique=False)
    op.create_index(op.f('ix_operation_item_updated_at'), 'operation_item', ['updated_at'], unique=False)
    op.create_table('partner_connection',
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.Enum('connected', 'needs_reauth', 'disconnected', name='connection_state', native_enum=False), nullable=False),
    sa.Column('partner_tenant_id', sa.String(length=36), nullable=True),
    sa.Column('account_username', sa.String(length=320), nullable=True),
    sa.Column('account_object_id', sa.String(length=36), nullable=True),
    sa.Column('refresh_token_sealed', sa.LargeBinary(), nullable=True),
    sa.Column('scopes', sa.String(length=2000), nullable=False),
    sa.Column('connected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('connected_by_member_id', sa.Uuid(), nullable=True),
    sa.Column('connected_by_label', sa.String(length=320), nullable=True),
    sa.Column('last_refreshed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reauth_reason', sa.String(length=500), nullable=True),
    sa.Column('reauth_root_cause', sa.String(length=80), nullable=True),
    sa.Column('last_sync_operation_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['connected_by_member_id'], ['member.id'], name=op.f('fk_partner_connection_connected_by_member_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_partner_connection_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_connection')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_partner_connection_organization_id'))
    )
    op.create_table('tenant_assignment',
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('managed_tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['managed_tenant_id'], ['managed_tenant.id'], name=op.f('fk_tenant_assignment_managed_tenant_id_managed_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_tenant_assignment_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'managed_tenant_id', name=op.f('pk_tenant_assignment'))
    )


def downgrade() -> None:
    op.drop_table('tenant_assignment')
    op.drop_table('partner_connection')
    op.drop_index(op.f('ix_operation_item_updated_at'), table_name='operation_item')
    op.drop_index('ix_operation_item_state', table_name='operation_item')
    op.drop_table('operation_item')
    op.drop_index(op.f('ix_oauth_state_expires_at'), table_name='oauth_state')
    op.drop_table('oauth_state')
    op.drop_index(op.f('ix_gdap_relationship_managed_tenant_id'), table_name='gdap_relationship')
    op.drop_table('gdap_relationship')
    op.drop_index('uq_operation_one_running_sync', table_name='operation', postgresql_where=sa.text("kind = 'sync' AND state IN ('queued', 'running')"))
    op.drop_index('ix_operation_org_created', table_name='operation')
    op.drop_table('operation')
    op.drop_index('ix_managed_tenant_org_name', table_name='managed_tenant')
    op.drop_table('managed_tenant')
