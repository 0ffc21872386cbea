"""Incidents: the major incident itself, its lifecycle keys and what it affected."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.limits import LIMITS
from desktop.models.base import Base, Shared, UTCDateTime
from desktop.models.keys import (  # noqa: F401 - re-exported for callers of this module
    ACTIVE_STATUSES, PHASE_OF_STATUS, Level, Phase, ReportedVia, Severity, Status, priority,
)



class Incident(Shared, Base):
    __tablename__ = "incidents"
    __entity__ = "incident"
    __immutable__ = ("ref", "station_id")
    __domains__ = {"severity": Severity, "impact": Level, "urgency": Level, "reported_via": ReportedVia,
                   "status": Status}
    __limits__ = LIMITS["incident"]  # the one table of text limits (models/limits.py)
    __derived__ = {"title_key": ("title", "sort"), "title_search": ("title", "search"),
                   "description_search": ("description", "search"), "lessons_search": ("lessons", "search")}

    ref: Mapped[str | None] = mapped_column(String(40), index=True)  # display only, e.g. INC-HQ-1405-0007
    station_id: Mapped[str | None] = mapped_column(String(36))  # the station that created it
    title: Mapped[str | None] = mapped_column(Text)
    title_key: Mapped[str | None] = mapped_column(Text, index=True)
    description: Mapped[str | None] = mapped_column(Text)
    title_search: Mapped[str | None] = mapped_column(Text)  # search keys: FTS5 indexes these
    description_search: Mapped[str | None] = mapped_column(Text)
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
    update_every_min: Mapped[int | None] = mapped_column(Integer)  # status updates; None: the severity's
    problem_id: Mapped[str | None] = mapped_column(String(36))
    change_id: Mapped[str | None] = mapped_column(String(36))
    duplicate_of: Mapped[str | None] = mapped_column(String(36))
    review_summary: Mapped[str | None] = mapped_column(Text)
    review_impact: Mapped[str | None] = mapped_column(Text)
    root_cause: Mapped[str | None] = mapped_column(Text)
    went_well: Mapped[str | None] = mapped_column(Text)
    went_wrong: Mapped[str | None] = mapped_column(Text)
    got_lucky: Mapped[str | None] = mapped_column(Text)
    # The post-implementation review's checklist: when each was ticked (None: not yet).
    fix_verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    monitoring_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    docs_updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    lessons: Mapped[str | None] = mapped_column(Text)
    lessons_search: Mapped[str | None] = mapped_column(Text)  # its search key: lessons_fts indexes it
    exercise: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # a drill: out of metrics


class IncidentService(Shared, Base):
    """An affected service; deterministic id per (incident, service), removal by archiving."""

    __tablename__ = "incident_services"
    __entity__ = "incident_service"
    __immutable__ = ("incident_id", "service_id")

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    service_id: Mapped[str | None] = mapped_column(String(36), index=True)
