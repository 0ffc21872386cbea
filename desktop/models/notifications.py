"""Stakeholder notifications: an outbox of messages with their delivery state."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Shared, UTCDateTime
from desktop.models.keys import Channel, Delivery  # noqa: F401 - re-exported


class Notification(Shared, Base):
    __tablename__ = "notifications"
    __entity__ = "notification"
    __append_only__ = True
    __domains__ = {"channel": Channel, "state": Delivery}
    __immutable__ = ("incident_id", "group_id", "template", "text", "channel", "created_at")

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    group_id: Mapped[str | None] = mapped_column(String(36))
    template: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int | None] = mapped_column(Integer, server_default="0")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
