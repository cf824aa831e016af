"""partner connection: partner-level problem, last Microsoft error, last connection check

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
COLUMNS = ('problem', 'last_error', 'last_check')


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column('partner_connection', sa.Column(name, JSON, nullable=True))
    op.add_column('partner_connection', sa.Column('last_checked_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('partner_connection', 'last_checked_at')
    for name in reversed(COLUMNS):
        op.drop_column('partner_connection', name)
