"""Practices, their plans per year, the progress of each activity, attestations.

Revision ID: 0001
Revises:
Create Date: 2026-01-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("tin", sa.String(9), nullable=True),
        sa.Column("reporting", sa.String(20), nullable=False),
        sa.Column("clinicians", sa.Integer(), nullable=True),
        sa.Column("statuses", sa.JSON(), nullable=False),
        sa.Column("quality", sa.JSON(), nullable=False),
        sa.Column("efforts", sa.JSON(), nullable=False),
        sa.Column("roster", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_practices"),
        sa.UniqueConstraint("name_key", name="uq_practices_name_key"),
    )
    op.create_table(
        "practice_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("history_files", sa.JSON(), nullable=False),
        sa.Column("inventory", sa.JSON(), nullable=True),
        sa.Column("pairings", sa.JSON(), nullable=True),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("solver", sa.String(10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name="fk_practice_years_practice_id_practices",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_practice_years"),
        sa.UniqueConstraint("practice_id", "year", name="uq_practice_years_practice_id"),
    )
    op.create_index(
        "ix_practice_years_practice_id", "practice_years", ["practice_id"], unique=False
    )
    op.create_table(
        "activity_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_year_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("last_start", sa.Date(), nullable=False),
        sa.Column("in_plan", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("clinicians", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_year_id"],
            ["practice_years.id"],
            name="fk_activity_progress_practice_year_id_practice_years",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_activity_progress"),
        sa.UniqueConstraint(
            "practice_year_id", "activity_id", name="uq_activity_progress_practice_year_id"
        ),
    )
    op.create_index(
        "ix_activity_progress_practice_year_id",
        "activity_progress",
        ["practice_year_id"],
        unique=False,
    )
    op.create_table(
        "attestations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("attested_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name="fk_attestations_practice_id_practices",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_attestations"),
        sa.UniqueConstraint(
            "practice_id", "year", "activity_id", name="uq_attestations_practice_id"
        ),
    )
    op.create_index("ix_attestations_practice_id", "attestations", ["practice_id"], unique=False)


def downgrade() -> None:
    op.drop_table("attestations")
    op.drop_table("activity_progress")
    op.drop_table("practice_years")
    op.drop_table("practices")
