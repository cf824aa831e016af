"""Tenants added individually: the tenant's flag, GDAP not applicable, and the admin consent's
one-time state (no PKCE verifier, the product asked for)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('managed_tenant', sa.Column('added_individually', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('managed_tenant', sa.Column('added_individually_at', sa.DateTime(timezone=True), nullable=True))
    op.alter_column('managed_tenant', 'gdap_state', type_=sa.String(length=14), existing_type=sa.String(length=7), existing_nullable=False)
    op.add_column('oauth_state', sa.Column('product', sa.String(length=20), nullable=True))
    op.alter_column('oauth_state', 'code_verifier_sealed', existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM oauth_state WHERE code_verifier_sealed IS NULL")
    op.alter_column('oauth_state', 'code_verifier_sealed', existing_type=sa.LargeBinary(), nullable=False)
    op.drop_column('oauth_state', 'product')
    op.execute("UPDATE managed_tenant SET gdap_state = 'none' WHERE gdap_state = 'not_applicable'")
    op.alter_column('managed_tenant', 'gdap_state', type_=sa.String(length=7), existing_type=sa.String(length=14), existing_nullable=False)
    op.drop_column('managed_tenant', 'added_individually_at')
    op.drop_column('managed_tenant', 'added_individually')
