"""The service catalogue: what the organisation offers and what an incident can take down."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.limits import LIMITS
from desktop.models.base import Base, Shared


class Service(Shared, Base):
    __tablename__ = "services"
    __entity__ = "service"
    __derived__ = {"name_key": ("name", "sort")}
    __limits__ = LIMITS["service"]  # the one table of text limits (models/limits.py)

    name: Mapped[str | None] = mapped_column(Text)
    name_key: Mapped[str | None] = mapped_column(Text, index=True)
    description: Mapped[str | None] = mapped_column(Text)
    owner_team: Mapped[str | None] = mapped_column(String(200))
