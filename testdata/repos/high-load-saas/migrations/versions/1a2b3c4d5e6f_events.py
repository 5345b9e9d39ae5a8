"""events

Revision ID: 1a2b3c4d5e6f
"""
import sqlalchemy as sa
from alembic import op

revision = "1a2b3c4d5e6f"
down_revision = None


def upgrade():
    op.create_table(
        "event",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("account_id", sa.String(36), nullable=False, index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now()),
    )


def downgrade():
    op.drop_table("event")
