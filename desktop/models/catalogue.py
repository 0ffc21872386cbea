"""The service catalogue: what the organisation offers and what an incident can take down."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Shared
from desktop.models.keys import Criticality
from desktop.models.limits import LIMITS


class Service(Shared, Base):
    __tablename__ = "services"
    __entity__ = "service"
    __derived__ = {"name_key": ("name", "sort")}
    __limits__ = LIMITS["service"]  # the one table of text limits (models/limits.py)
    __domains__ = {"criticality": Criticality}

    name: Mapped[str | None] = mapped_column(Text)
    name_key: Mapped[str | None] = mapped_column(Text, index=True)
    description: Mapped[str | None] = mapped_column(Text)
    owner_team: Mapped[str | None] = mapped_column(String(200))
    criticality: Mapped[str | None] = mapped_column(String(16))
    # The resolution target in minutes for an incident of each severity on this service.
    sla_sev1: Mapped[int | None] = mapped_column(Integer)
    sla_sev2: Mapped[int | None] = mapped_column(Integer)
    sla_sev3: Mapped[int | None] = mapped_column(Integer)
    sla_sev4: Mapped[int | None] = mapped_column(Integer)
    used_by: Mapped[str | None] = mapped_column(Text)  # who depends on it, in words: "all branches"
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)
