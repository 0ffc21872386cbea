"""Problem records (the root cause) and change records (the fix, carried out as a change)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.limits import LIMITS
from desktop.models.base import Base, Shared, UTCDateTime
from desktop.models.keys import Approval, Outcome, ProblemState, Risk  # noqa: F401 - re-exported


class ProblemRecord(Shared, Base):
    __tablename__ = "problem_records"
    __entity__ = "problem_record"
    __domains__ = {"state": ProblemState}
    __limits__ = LIMITS["problem_record"]  # the one table of text limits (models/limits.py)

    title: Mapped[str | None] = mapped_column(Text)
    root_cause: Mapped[str | None] = mapped_column(Text)
    known_error: Mapped[str | None] = mapped_column(Text)  # what is known of the error (a known error once set)
    workaround: Mapped[str | None] = mapped_column(Text)
    five_whys: Mapped[str | None] = mapped_column(Text)  # the whys in order, one a line
    contributing_factors: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(String(24))
    owner_id: Mapped[str | None] = mapped_column(String(36))


class ChangeRecord(Shared, Base):
    __tablename__ = "change_records"
    __entity__ = "change_record"
    __domains__ = {"risk": Risk, "approval": Approval, "outcome": Outcome}
    __limits__ = LIMITS["change_record"]  # the one table of text limits (models/limits.py)

    title: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)  # what is changed and why
    plan: Mapped[str | None] = mapped_column(Text)
    risk: Mapped[str | None] = mapped_column(String(8))
    risk_reason: Mapped[str | None] = mapped_column(Text)
    rollback_plan: Mapped[str | None] = mapped_column(Text)
    approval: Mapped[str | None] = mapped_column(String(16))  # "emergency": approved after the fact
    approved_by: Mapped[str | None] = mapped_column(String(36))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    implemented_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
