"""The incident timeline: append-only entries; only pinning and archiving change afterwards."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Shared, UTCDateTime


class EntryKind(enum.StrEnum):
    NOTE = "note"
    STATUS = "status"  # a lifecycle transition
    FIELD = "field"  # an edited field: before → after in details
    ROLE = "role"
    TASK = "task"
    RECORD = "record"  # problem or change record created or linked
    COMMUNICATION = "communication"
    CONFLICT = "conflict"  # a sync conflict people should see
    UNDO = "undo"


class TimelineEntry(Shared, Base):
    __tablename__ = "timeline_entries"
    __entity__ = "timeline_entry"
    __append_only__ = True
    __immutable__ = ("incident_id", "at", "kind", "text", "author_id", "details")
    __table_args__ = (Index("ix_timeline_entries_incident_at", "incident_id", "at", "id"),)

    incident_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)  # user's words; system entries keep it empty
    author_id: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[str | None] = mapped_column(Text)  # canonical JSON: stable keys, never labels
    pinned: Mapped[bool | None] = mapped_column(Boolean, server_default=false())
