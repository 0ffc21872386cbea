"""Roles on the major incident team, held over time: a hand-over ends one row and starts another."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Shared, UTCDateTime
from desktop.models.keys import Role, SINGLE_HOLDER_ROLES  # noqa: F401 - re-exported


class RoleAssignment(Shared, Base):
    __tablename__ = "role_assignments"
    __entity__ = "role_assignment"
    __immutable__ = ("incident_id", "role", "person_id")
    __domains__ = {"role": Role}

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    role: Mapped[str | None] = mapped_column(String(32))
    person_id: Mapped[str | None] = mapped_column(String(36), index=True)
    assumed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    renounced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
