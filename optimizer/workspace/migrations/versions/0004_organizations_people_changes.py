"""Organizations, people and their roles, and the append-only change log; every
practice belongs to one organization (those kept so far to "default"), and a
practice's name is unique within its organization.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DEFAULT = "default"
APPEND_ONLY = "the change log is append-only: its rows are never changed or deleted"
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
    f"CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION changes_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$",
    "CREATE TRIGGER changes_no_change BEFORE UPDATE OR DELETE ON changes "
    "FOR EACH ROW EXECUTE FUNCTION changes_append_only()",
    "CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON changes "
    "FOR EACH STATEMENT EXECUTE FUNCTION changes_append_only()",
)


def _people_tables() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(63), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organizations"),
        sa.UniqueConstraint("name", name="uq_organizations_name"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(255), nullable=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("subject", name="uq_people_subject"),
    )
    op.create_index("ix_people_email", "people", ["email"], unique=False)
    op.create_table(
        "memberships",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_memberships_person_id_people", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name="fk_memberships_organization_id_organizations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "organization_id", name="pk_memberships"),
    )
    op.create_index(
        "ix_memberships_organization_id", "memberships", ["organization_id"], unique=False
    )


def _change_log() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_subject", sa.String(255), nullable=False),
        sa.Column("actor_email", sa.String(320), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=True),
        sa.Column("practice", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("field", sa.String(100), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_changes"),
    )
    op.create_index("ix_changes_organization_id", "changes", ["organization_id"], unique=False)
    op.create_index("ix_changes_practice_id", "changes", ["practice_id"], unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:
    _people_tables()
    _change_log()
    organizations = sa.table(
        "organizations",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(organizations, [{"id": 1, "name": DEFAULT, "created_at": datetime.now(UTC)}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('organizations_id_seq', 1)")
    with op.batch_alter_table("practices") as batch:
        batch.add_column(sa.Column("organization_id", sa.Integer(), nullable=True))
    op.execute("UPDATE practices SET organization_id = 1")
    with op.batch_alter_table("practices") as batch:
        batch.alter_column("organization_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("uq_practices_name_key", type_="unique")
        batch.create_unique_constraint(
            "uq_practices_organization_id", ["organization_id", "name_key"]
        )
        batch.create_foreign_key(
            "fk_practices_organization_id_organizations",
            "organizations",
            ["organization_id"],
            ["id"],
        )
        batch.create_index("ix_practices_organization_id", ["organization_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("practices") as batch:
        batch.drop_index("ix_practices_organization_id")
        batch.drop_constraint("fk_practices_organization_id_organizations", type_="foreignkey")
        batch.drop_constraint("uq_practices_organization_id", type_="unique")
        batch.create_unique_constraint("uq_practices_name_key", ["name_key"])
        batch.drop_column("organization_id")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION changes_append_only() CASCADE")
    op.drop_table("changes")
    op.drop_table("memberships")
    op.drop_table("people")
    op.drop_table("organizations")
