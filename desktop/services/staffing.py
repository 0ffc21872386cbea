"""Who the team needs, and who could join it.

- **The rule.** A live (declared or contained) sev1 or sev2 incident needs an incident commander
  and a communications lead: without either the board marks its row and the incident page says
  so. ``missing`` is the rule; ``gaps`` applies it to incidents in the database, for both.
- **Forming the team.** The people of the teams that own the incident's affected services
  (a person's team and a service's owner team compared by search key: «شبكه» is «شبکه»), less
  those who hold a role on it now.

Plain sqlite3: the board's first paint must not wait for the write path.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.models.keys import ACTIVE_STATUSES, Role, Severity
from desktop.services import conflicts, queries
from desktop.services.conflicts import Team
from desktop.services.queries import BoardRow
from desktop.text.normalize import search_key

NEEDED = (Role.INCIDENT_COMMANDER, Role.COMMUNICATIONS_LEAD)
SEVERE = (Severity.SEV1, Severity.SEV2)


def missing(severity: str | None, status: str | None, held: Iterable[str]) -> tuple[str, ...]:
    """The roles (keys, in the team's order) a ``severity`` incident in ``status`` lacks when
    ``held`` are the roles someone holds now; empty when it lacks none or needs none."""
    if severity not in SEVERE or status not in ACTIVE_STATUSES:
        return ()
    held = set(held)
    return tuple(role.value for role in NEEDED if role not in held)


_GAPS = """
SELECT i.id, i.severity, i.status,
       (SELECT group_concat(r.role) FROM role_assignments r WHERE r.incident_id = i.id
            AND r.renounced_at IS NULL AND NOT r.archived AND r.role IN ({needed})) AS held
FROM incidents i
WHERE NOT i.archived AND i.severity IN ({severe}) AND i.status IN ({active}) {where}
"""


def gaps(conn: sqlite3.Connection, incident_ids: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
    """incident id → the roles it lacks, for every incident (or those of ``incident_ids``)
    the rule flags; the others are not in the answer."""
    where, params = "", ()
    if incident_ids is not None:
        where, params = "AND i.id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(set(incident_ids))),)
    sql = _GAPS.format(needed=", ".join(f"'{r}'" for r in NEEDED), severe=", ".join(f"'{s}'" for s in SEVERE),
                       active=", ".join(f"'{s}'" for s in ACTIVE_STATUSES), where=where)
    found = {}
    for incident_id, severity, status, held in conn.execute(sql, params):
        lacking = missing(severity, status, (held or "").split(","))
        if lacking:
            found[incident_id] = lacking
    return found


def incident_gap(conn: sqlite3.Connection, incident_id: str) -> tuple[str, ...]:
    """The roles one incident lacks (the incident page's warning line)."""
    return gaps(conn, [incident_id]).get(incident_id, ())


@dataclass(frozen=True)
class Board:
    """The board's rows, and the roles each flagged incident lacks."""

    rows: list[BoardRow]
    gaps: dict[str, tuple[str, ...]] = field(default_factory=dict)


def board(conn: sqlite3.Connection, now: str, ids: list[str] | None = None) -> Board:
    """queries.board with the staffing rule applied to the same incidents, in one read."""
    rows = queries.board(conn, now, ids)
    return Board(rows, gaps(conn, [r.id for r in rows]) if rows else {})


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str  # the person's
    name: str
    title: str
    team: str
    services: tuple[str, ...]  # the affected services their team owns, by name
    lead: bool = False  # they lead that team (its record names them): suggested first


def suggestions(conn: sqlite3.Connection, incident_id: str) -> tuple[Suggestion, ...]:
    """People of the teams that own the incident's affected services, not on its team now: the
    teams' leads first, then in Persian alphabetical order."""
    owners: dict[str, list[str]] = {}
    for name, owner in conn.execute(
            "SELECT s.name, s.owner_team FROM incident_services l JOIN services s ON s.id = l.service_id "
            "WHERE l.incident_id = ? AND NOT l.archived ORDER BY s.name_key, s.id", (incident_id,)):
        if search_key(owner):
            owners.setdefault(search_key(owner), []).append(name or "")
    if not owners:
        return ()
    on_team = {r[0] for r in conn.execute(
        "SELECT person_id FROM role_assignments WHERE incident_id = ? AND renounced_at IS NULL AND NOT archived",
        (incident_id,))}
    # Each distinct team name is keyed once, not each of thousands of people.
    teams = [team for (team,) in conn.execute(
        "SELECT DISTINCT team FROM people WHERE NOT archived AND team IS NOT NULL AND team != ''")
        if search_key(team) in owners]
    if not teams:
        return ()
    leads = {(lead_id, search_key(name)) for lead_id, name in conn.execute(
        "SELECT lead_id, name FROM teams WHERE NOT archived AND lead_id IS NOT NULL")}
    found = []
    for person_id, name, title, team in conn.execute(
            "SELECT id, name, title, team FROM people WHERE NOT archived AND name IS NOT NULL "
            "AND team IN (SELECT value FROM json_each(?)) ORDER BY name_key, id", (json.dumps(teams),)):
        if person_id not in on_team:
            key = search_key(team)
            found.append(Suggestion(person_id, name, title or "", team, tuple(owners[key]), (person_id, key) in leads))
    found.sort(key=lambda s: not s.lead)  # stable: the leads first, each part still alphabetical
    return tuple(found)


@dataclass(frozen=True)
class Staffing:
    """The Team page's answer: the team (and any one-person role held twice), who could join
    it, and the roles the rule says it lacks."""

    team: Team
    suggestions: tuple[Suggestion, ...]
    missing: tuple[str, ...]
    severity: str | None = None


def team(conn: sqlite3.Connection, incident_id: str) -> Staffing:
    found = conn.execute("SELECT severity FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    return Staffing(conflicts.team(conn, incident_id), suggestions(conn, incident_id),
                    incident_gap(conn, incident_id), found[0] if found else None)
