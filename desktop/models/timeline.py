"""The incident timeline: append-only entries; only pinning and archiving change afterwards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.limits import LIMITS
from desktop.models.base import Base, Shared, UTCDateTime
from desktop.models.keys import EntryKind  # noqa: F401 - re-exported


class TimelineEntry(Shared, Base):
    __tablename__ = "timeline_entries"
    __entity__ = "timeline_entry"
    __append_only__ = True
    __immutable__ = ("incident_id", "at", "kind", "text", "author_id", "details")
    __derived__ = {"text_search": ("text", "search")}
    __domains__ = {"kind": EntryKind}
    __limits__ = LIMITS["timeline_entry"]  # the one table of text limits (models/limits.py)
    __table_args__ = (Index("ix_timeline_entries_incident_at", "incident_id", "at", "id"),)

    incident_id: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)  # user's words; system entries keep it empty
    text_search: Mapped[str | None] = mapped_column(Text)  # its search key, indexed by FTS5
    author_id: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[str | None] = mapped_column(Text)  # canonical JSON: stable keys, never labels
    pinned: Mapped[bool | None] = mapped_column(Boolean, server_default=false())
