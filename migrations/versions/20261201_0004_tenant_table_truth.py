"""tenant table: access through assignments, expiry by role, search and sort indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
SORTED = ('tenant_id', 'gdap_state', 'status', 'email_permissions', 'excluded')
# Unknowns sort last both ways through coalesce(): (ascending, descending) stand-ins.
UNKNOWN_LAST = {
    'user_count': ('2147483647', '-1'),
    'earliest_end_at': ("'9999-12-31 00:00:00+00'::timestamptz", "'0001-01-01 00:00:00+00'::timestamptz"),
    'last_synced_at': ("'9999-12-31 00:00:00+00'::timestamptz", "'0001-01-01 00:00:00+00'::timestamptz"),
}
SORTED_NULLABLE = ('user_count', 'earliest_end_at', 'last_synced_at')
FILTERED = ('gdap_state', 'status', 'email_permissions', 'excluded', 'active')
SEARCH_TEXT = "(lower(display_name) || ' ' || lower(coalesce(default_domain, '')) || ' ' || tenant_id)"


def upgrade() -> None:
    # Both are trusted extensions: the database owner may create them.
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.execute('CREATE EXTENSION IF NOT EXISTS btree_gin')
    op.add_column('managed_tenant', sa.Column('gdap_missing_code', sa.String(length=40), nullable=True))
    op.add_column('managed_tenant', sa.Column('account_role_ids', JSON, nullable=False, server_default=sa.text("'[]'")))
    op.alter_column('managed_tenant', 'account_role_ids', server_default=None)
    op.add_column('managed_tenant', sa.Column('ending_role_ids', JSON, nullable=False, server_default=sa.text("'[]'")))
    op.alter_column('managed_tenant', 'ending_role_ids', server_default=None)
    op.add_column('managed_tenant', sa.Column('user_count_note', sa.String(length=300), nullable=True))
    op.add_column('managed_tenant', sa.Column('consent_checked_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE managed_tenant SET gdap_state = 'none', gdap_missing_code = 'no_active_relationship' WHERE NOT active")
    op.add_column('gdap_relationship', sa.Column('modified_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('gdap_relationship', sa.Column('assignments', JSON, nullable=True))
    op.add_column('gdap_relationship', sa.Column('assignments_read_at', sa.DateTime(timezone=True), nullable=True))
    op.drop_index('ix_managed_tenant_org_name', table_name='managed_tenant')
    op.create_index('ix_managed_tenant_org_name', 'managed_tenant', ['organization_id', sa.text('lower(display_name)'), 'id'], unique=False)
    for column in SORTED:
        op.create_index(f'ix_managed_tenant_sort_{column}', 'managed_tenant', ['organization_id', column, 'id'], unique=False)
    for column in SORTED_NULLABLE:
        last_asc, last_desc = UNKNOWN_LAST[column]
        op.create_index(f'ix_managed_tenant_sort_{column}', 'managed_tenant', ['organization_id', sa.text(f'coalesce({column}, {last_asc})'), 'id'], unique=False)
        op.create_index(f'ix_managed_tenant_sort_{column}_desc', 'managed_tenant', ['organization_id', sa.text(f'coalesce({column}, {last_desc})'), 'id'], unique=False)
    for column in FILTERED:
        op.create_index(f'ix_managed_tenant_filter_{column}', 'managed_tenant', ['organization_id', column, sa.text('lower(display_name)'), 'id'], unique=False)
    op.create_index('ix_managed_tenant_filter_failed', 'managed_tenant', ['organization_id', sa.text('lower(display_name)'), 'id'], unique=False, postgresql_where=sa.text('last_error_code IS NOT NULL'))
    op.create_index('ix_managed_tenant_search', 'managed_tenant', ['organization_id', sa.text(SEARCH_TEXT)], unique=False, postgresql_using='gin', postgresql_ops={SEARCH_TEXT: 'gin_trgm_ops'})


def downgrade() -> None:
    op.drop_index('ix_managed_tenant_search', table_name='managed_tenant')
    op.drop_index('ix_managed_tenant_filter_failed', table_name='managed_tenant')
    for column in FILTERED:
        op.drop_index(f'ix_managed_tenant_filter_{column}', table_name='managed_tenant')
    for column in SORTED_NULLABLE:
        op.drop_index(f'ix_managed_tenant_sort_{column}_desc', table_name='managed_tenant')
        op.drop_index(f'ix_managed_tenant_sort_{column}', table_name='managed_tenant')
    for column in SORTED:
        op.drop_index(f'ix_managed_tenant_sort_{column}', table_name='managed_tenant')
    op.drop_index('ix_managed_tenant_org_name', table_name='managed_tenant')
    op.create_index('ix_managed_tenant_org_name', 'managed_tenant', ['organization_id', 'display_name'], unique=False)
    op.drop_column('gdap_relationship', 'assignments_read_at')
    op.drop_column('gdap_relationship', 'assignments')
    op.drop_column('gdap_relationship', 'modified_at')
    op.execute("UPDATE managed_tenant SET gdap_state = 'missing' WHERE gdap_state = 'none'")
    op.drop_column('managed_tenant', 'consent_checked_at')
    op.drop_column('managed_tenant', 'user_count_note')
    op.drop_column('managed_tenant', 'ending_role_ids')
    op.drop_column('managed_tenant', 'account_role_ids')
    op.drop_column('managed_tenant', 'gdap_missing_code')
