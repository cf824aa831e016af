"""scans: features an operator turns on per organization, and Petra Scan's per-tenant results

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "organization_feature",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("feature", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organization_id", "feature"),
    )
    op.create_table(
        "tenant_scan",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("managed_tenant_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("display_name", sa.String(length=256), nullable=False),
        sa.Column("operation_id", sa.Uuid(), nullable=True),
        sa.Column("catalog_version", sa.String(length=20), nullable=False),
        sa.Column("summary", JSON, nullable=False),
        sa.Column("findings", JSON, nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["managed_tenant_id"], ["managed_tenant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["operation_id"], ["operation.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tenant_scan_tenant", "tenant_scan", ["managed_tenant_id", "created_at"])
    op.create_index("ix_tenant_scan_operation", "tenant_scan", ["operation_id"])


def downgrade() -> None:
    op.drop_index("ix_tenant_scan_operation", table_name="tenant_scan")
    op.drop_index("ix_tenant_scan_tenant", table_name="tenant_scan")
    op.drop_table("tenant_scan")
    op.drop_table("organization_feature")
