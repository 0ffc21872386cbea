"""Incidents: the major incident itself, its lifecycle keys and what it affected."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Shared, UTCDateTime


class Severity(enum.StrEnum):
    SEV1 = "sev1"
    SEV2 = "sev2"
    SEV3 = "sev3"
    SEV4 = "sev4"


class Level(enum.StrEnum):
    """Impact and urgency."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ReportedVia(enum.StrEnum):
    TECHNICIAN = "technician"
    HOTLINE = "hotline"
    MONITORING = "monitoring"
    RULE = "rule"
    INTAKE = "intake"


class Status(enum.StrEnum):
    PROPOSED = "proposed"
    DECLARED = "declared"
    CONTAINED = "contained"
    RESOLVED = "resolved"
    IN_REVIEW = "in_review"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Phase(enum.StrEnum):
    IDENTIFICATION = "identification"
    CONTAINMENT = "containment"
    RESOLUTION = "resolution"
    MAINTENANCE = "maintenance"


PHASE_OF_STATUS = {
    Status.PROPOSED: Phase.IDENTIFICATION,
    Status.DECLARED: Phase.IDENTIFICATION,
    Status.CONTAINED: Phase.CONTAINMENT,
    Status.RESOLVED: Phase.RESOLUTION,
    Status.IN_REVIEW: Phase.MAINTENANCE,
    Status.CLOSED: Phase.MAINTENANCE,
    Status.CANCELLED: Phase.IDENTIFICATION,
}

ACTIVE_STATUSES = (Status.DECLARED, Status.CONTAINED)

# Impact × urgency → priority 1 (highest) … 4, the usual ITIL matrix.
_PRIORITY = {
    (Level.HIGH, Level.HIGH): 1, (Level.HIGH, Level.MEDIUM): 2, (Level.MEDIUM, Level.HIGH): 2,
    (Level.HIGH, Level.LOW): 3, (Level.MEDIUM, Level.MEDIUM): 3, (Level.LOW, Level.HIGH): 3,
    (Level.MEDIUM, Level.LOW): 4, (Level.LOW, Level.MEDIUM): 4, (Level.LOW, Level.LOW): 4,
}


def priority(impact: str | None, urgency: str | None) -> int:
    """Derived, never stored: change impact or urgency and the priority follows everywhere."""
    try:
        return _PRIORITY[(Level(impact), Level(urgency))]
    except ValueError:
        return 4


class Incident(Shared, Base):
    __tablename__ = "incidents"
    __entity__ = "incident"
    __immutable__ = ("ref", "station_id")
    __derived__ = {"title_key": "title"}

    ref: Mapped[str | None] = mapped_column(String(40), index=True)  # display only, e.g. INC-HQ-1405-0007
    station_id: Mapped[str | None] = mapped_column(String(36))  # the station that created it
    title: Mapped[str | None] = mapped_column(Text)
    title_key: Mapped[str | None] = mapped_column(Text, index=True)
    description: Mapped[str | None] = mapped_column(Text)
    severity: Mapped[str | None] = mapped_column(String(8))
    impact: Mapped[str | None] = mapped_column(String(8))
    urgency: Mapped[str | None] = mapped_column(String(8))
    reported_via: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    detected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    declared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    contained_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    bridge_url: Mapped[str | None] = mapped_column(Text)
    bridge_phone: Mapped[str | None] = mapped_column(String(40))
    bridge_pin: Mapped[str | None] = mapped_column(String(20))
    war_room: Mapped[str | None] = mapped_column(Text)
    sla_minutes: Mapped[int | None] = mapped_column(Integer)  # resolve within, from declaration
    problem_id: Mapped[str | None] = mapped_column(String(36))
    change_id: Mapped[str | None] = mapped_column(String(36))
    duplicate_of: Mapped[str | None] = mapped_column(String(36))
    review_summary: Mapped[str | None] = mapped_column(Text)
    review_impact: Mapped[str | None] = mapped_column(Text)
    root_cause: Mapped[str | None] = mapped_column(Text)
    went_well: Mapped[str | None] = mapped_column(Text)
    went_wrong: Mapped[str | None] = mapped_column(Text)
    got_lucky: Mapped[str | None] = mapped_column(Text)


class IncidentService(Shared, Base):
    """An affected service; deterministic id per (incident, service), removal by archiving."""

    __tablename__ = "incident_services"
    __entity__ = "incident_service"
    __immutable__ = ("incident_id", "service_id")

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    service_id: Mapped[str | None] = mapped_column(String(36), index=True)
