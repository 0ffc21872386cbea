"""Stakeholder communications: each incident's plan (who is told, how, in which language), the
templates messages are written from, and the outbox of messages with a delivery state per
recipient.

A message is queued by one station and only that station delivers it (``station_id``): two
synced stations never both send it. Its ``message_id`` is the email Message-ID, fixed when it is
queued. Recipient states travel like every other field, so every station sees who was told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Shared, UTCDateTime
from desktop.models.keys import MESSAGE_LIMITS, Channel, CommEvent, Delivery  # noqa: F401 - re-exported


class CommAudience(Shared, Base):
    """One line of an incident's communication plan: a stakeholder group, its channels, its
    language and whether its messages go out at once or wait for the communications lead."""

    __tablename__ = "comm_audiences"
    __entity__ = "comm_audience"
    __immutable__ = ("incident_id", "group_id")

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    group_id: Mapped[str | None] = mapped_column(String(36))
    channels: Mapped[str | None] = mapped_column(String(100))  # keys of Channel, comma-separated
    lang: Mapped[str | None] = mapped_column(String(8))
    at_once: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CommTemplate(Shared, Base):
    """The organisation's own wording of an event's message in a language (the built-in one is
    used when there is none). The id is derived from (event, lang): two stations editing the same
    template edit one row."""

    __tablename__ = "comm_templates"
    __entity__ = "comm_template"
    __immutable__ = ("event", "lang")
    __domains__ = {"event": CommEvent}
    __limits__ = {"subject": 300, "body": 10_000}

    event: Mapped[str | None] = mapped_column(String(40))
    lang: Mapped[str | None] = mapped_column(String(8))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)


class Notification(Shared, Base):
    __tablename__ = "notifications"
    __entity__ = "notification"
    __append_only__ = True
    __domains__ = {"channel": Channel, "state": Delivery, "template": CommEvent}
    # station_id and message_id are set when the message is queued (after its draft was made).
    __immutable__ = ("incident_id", "group_id", "template", "channel", "created_at", "lang")
    __limits__ = MESSAGE_LIMITS

    incident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    group_id: Mapped[str | None] = mapped_column(String(36))
    template: Mapped[str | None] = mapped_column(String(40))  # the CommEvent it was written for
    subject: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)  # editable while a draft; then as it was sent
    lang: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    station_id: Mapped[str | None] = mapped_column(String(36), index=True)  # the one station that sends it
    message_id: Mapped[str | None] = mapped_column(String(200))  # <…@crisisroom>, the same on every retry
    state: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int | None] = mapped_column(Integer, server_default="0")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    queued_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # sent by the lead, or at once


class NotificationRecipient(Shared, Base):
    """One person a message goes to, and how its delivery to them went."""

    __tablename__ = "notification_recipients"
    __entity__ = "notification_recipient"
    __immutable__ = ("notification_id", "person_id", "address")
    __domains__ = {"state": Delivery}
    __limits__ = {"address": 320, "error": 1000}

    notification_id: Mapped[str | None] = mapped_column(String(36), index=True)
    person_id: Mapped[str | None] = mapped_column(String(36))
    address: Mapped[str | None] = mapped_column(String(320))  # the email as it was when queued
    state: Mapped[str | None] = mapped_column(String(16), index=True)
    attempts: Mapped[int | None] = mapped_column(Integer, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)  # the mail server's words, for the last failure
    next_try_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
