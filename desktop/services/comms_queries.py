"""Read models of the communications page: an incident's plan, its messages with their delivery
so far, the groups that can be added, and when the next status update is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from sqlite3 import Connection

from desktop.models.keys import Delivery
from desktop.services.directory_queries import BUILT_IN_KINDS
from desktop.wire import stored_time, to_wire_time


@dataclass(frozen=True, slots=True)
class AudienceRow:
    id: str
    group_id: str
    kind: str
    name: str  # a custom group's name; built-in kinds are worded by the view
    channels: tuple[str, ...]
    lang: str
    at_once: bool
    members: int
    reachable: int  # members with an email address
    sort: str


@dataclass(frozen=True, slots=True)
class MessageRow:
    id: str
    event: str
    channel: str
    kind: str
    group: str
    lang: str
    state: str
    subject: str
    text: str
    created_at: dt.datetime | None
    queued_at: dt.datetime | None
    sent_at: dt.datetime | None
    here: bool  # queued by this station (only it delivers)
    counts: tuple[tuple[str, int], ...]  # recipients per delivery state
    problems: tuple[tuple[str, str, str, str], ...]  # (recipient id, name, address, error) of those not reached


@dataclass(frozen=True)
class CommsData:
    incident_id: str
    plan: tuple[AudienceRow, ...]
    messages: tuple[MessageRow, ...]  # drafts first, then the newest
    groups: tuple[tuple[str, str, str], ...]  # (id, kind, name) of every group, for "add audience"
    next_due: dt.datetime | None
    every_min: int
    own_interval: bool



def page(conn: Connection, incident_id: str, station_id: str) -> CommsData:
    from desktop.services import comms  # the write path's module: not before the first write (GUI start)

    plan = []
    for r in conn.execute(
            "SELECT a.id, a.group_id, g.kind, g.name, a.channels, a.lang, a.at_once, "
            "(SELECT count(*) FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = a.group_id "
            " AND NOT m.archived AND NOT p.archived), "
            "(SELECT count(*) FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = a.group_id "
            " AND NOT m.archived AND NOT p.archived AND coalesce(p.email, '') != '') "
            "FROM comm_audiences a LEFT JOIN stakeholder_groups g ON g.id = a.group_id "
            "WHERE a.incident_id = ? AND NOT a.archived", (incident_id,)):
        kind = r[2] or "custom"
        rank = BUILT_IN_KINDS.index(kind) if kind in BUILT_IN_KINDS else len(BUILT_IN_KINDS)
        plan.append(AudienceRow(r[0], r[1], kind, r[3] or "", tuple(c for c in (r[4] or "").split(",") if c),
                                r[5] or "fa", bool(r[6]), r[7], r[8], f"{rank}{r[3] or ''}"))
    plan.sort(key=lambda a: (a.sort, a.id))
    counts: dict[str, list[tuple[str, int]]] = {}
    for notification_id, state, n in conn.execute(
            "SELECT r.notification_id, r.state, count(*) FROM notification_recipients r JOIN notifications n "
            "ON n.id = r.notification_id WHERE n.incident_id = ? GROUP BY 1, 2", (incident_id,)):
        counts.setdefault(notification_id, []).append((state, n))
    problems: dict[str, list[tuple[str, str, str, str]]] = {}
    for notification_id, recipient_id, name, address, error in conn.execute(
            "SELECT r.notification_id, r.id, p.name, r.address, r.error FROM notification_recipients r "
            "JOIN notifications n ON n.id = r.notification_id LEFT JOIN people p ON p.id = r.person_id "
            "WHERE n.incident_id = ? AND r.state IN (?, ?) ORDER BY p.name_key",
            (incident_id, Delivery.FAILED.value, Delivery.UNSURE.value)):
        problems.setdefault(notification_id, []).append((recipient_id, name or "", address or "", error or ""))
    messages = [
        MessageRow(r[0], r[1] or "", r[2] or "", r[3] or "custom", r[4] or "", r[5] or "fa", r[6] or "", r[7] or "",
                   r[8] or "", stored_time(r[9]), stored_time(r[10]), stored_time(r[11]), r[12] == station_id,
                   tuple(sorted(counts.get(r[0], []))), tuple(problems.get(r[0], [])))
        for r in conn.execute(
            "SELECT n.id, n.template, n.channel, g.kind, g.name, n.lang, n.state, n.subject, n.text, n.created_at, "
            "n.queued_at, n.sent_at, n.station_id FROM notifications n "
            "LEFT JOIN stakeholder_groups g ON g.id = n.group_id WHERE n.incident_id = ? AND NOT n.archived "
            "ORDER BY n.state != 'draft', coalesce(n.queued_at, n.created_at) DESC, n.id", (incident_id,))]
    groups = tuple((r[0], r[1] or "custom", r[2] or "") for r in conn.execute(
        "SELECT id, kind, name FROM stakeholder_groups WHERE NOT archived ORDER BY kind, name"))
    own = conn.execute("SELECT update_every_min FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    return CommsData(incident_id, tuple(plan), tuple(messages), groups, comms.next_update_due(conn, incident_id),
                     comms.interval_min(conn, incident_id), bool(own and own[0]))


def next_updates(conn: Connection, incident_ids: list[str]) -> dict[str, dt.datetime]:
    """incident id → when its next status update is due (those with a plan and still active)."""
    from desktop.services import queries
    from desktop.text.calendar import utcnow

    return {row.id: row.next_update for row in queries.board(conn, to_wire_time(utcnow()), incident_ids)
            if row.next_update is not None}
