"""Everything a postmortem says about one incident, read in one snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from sqlite3 import Connection
from typing import Any

from desktop.services import queries, review_queries
from desktop.services.review_queries import Checklist
from desktop.text.normalize import digits_to_ascii
from desktop.services.queries import EntryRow, RoleRow, TaskRow
from desktop.wire import from_wire_time


class UnknownIncident(LookupError):
    """No incident has that id or reference."""


@dataclass(frozen=True)
class Notice:
    at: dt.datetime | None
    audience: str  # a group kind (technical_team …) or a custom group's name
    custom: bool
    channel: str
    state: str
    text: str


@dataclass
class PostmortemData:
    incident: dict[str, Any]  # column -> value; times as aware datetimes
    services: list[str]
    roles: list[RoleRow]
    timeline: list[EntryRow]
    people: dict[str, str]
    task_titles: dict[str, str]
    tasks: list[TaskRow]
    problem: dict[str, Any] | None
    change: dict[str, Any] | None
    notices: list[Notice]
    duplicate_of: str | None
    duplicates: list[str] = field(default_factory=list)
    review: Checklist | None = None

    @property
    def closed(self) -> bool:
        return self.incident["status"] in ("closed", "cancelled")

    @property
    def commander(self) -> str | None:
        current = [r for r in self.roles if r.role == "incident_commander"]
        return current[-1].person if current else None

    @property
    def authors(self) -> list[str]:
        """Who wrote the record: the authors of its notes, first note first."""
        seen: dict[str, None] = {}
        for entry in self.timeline:
            if entry.kind == "note" and entry.author:
                seen.setdefault(entry.author)
        return list(seen)


_TIMES = ("detected_at", "reported_at", "declared_at", "acknowledged_at", "contained_at",
          "resolved_at", "reviewed_at", "closed_at", "fix_verified_at", "monitoring_confirmed_at", "docs_updated_at")


def _record(conn: Connection, table: str, record_id: str | None) -> dict[str, Any] | None:
    if not record_id:
        return None
    row = conn.execute(f'SELECT * FROM "{table}" WHERE id = ? AND NOT archived', (record_id,)).fetchone()
    if row is None:
        return None
    record = dict(row)
    for name in ("implemented_at", "approved_at", "scheduled_at"):
        if record.get(name):
            record[name] = from_wire_time(record[name])
    for name, shown in (("owner_id", "owner_name"), ("approved_by", "approver_name")):  # who, by name
        if name in record:
            found = conn.execute("SELECT name FROM people WHERE id = ?", (record[name],)).fetchone() \
                if record[name] else None
            record[shown] = found[0] if found else None
    return record


def find_incident(conn: Connection, id_or_ref: str) -> str:
    typed = digits_to_ascii(id_or_ref).strip()  # INC-HQ-۱۴۰۵-۰۰۰۱ is the same reference
    row = conn.execute("SELECT id FROM incidents WHERE (id = ? OR ref = ?) AND NOT archived",
                       (typed, typed.upper())).fetchone()
    if row is None:
        raise UnknownIncident(id_or_ref)
    return row[0]


def load(conn: Connection, id_or_ref: str) -> PostmortemData:
    incident_id = find_incident(conn, id_or_ref)
    incident = dict(conn.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone())
    for name in _TIMES:
        incident[name] = from_wire_time(incident[name]) if incident[name] else None
    services = [r[0] for r in conn.execute(
        "SELECT s.name FROM incident_services l JOIN services s ON s.id = l.service_id "
        "WHERE l.incident_id = ? AND NOT l.archived ORDER BY s.name_key", (incident_id,))]
    timeline = queries.timeline(conn, incident_id)
    people, task_titles = queries.entry_names(conn, timeline)
    roles = sorted(queries.team(conn, incident_id), key=lambda r: (r.assumed_at or dt.datetime.min.replace(
        tzinfo=dt.timezone.utc), r.id))
    # What was told: queued, sent or failed — not drafts nobody sent, nor discarded ones.
    notices = [Notice(from_wire_time(r["created_at"]) if r["created_at"] else None,
                      r["custom_name"] or r["kind"] or "", bool(r["custom_name"]), r["channel"] or "",
                      r["state"] or "", r["text"] or "")
               for r in conn.execute(
                   "SELECT coalesce(n.sent_at, n.queued_at, n.created_at) AS created_at, n.channel, n.state, n.text, "
                   "g.kind, CASE WHEN g.kind = 'custom' THEN g.name END AS custom_name "
                   "FROM notifications n LEFT JOIN stakeholder_groups g ON g.id = n.group_id "
                   "WHERE n.incident_id = ? AND NOT n.archived AND coalesce(n.state, '') NOT IN ('draft', 'cancelled') "
                   "ORDER BY 1, n.id", (incident_id,))]
    duplicate_of = None
    if incident.get("duplicate_of"):
        found = conn.execute("SELECT ref FROM incidents WHERE id = ?", (incident["duplicate_of"],)).fetchone()
        duplicate_of = found[0] if found else None
    duplicates = [r[0] for r in conn.execute(
        "SELECT ref FROM incidents WHERE duplicate_of = ? AND NOT archived ORDER BY ref", (incident_id,))]
    return PostmortemData(
        incident=incident, services=services, roles=roles, timeline=timeline,
        people=people, task_titles=task_titles,
        tasks=queries.tasks(conn, incident_id), problem=_record(conn, "problem_records", incident.get("problem_id")),
        change=_record(conn, "change_records", incident.get("change_id")), notices=notices,
        duplicate_of=duplicate_of, duplicates=duplicates, review=review_queries.checklist(conn, incident_id))
