"""onboarding: a record per onboarding, Email Perms change, offboarding, pause or resume

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.add_column('managed_tenant', sa.Column('email_permissions_note', sa.String(length=500), nullable=True))
    op.create_table(
        'onboarding_record',
        sa.Column('organization_id', sa.Uuid(), nullable=False),
        sa.Column('managed_tenant_id', sa.Uuid(), nullable=False),
        sa.Column('tenant_id', sa.String(length=36), nullable=False),
        sa.Column('operation_id', sa.Uuid(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('product', sa.String(length=20), nullable=True),
        sa.Column('catalog_version', sa.String(length=20), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('steps', JSON, nullable=False),
        sa.Column('message', sa.String(length=1000), nullable=True),
        sa.Column('actor_label', sa.String(length=320), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['managed_tenant_id'], ['managed_tenant.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['operation_id'], ['operation.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_onboarding_record_tenant', 'onboarding_record', ['managed_tenant_id', 'created_at'])
    op.create_index('ix_onboarding_record_operation', 'onboarding_record', ['operation_id', 'tenant_id'])


def downgrade() -> None:
    op.drop_index('ix_onboarding_record_operation', table_name='onboarding_record')
    op.drop_index('ix_onboarding_record_tenant', table_name='onboarding_record')
    op.drop_table('onboarding_record')
    op.drop_column('managed_tenant', 'email_permissions_note')
