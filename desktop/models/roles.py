"""Roles on the major incident team, held over time: a hand-over ends one row and starts another."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Shared, UTCDateTime


class Role(enum.StrEnum):
    INCIDENT_COMMANDER = "incident_commander"
    COMMUNICATIONS_LEAD = "communications_lead"
    TECHNICAL_LEAD = "technical_lead"
    SCRIBE = "scribe"
    SLA_MANAGER = "sla_manager"
    SUBJECT_MATTER_EXPERT = "subject_matter_expert"
    EXTERNAL_EXPERT = "external_expert"


# Roles only one person holds at a time; the others (experts) may have several holders.
SINGLE_HOLDER_ROLES = frozenset({Role.INCIDENT_COMMANDER, Role.COMMUNICATIONS_LEAD,
                                 Role.TECHNICAL_LEAD, Role.SCRIBE, Role.SLA_MANAGER})


class RoleAssignment(Shared, Base):
    __tablename__ = "role_assignments"
    __entity__ = "role_assignment"
    __immutable__ = ("incident_id", "role", "person_id")

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    role: Mapped[str | None] = mapped_column(String(32))
    person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    assumed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    renounced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
