"""Station-local bookkeeping for the write path and sync: identity, clock, field clocks, outbox.

None of it is exported as shared data; field clocks are the same on every station once synced.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime


class StationState(Base):
    """One row: who this station is, its hybrid logical clock and its op counter."""

    __tablename__ = "station"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    station_id: Mapped[str] = mapped_column(String(36))
    short_code: Mapped[str] = mapped_column(String(8))  # prefix of human references, e.g. HQ
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), server_default="coordinator")  # wall|coordinator|field
    # Floors for the clock and the op counter; the newest outbox row carries the latest local
    # values (see services/writer.py), so local ops do not rewrite this row.
    hlc: Mapped[int] = mapped_column(BigInteger, server_default="0")  # never goes backwards
    last_seq: Mapped[int] = mapped_column(BigInteger, server_default="0")  # contiguous per station
    operator_id: Mapped[str | None] = mapped_column(String(36))  # the person acting at the station
    # Made to look around with invented incidents: says so in its title and never joins a hub.
    demo: Mapped[bool] = mapped_column(Boolean, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class FieldClock(Base):
    """The (hlc, station) of the op that last won a field; field '*' is the creating op's clock."""

    __tablename__ = "field_clocks"
    __table_args__ = {"sqlite_with_rowid": False}  # the key is the row: no second copy as an index

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    hlc: Mapped[int] = mapped_column(BigInteger)
    station_id: Mapped[str] = mapped_column(String(36))


class OutboxOp(Base):
    """Every local op, in station order; kept after acknowledgement for the retention window."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_refused", "station_seq", sqlite_where=text("refused IS NOT NULL")),
                      Index("ix_outbox_hlc", "hlc"))

    station_seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # SQLite's rowid: 64-bit
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    hlc: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON of the op
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    acked: Mapped[bool] = mapped_column(Boolean, server_default=false())
    refused: Mapped[str | None] = mapped_column(String(32))  # the hub took its seq but not the op: why
    hub_seq: Mapped[int | None] = mapped_column(BigInteger)  # its place in the hub's log, once served back


class QuarantinedOp(Base):
    """An op from the hub not applied: ``held`` until it can be (its clock is too far ahead of
    this station's, or what it refers to has not arrived) or ``refused`` for good (against the
    rules: ``code`` and ``params`` say which, in words the views translate)."""

    __tablename__ = "quarantine"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # its hub position
    op_id: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(8))  # held | refused
    code: Mapped[str] = mapped_column(String(32))
    params: Mapped[str] = mapped_column(Text, server_default="{}")  # canonical JSON
    at: Mapped[str] = mapped_column(String(27))  # when it was first seen (wire time)


class SyncState(Base):
    """One row: where this station is in the hub's log (station-local, never synced)."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    hub_epoch: Mapped[str | None] = mapped_column(String(40))  # a change means: resync, re-push
    cursor: Mapped[int] = mapped_column(BigInteger, server_default="0")  # the last hub seq applied
    last_synced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    hub_url: Mapped[str | None] = mapped_column(Text)  # without the password (see sync.credentials)
    search_paused: Mapped[bool] = mapped_column(Boolean, server_default=false())  # during a large catch-up
