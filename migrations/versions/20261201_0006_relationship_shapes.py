"""relationship shapes: each relationship's kind; a tenant's operation items by tenant

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KIND = sa.Enum('ordinary', 'default', 'microsoft_led', 'reseller', name='relationship_kind', native_enum=False)


def upgrade() -> None:
    op.add_column('gdap_relationship', sa.Column('kind', KIND, nullable=False, server_default='ordinary'))
    # Rows written before kinds were kept: an MLT_ name is the one shape a name alone tells.
    op.execute("UPDATE gdap_relationship SET kind = 'microsoft_led' WHERE display_name LIKE 'MLT\\_%'")
    op.create_index('ix_operation_item_tenant', 'operation_item', ['tenant_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_operation_item_tenant', table_name='operation_item')
    op.drop_column('gdap_relationship', 'kind')
