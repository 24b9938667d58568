"""The workspace's tables, as SQLAlchemy 2 typed ORM classes: organizations, the
people in them and their roles, practices, their plans per year, the progress of
each activity, its evidence, attestations, and the append-only change log.

These classes describe the newest schema; the migrations in ``migrations/versions``
build it step by step (a test checks the two agree). Rows never leave the
workspace package: ``records.py`` turns them into frozen values for the faces.

Every row a person edits carries a ``version`` (SQLAlchemy's ``version_id_col``):
an UPDATE names the version it read, so a save over someone else's newer change
matches no row and is refused instead of overwriting it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names fixed here, so migrations can name them on every database."""

ATTESTED, IMPORTED = "attested", "imported"
"""Where an attestation comes from: ``practice attest``, or a history file."""
NAME_LENGTH = 200
TEXT_LENGTH = 300
ID_LENGTH = 32
"""Activity IDs such as IA_PSPA_23."""
ORG_LENGTH = 63
SUBJECT_LENGTH = 255
EMAIL_LENGTH = 320


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Organization(Base):
    """An organization: the practices it keeps and the people who work on them."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(ORG_LENGTH), unique=True)
    """A slug: lower-case letters, digits and hyphens ('default', 'acme')."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Person(Base):
    """Someone who signs in: the provider's subject (None: invited, not yet signed in)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str | None] = mapped_column(String(SUBJECT_LENGTH), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), index=True)
    """Lower case; an invitation is matched on it at the first sign-in."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Membership(Base):
    """A person's role in one organization."""

    __tablename__ = "memberships"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10))


class ChangeRecord(Base):
    """One changed field: who, when, where, old and new. Rows are only ever added
    (the database refuses an UPDATE or DELETE of this table)."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_subject: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    actor_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    organization_id: Mapped[int] = mapped_column(Integer, index=True)
    """No foreign key: the log outlives whatever it names."""
    practice_id: Mapped[int | None] = mapped_column(Integer, index=True)
    practice: Mapped[str] = mapped_column(String(NAME_LENGTH))
    """The practice's name when changed; '' for people and roles."""
    year: Mapped[int | None] = mapped_column(Integer)
    activity_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    field: Mapped[str] = mapped_column(String(100))
    old: Mapped[str] = mapped_column(Text)
    new: Mapped[str] = mapped_column(Text)


class Practice(Base):
    """A practice of one organization: who it is and what stays true from year to year."""

    __tablename__ = "practices"
    __table_args__ = (UniqueConstraint("organization_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_key: Mapped[str] = mapped_column(String(NAME_LENGTH))
    """The name case-folded: 'Acme Clinic' and 'acme clinic' are one practice of an organization."""
    tin: Mapped[str | None] = mapped_column(String(9))
    reporting: Mapped[str] = mapped_column(String(20))
    clinicians: Mapped[int | None] = mapped_column(Integer)
    statuses: Mapped[list[Any]] = mapped_column()
    quality: Mapped[list[Any]] = mapped_column()
    efforts: Mapped[dict[str, Any]] = mapped_column()
    roster: Mapped[list[Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When it was removed: hidden from every list, restorable for 30 days; None: kept."""
    version: Mapped[int] = mapped_column(Integer)

    organization: Mapped[Organization] = relationship(lazy="joined")
    years: Mapped[list[PracticeYear]] = relationship(
        back_populates="practice", order_by="PracticeYear.year"
    )
    attestations: Mapped[list[AttestationRecord]] = relationship(
        back_populates="practice",
        order_by=lambda: (AttestationRecord.year, AttestationRecord.activity_id),
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read once by SQLAlchemy)


class PracticeYear(Base):
    """One practice's saved plan of one performance year, and the inputs behind it."""

    __tablename__ = "practice_years"
    __table_args__ = (UniqueConstraint("practice_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    scenario: Mapped[dict[str, Any]] = mapped_column()
    history_files: Mapped[list[Any]] = mapped_column()
    """Attestations given as --history files (not kept in the database's own)."""
    inventory: Mapped[list[Any] | None] = mapped_column(JSON)
    """A custom inventory's activities; None: the bundled inventory of the year."""
    pairings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Custom pairings (activity ID -> measure IDs); None: the bundled table."""
    plan: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))
    points: Mapped[int] = mapped_column(Integer)
    planned_on: Mapped[date] = mapped_column(Date)
    solver: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)

    practice: Mapped[Practice] = relationship(back_populates="years")
    progress: Mapped[list[ActivityProgress]] = relationship(
        back_populates="practice_year", order_by="ActivityProgress.activity_id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read once by SQLAlchemy)


class ActivityProgress(Base):
    """How one activity of a practice-year is going: status, dates, owner, who takes part."""

    __tablename__ = "activity_progress"
    __table_args__ = (UniqueConstraint("practice_year_id", "activity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_year_id: Mapped[int] = mapped_column(
        ForeignKey("practice_years.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    title: Mapped[str] = mapped_column(String(TEXT_LENGTH))
    period_days: Mapped[int] = mapped_column(Integer)
    last_start: Mapped[date] = mapped_column(Date)
    in_plan: Mapped[bool] = mapped_column()
    status: Mapped[str] = mapped_column(String(10))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH))
    clinicians: Mapped[list[Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)

    practice_year: Mapped[PracticeYear] = relationship(back_populates="progress")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="progress", order_by="Evidence.id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read once by SQLAlchemy)


class Evidence(Base):
    """A note, and optionally a file, kept as proof an activity was carried out.

    Evidence is only ever added, never edited, so two people adding at once never
    conflict. The file's bytes are stored, never opened or run; they load only
    when asked for (``deferred``)."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    progress_id: Mapped[int] = mapped_column(
        ForeignKey("activity_progress.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    progress: Mapped[ActivityProgress] = relationship(back_populates="evidence")


class AttestationRecord(Base):
    """An activity the practice attested for a year: the history behind frequency limits.

    ``source`` is 'attested' (``practice attest``) or 'imported' (a history file
    given when the practice was added)."""

    __tablename__ = "attestations"
    __table_args__ = (UniqueConstraint("practice_id", "year", "activity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    activity_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    source: Mapped[str] = mapped_column(String(10))
    attested_on: Mapped[date | None] = mapped_column(Date)

    practice: Mapped[Practice] = relationship(back_populates="attestations")


class ApiToken(Base):
    """A token a script or an EHR sends to the HTTP API: one organization's, kept as the
    SHA-256 of its secret (shown once), revoked rather than deleted."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(NAME_LENGTH))
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(EMAIL_LENGTH))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiRate(Base):
    """A token's request bucket, shared by every server process of the workspace:
    the requests it has left (None: a full bucket) at the moment it last asked."""

    __tablename__ = "api_rate"

    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), primary_key=True
    )
    requests_left: Mapped[float | None] = mapped_column(Float)
    counted_at: Mapped[float | None] = mapped_column(Float)
