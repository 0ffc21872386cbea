"""The directory: people, their teams, and the stakeholder groups they are notified through."""

from __future__ import annotations


from sqlalchemy import Boolean, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.limits import LIMITS
from desktop.models.base import Base, Shared
from desktop.models.keys import GroupKind  # noqa: F401 - re-exported


class Person(Shared, Base):
    __tablename__ = "people"
    __entity__ = "person"
    __derived__ = {"name_key": ("name", "sort")}
    __limits__ = LIMITS["person"]  # the one table of text limits (models/limits.py)

    name: Mapped[str | None] = mapped_column(Text)
    name_key: Mapped[str | None] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    team: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320), index=True)  # an import matches people on it
    phone: Mapped[str | None] = mapped_column(String(40))
    languages: Mapped[str | None] = mapped_column(String(200))  # e.g. "fa, en", as typed
    # An outside expert (a vendor's engineer, a consultant) and the organisation they come from.
    outside_expert: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    organisation: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)  # from an HR system's export


class Team(Shared, Base):
    """A team's own record: who leads it and how to reach it. People and services carry the
    team's name (people.team, services.owner_team), which is what joins them to it; a name
    nobody has made a record for is still a team (directory_queries.teams)."""

    __tablename__ = "teams"
    __entity__ = "team"
    __limits__ = LIMITS["team"]

    name: Mapped[str | None] = mapped_column(Text)
    lead_id: Mapped[str | None] = mapped_column(String(36), index=True)
    contact: Mapped[str | None] = mapped_column(Text)  # an on-call number, a channel, a mailbox
    description: Mapped[str | None] = mapped_column(Text)


class StakeholderGroup(Shared, Base):
    __tablename__ = "stakeholder_groups"
    __entity__ = "stakeholder_group"
    __domains__ = {"kind": GroupKind}
    __limits__ = LIMITS["stakeholder_group"]  # the one table of text limits (models/limits.py)

    kind: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str | None] = mapped_column(Text)  # only for custom groups; built-ins are translated


class GroupMember(Shared, Base):
    """Membership as a row with a deterministic id, so two stations adding the same person agree."""

    __tablename__ = "group_members"
    __entity__ = "group_member"
    __immutable__ = ("group_id", "person_id")

    group_id: Mapped[str | None] = mapped_column(String(36), index=True)
    person_id: Mapped[str | None] = mapped_column(String(36), index=True)
