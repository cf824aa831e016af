"""operation items: the worker process that claimed a running item

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('operation_item', sa.Column('claimed_by', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column('operation_item', 'claimed_by')
