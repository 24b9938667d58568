"""API rate buckets: each token's requests left, counted in the database so that
every server process of one workspace draws on the same bucket.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_rate",
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("requests_left", sa.Float(), nullable=True),
        sa.Column("counted_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["token_id"],
            ["api_tokens.id"],
            name="fk_api_rate_token_id_api_tokens",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_id", name="pk_api_rate"),
    )
    op.execute("INSERT INTO api_rate (token_id) SELECT id FROM api_tokens")


def downgrade() -> None:
    op.drop_table("api_rate")
