"""Tasks on the incident's kanban board, ordered by a fractional-index position."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.limits import LIMITS
from desktop.models.base import Base, Shared, UTCDateTime
from desktop.models.keys import Column, Priority, TaskSource  # noqa: F401 - re-exported


class Task(Shared, Base):
    __tablename__ = "tasks"
    __entity__ = "task"
    __immutable__ = ("incident_id",)
    __domains__ = {"column": Column, "source": TaskSource, "priority": Priority}
    __limits__ = LIMITS["task"]  # the one table of text limits (models/limits.py)

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    column: Mapped[str | None] = mapped_column(String(16))
    position: Mapped[str | None] = mapped_column(String(64))  # sort by (position, id) everywhere
    owner_id: Mapped[str | None] = mapped_column(String(36))
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str | None] = mapped_column(String(16))
    priority: Mapped[str | None] = mapped_column(String(8))
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
