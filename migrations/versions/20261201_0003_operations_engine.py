"""operations engine

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 05:04:37.610453
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('operation', sa.Column('subject', sa.String(length=64), nullable=True))
    op.add_column('operation', sa.Column('exclusive_key', sa.String(length=100), nullable=True))
    op.add_column('operation', sa.Column('params', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, server_default=sa.text("'{}'")))
    op.alter_column('operation', 'params', server_default=None)
    op.add_column('operation', sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('operation', sa.Column('pause_reason', sa.String(length=500), nullable=True))
    op.drop_index(op.f('uq_operation_one_running_sync'), table_name='operation', postgresql_where="(((kind)::text = 'sync'::text) AND ((state)::text = ANY ((ARRAY['queued'::character varying, 'running'::character varying])::text[])))")
    # A sync still live keeps its organization's one slot under the new rule.
    op.execute("UPDATE operation SET exclusive_key = 'sync:*' WHERE kind = 'sync' AND state IN ('queued', 'running')")
    op.create_index('uq_operation_live_exclusive_key', 'operation', ['organization_id', 'exclusive_key'], unique=True, postgresql_where=sa.text("exclusive_key IS NOT NULL AND state IN ('queued', 'running', 'paused')"))
    op.add_column('operation_item', sa.Column('retry_base', sa.Integer(), server_default='0', nullable=False))
    op.add_column('operation_item', sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('operation_item', sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('operation_item', sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_operation_item_finished', 'operation_item', ['operation_id', 'finished_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_operation_item_finished', table_name='operation_item')
    op.drop_column('operation_item', 'next_attempt_at')
    op.drop_column('operation_item', 'finished_at')
    op.drop_column('operation_item', 'started_at')
    op.drop_column('operation_item', 'retry_base')
    op.execute("UPDATE operation SET state = 'running' WHERE state = 'paused'")
    op.execute("UPDATE operation_item SET state = 'pending' WHERE state = 'running'")
    op.drop_index('uq_operation_live_exclusive_key', table_name='operation', postgresql_where=sa.text("exclusive_key IS NOT NULL AND state IN ('queued', 'running', 'paused')"))
    op.create_index(op.f('uq_operation_one_running_sync'), 'operation', ['organization_id'], unique=True, postgresql_where="(((kind)::text = 'sync'::text) AND ((state)::text = ANY ((ARRAY['queued'::character varying, 'running'::character varying])::text[])))")
    op.drop_column('operation', 'pause_reason')
    op.drop_column('operation', 'paused_at')
    op.drop_column('operation', 'params')
    op.drop_column('operation', 'exclusive_key')
    op.drop_column('operation', 'subject')
