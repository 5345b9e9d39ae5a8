"""create invoices

Revision ID: 3f9a1c2b7d10
Revises:
Create Date: 2024-05-02 10:12:00
"""
import sqlalchemy as sa
from alembic import op

revision = "3f9a1c2b7d10"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False, index=True),
        sa.Column("amount_cents", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("invoices")
