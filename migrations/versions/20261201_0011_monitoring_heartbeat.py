"""Monitoring heartbeat and access lost: why a tenant lost Petra's access, and when the
heartbeat last confirmed it

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('managed_tenant', sa.Column('access_lost_reason', sa.String(length=500), nullable=True))
    op.add_column('managed_tenant', sa.Column('access_lost_root_cause', sa.String(length=80), nullable=True))
    op.add_column('managed_tenant', sa.Column('access_lost_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('managed_tenant', sa.Column('monitored_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE managed_tenant SET status = 'not_protected' WHERE status = 'access_lost'")
    op.drop_column('managed_tenant', 'monitored_at')
    op.drop_column('managed_tenant', 'access_lost_at')
    op.drop_column('managed_tenant', 'access_lost_root_cause')
    op.drop_column('managed_tenant', 'access_lost_reason')
