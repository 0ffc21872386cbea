"""Read models for the views: frozen row snapshots, never live ORM objects across threads.

Plain sqlite3 (rows by column name): the board's first query must not wait for SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlite3 import Connection, Row

from desktop.models.keys import ACTIVE_STATUSES, BOARD_STATUSES, UPDATE_EVERY_MIN, Role, Status, sql_order
from desktop.services import review_queries
from desktop.text.normalize import normalize_input, search_key
from desktop.wire import from_wire_time, stored_time

_IN_BOARD = ", ".join(f"'{s}'" for s in BOARD_STATUSES)
_IN_ACTIVE = ", ".join(f"'{s}'" for s in ACTIVE_STATUSES)



@dataclass(frozen=True, slots=True)
class BoardRow:
    id: str
    ref: str
    title: str
    severity: str
    status: str
    services: tuple[str, ...]
    commander: str | None
    declared_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    resolved_at: dt.datetime | None
    sla_due_at: dt.datetime | None
    open_tasks: int
    overdue_tasks: int
    last_update: dt.datetime | None
    holders: frozenset[str] = frozenset()  # people holding a role now ("mine")
    next_update: dt.datetime | None = None  # the next stakeholder status update due (services/comms.py)
    exercise: bool = False  # a drill (issue 17): the board says so in its title cell


_BOARD_SQL = """
SELECT i.id, i.ref, i.title, i.severity, i.status, i.declared_at,
       i.acknowledged_at, i.resolved_at, i.sla_minutes, i.reported_at,
       (SELECT group_concat(name, char(31)) FROM (
            SELECT s.name FROM incident_services l JOIN services s ON s.id = l.service_id
            WHERE l.incident_id = i.id AND NOT l.archived ORDER BY s.name_key)) AS services,
       (SELECT p.name FROM role_assignments r JOIN people p ON p.id = r.person_id
            WHERE r.incident_id = i.id AND r.role = '{commander}' AND r.renounced_at IS NULL
            AND NOT r.archived ORDER BY r.assumed_at DESC LIMIT 1) AS commander,
       (SELECT count(*) FROM tasks t WHERE t.incident_id = i.id AND NOT t.archived
            AND t."column" != 'done') AS open_tasks,
       (SELECT count(*) FROM tasks t WHERE t.incident_id = i.id AND NOT t.archived
            AND t."column" != 'done' AND t.due_at < :now) AS overdue_tasks,
       (SELECT max(e.at) FROM timeline_entries e WHERE e.incident_id = i.id) AS last_update,
       (SELECT group_concat(r.person_id) FROM role_assignments r WHERE r.incident_id = i.id
            AND r.renounced_at IS NULL AND NOT r.archived) AS holders,
       i.update_every_min,
       (SELECT max(n.queued_at) FROM notifications n WHERE n.incident_id = i.id) AS last_message,
       EXISTS (SELECT 1 FROM comm_audiences a WHERE a.incident_id = i.id AND NOT a.archived) AS has_plan,
       i.exercise
FROM incidents i
WHERE NOT i.archived AND i.title IS NOT NULL AND {where}
ORDER BY {status_order}, i.severity, i.declared_at DESC, i.id
"""


def _board_row(r: Row) -> BoardRow:
    declared = stored_time(r["declared_at"])
    sla = r["sla_minutes"]
    return BoardRow(
        id=r["id"], ref=r["ref"] or "", title=r["title"] or "", severity=r["severity"] or "sev4",
        status=r["status"] or "proposed",
        services=tuple(r["services"].split("\x1f")) if r["services"] else (), commander=r["commander"],
        declared_at=declared, acknowledged_at=stored_time(r["acknowledged_at"]),
        resolved_at=stored_time(r["resolved_at"]),
        sla_due_at=declared + dt.timedelta(minutes=sla) if declared and sla else None,
        open_tasks=r["open_tasks"], overdue_tasks=r["overdue_tasks"],
        last_update=stored_time(r["last_update"]) or stored_time(r["reported_at"]),
        holders=frozenset(r["holders"].split(",")) if r["holders"] else frozenset(),
        next_update=_next_update(r, declared), exercise=bool(r["exercise"]))


def _next_update(r: Row, declared: dt.datetime | None) -> dt.datetime | None:
    """The next status update: the interval (the incident's, else its severity's) after the last
    message queued for it, or after it was declared (services/comms.py asks this too)."""
    if not r["has_plan"] or r["status"] not in ACTIVE_STATUSES or declared is None:
        return None
    every = r["update_every_min"] or UPDATE_EVERY_MIN.get(r["severity"] or "sev2", 60)
    return (stored_time(r["last_message"]) or declared) + dt.timedelta(minutes=every)


def board(conn: Connection, now: str, ids: list[str] | None = None) -> list[BoardRow]:
    """Open incidents, active first; with ``ids``, just those (for a narrow refresh)."""
    params: dict[str, Any] = {"now": now}
    if ids is None:
        where = f"i.status IN ({_IN_BOARD})"
    else:
        where = "i.status IN ({}) AND i.id IN ({})".format(_IN_BOARD, ", ".join(f":id{n}" for n in range(len(ids))))
        params.update({f"id{n}": v for n, v in enumerate(ids)})
        if not ids:
            return []
    sql = _BOARD_SQL.format(where=where, commander=Role.INCIDENT_COMMANDER,
                            status_order=sql_order("i.status", BOARD_STATUSES))
    cursor = conn.cursor()
    cursor.row_factory = Row  # by column name, also on a command's own connection (services/comms.py)
    return [_board_row(r) for r in cursor.execute(sql, params)]


@dataclass(frozen=True, slots=True)
class RoleRow:
    id: str
    role: str
    person: str
    title: str
    team: str
    phone: str
    assumed_at: dt.datetime | None
    renounced_at: dt.datetime | None


def team(conn: Connection, incident_id: str) -> list[RoleRow]:
    rows = conn.execute((
        "SELECT r.id, r.role, p.name, p.title, p.team, p.phone, r.assumed_at, r.renounced_at "
        "FROM role_assignments r LEFT JOIN people p ON p.id = r.person_id "
        "WHERE r.incident_id = :i AND NOT r.archived "
        f"ORDER BY r.renounced_at IS NOT NULL, {sql_order('r.role', Role)}, r.assumed_at, r.id"), {"i": incident_id})
    return [RoleRow(r[0], r[1], r[2] or "", r[3] or "", r[4] or "", r[5] or "", stored_time(r[6]), stored_time(r[7]))
            for r in rows]


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: str
    title: str
    column: str
    position: str
    owner: str | None
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    source: str
    owner_id: str | None = None  # the task edit dialog (issue 16)
    priority: str = "normal"
    details: str = ""
    incident_id: str = ""  # the all-tasks board (issue 16): whose task it is
    incident_ref: str = ""
    incident_title: str = ""


def tasks(conn: Connection, incident_id: str) -> list[TaskRow]:
    rows = conn.execute((
        'SELECT t.id, t.title, t."column", t.position, p.name, t.due_at, t.done_at, t.source, '
        "t.owner_id, t.priority, t.details "
        "FROM tasks t LEFT JOIN people p ON p.id = t.owner_id "
        "WHERE t.incident_id = :i AND NOT t.archived AND t.title IS NOT NULL "
        "ORDER BY t.position, t.id"), {"i": incident_id})
    return [TaskRow(r[0], r[1], r[2] or "todo", r[3] or "", r[4], stored_time(r[5]), stored_time(r[6]), r[7] or "response",
                    r[8], r[9] or "normal", r[10] or "") for r in rows]


_OPEN_TASKS_SQL = (
    'SELECT t.id, t.title, t."column", t.position, p.name, t.due_at, t.done_at, t.source, '
    "t.owner_id, t.priority, t.details, t.incident_id, i.ref, i.title "
    "FROM tasks t JOIN incidents i ON i.id = t.incident_id LEFT JOIN people p ON p.id = t.owner_id "
    "WHERE NOT t.archived AND t.title IS NOT NULL AND NOT i.archived AND i.title IS NOT NULL "
    "AND i.status NOT IN ('closed', 'cancelled'){where} ORDER BY t.position, t.id")


def open_tasks(conn: Connection, task_ids: list[str] | None = None,
               incident_ids: list[str] | None = None) -> list[TaskRow]:
    """Every task (done ones too) of every incident not closed, cancelled or archived, with its
    incident's reference and title, ordered by (position, id) as one incident's board is: one
    query for the all-tasks board. With ``task_ids`` or ``incident_ids``, only the tasks among
    those or of those incidents (a narrow refresh); the ids asked that are not returned are gone."""
    where, params = "", []
    if task_ids is not None or incident_ids is not None:
        where = " AND (t.id IN (SELECT value FROM json_each(?)) OR t.incident_id IN (SELECT value FROM json_each(?)))"
        params = [json.dumps(list(task_ids or ())), json.dumps(list(incident_ids or ()))]
    rows = conn.execute(_OPEN_TASKS_SQL.format(where=where), params)
    return [TaskRow(r[0], r[1], r[2] or "todo", r[3] or "", r[4], stored_time(r[5]), stored_time(r[6]), r[7] or "response",
                    r[8], r[9] or "normal", r[10] or "", r[11], r[12] or "", r[13] or "") for r in rows]


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: str
    at: dt.datetime
    kind: str
    text: str
    author: str | None
    pinned: bool
    details: dict[str, Any]


def _details(text: str | None) -> dict[str, Any]:
    """An entry's details; {} for what is not a JSON object (an entry from before the checks)."""
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def timeline(conn: Connection, incident_id: str, limit: int | None = None) -> list[EntryRow]:
    """Entries oldest first, ordered by (time, id) everywhere; with ``limit``, the newest ones."""
    sql = ("SELECT e.id, e.at, e.kind, e.text, p.name, e.pinned, e.details FROM timeline_entries e "
           "LEFT JOIN people p ON p.id = e.author_id WHERE e.incident_id = :i AND NOT e.archived "
           "AND e.at IS NOT NULL ORDER BY e.at DESC, e.id DESC")
    params: dict[str, Any] = {"i": incident_id}
    if limit:
        sql += " LIMIT :n"
        params["n"] = limit
    rows = [EntryRow(r[0], from_wire_time(r[1]), r[2] or "note", r[3] or "", r[4], bool(r[5]), _details(r[6]))
            for r in conn.execute(sql, params)]
    rows.reverse()
    return rows


_NAMED = {"people": "name", "services": "name", "tasks": "title"}


def entry_names(conn: Connection, rows: list[EntryRow]) -> tuple[dict[str, str], dict[str, str]]:
    """The people and task titles timeline entries name by id (their details keep ids, never
    names): for the timeline page and the postmortem alike. Details of an unexpected shape
    name nobody (an entry is never changed: a bad one must not break the page)."""
    people: set[str] = set()
    tasks: set[str] = set()

    def strings(values: Any) -> list[str]:
        return [v for v in values if isinstance(v, str) and v] if isinstance(values, list) else []

    for r in rows:
        d = r.details if isinstance(r.details, dict) else {}
        people.update(v for k, v in d.items() if k in ("person", "previous") and isinstance(v, str) and v)
        if isinstance(d.get("task"), str) and d["task"]:
            tasks.add(d["task"])
        if r.kind == "field":
            for change in d.get("changes") if isinstance(d.get("changes"), list) else ():
                if isinstance(change, list) and change and change[0] in ("owner_id", "approved_by"):
                    people.update(strings(change[1:]))
        if r.kind == "conflict":
            people.update(strings(d.get("people")))
            for named in d.get("fields") if isinstance(d.get("fields"), list) else ():
                if isinstance(named, list) and len(named) > 2 and named[0] == "task" and isinstance(named[2], str):
                    tasks.add(named[2])
    return names(conn, "people", people), names(conn, "tasks", tasks)


@dataclass(frozen=True)
class TimelineData:
    rows: list[EntryRow]
    people: dict[str, str]
    tasks: dict[str, str]


def timeline_data(conn: Connection, incident_id: str) -> TimelineData:
    """An incident's timeline with the names its entries refer to."""
    rows = timeline(conn, incident_id)
    return TimelineData(rows, *entry_names(conn, rows))


def names(conn: Connection, table: str, ids: set[str]) -> dict[str, str]:
    """Display names (titles for tasks) for ids found in timeline details."""
    if not ids:
        return {}
    marks = ", ".join(f":i{n}" for n in range(len(ids)))
    rows = conn.execute(f'SELECT id, {_NAMED[table]} FROM "{table}" WHERE id IN ({marks})',
                        {f"i{n}": v for n, v in enumerate(ids)})
    return {r[0]: r[1] for r in rows}


def focus_incident(conn: Connection) -> str | None:
    """The incident the pages show first: the most severe active one, newest first."""
    row = conn.execute(
        f"SELECT id FROM incidents WHERE NOT archived AND status IN ({_IN_ACTIVE}) "
        "ORDER BY severity, declared_at DESC, id LIMIT 1").fetchone()
    return row[0] if row else None


def people_named(conn: Connection, text: str) -> list[str]:
    """The ids of the people ``text`` names: a person's id, or their name as typed in any
    letters' and digits' forms (ي/ی, ك/ک and the like are the same name)."""
    name = normalize_input(text)
    return [r[0] for r in conn.execute("SELECT id FROM people WHERE (id = ? OR name = ?) AND NOT archived ORDER BY id",
                                       (text.strip(), name))]


def incident_count(conn: Connection) -> int:
    return conn.execute("SELECT count(*) FROM incidents").fetchone()[0]


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    name: str


def services(conn: Connection) -> list[Choice]:
    return [Choice(r[0], r[1]) for r in conn.execute(
        "SELECT id, name FROM services WHERE NOT archived AND name IS NOT NULL ORDER BY name_key, id")]


def people(conn: Connection) -> list[Choice]:
    return [Choice(r[0], r[1]) for r in conn.execute(
        "SELECT id, name FROM people WHERE NOT archived AND name IS NOT NULL ORDER BY name_key, id")]


def change_records(conn: Connection) -> list[Choice]:
    """Change records, the newest first (the one that carried a fix is usually recent)."""
    return [Choice(r[0], r[1] or "") for r in conn.execute(
        "SELECT id, title FROM change_records WHERE NOT archived ORDER BY id DESC")]


def open_incidents(conn: Connection, excluding: str | None = None) -> list[Choice]:
    return [Choice(r[0], f"{r[1]} · {r[2]}") for r in conn.execute(
        f"SELECT id, ref, title FROM incidents WHERE NOT archived AND status IN ({_IN_ACTIVE}, '{Status.RESOLVED}') "
        "AND id != ? ORDER BY declared_at DESC, id",
        (excluding or "",))]


@dataclass(frozen=True)
class IncidentDetail:
    fields: dict[str, Any]  # every incident column (wire values)
    services: tuple[str, ...]  # service ids
    problem_title: str | None
    change_title: str | None
    review_missing: tuple[str, ...] = ()  # the review checklist's items not done (services/review_queries.py)


def incident_detail(conn: Connection, incident_id: str) -> IncidentDetail | None:
    row = conn.execute("SELECT * FROM incidents WHERE id = ? AND NOT archived", (incident_id,)).fetchone()
    if row is None:
        return None
    fields = dict(row)
    linked = [r[0] for r in conn.execute(
        "SELECT service_id FROM incident_services WHERE incident_id = ? AND NOT archived ORDER BY service_id",
        (incident_id,))]

    def title(table: str, record_id: str | None) -> str | None:
        found = conn.execute(f"SELECT title FROM {table} WHERE id = ?", (record_id,)).fetchone() if record_id else None
        return found[0] if found else None

    found = review_queries.checklist(conn, incident_id)
    return IncidentDetail(fields, tuple(linked), title("problem_records", fields["problem_id"]),
                          title("change_records", fields["change_id"]), found.missing if found else ())


def search(conn: Connection, text: str) -> frozenset[str]:
    """Incidents whose title, description, reference or timeline match ``text``, with persian.md's
    normalisation on both sides: every word as a prefix (FTS5), or the whole query as a substring
    of the text with its spaces and half-spaces removed (trigram), so پایگاهداده finds پایگاه‌داده."""
    key = search_key(text)
    words = [w.replace('"', '""') for w in key.split()]
    if not words:
        return frozenset()
    match = " ".join(f'"{w}"*' for w in words)
    compact = key.replace(" ", "").replace('"', '""')
    found = {r[0] for r in conn.execute(
        "SELECT i.id FROM incident_fts f JOIN incidents i ON i.rowid = f.rowid WHERE incident_fts MATCH ?", (match,))}
    found.update(r[0] for r in conn.execute(
        "SELECT DISTINCT e.incident_id FROM entry_fts f JOIN timeline_entries e ON e.rowid = f.rowid "
        "WHERE entry_fts MATCH ? AND NOT e.archived", (match,)))
    if len(compact) >= 3:
        found.update(r[0] for r in conn.execute(
            "SELECT i.id FROM incident_tri t JOIN incidents i ON i.rowid = t.rowid WHERE incident_tri MATCH ?",
            (f'"{compact}"',)))
        found.update(r[0] for r in conn.execute(
            "SELECT DISTINCT e.incident_id FROM entry_tri t JOIN timeline_entries e ON e.rowid = t.rowid "
            "WHERE entry_tri MATCH ? AND NOT e.archived", (f'"{compact}"',)))
    # A reference typed in any digit script (INC-HQ-۱۴۰۵-۰۰۰۱, ٠٠٠١): the same key as the words,
    # matched as a part of the reference (LIKE ignores ASCII case; % and _ are only text).
    like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found.update(r[0] for r in conn.execute("SELECT id FROM incidents WHERE ref LIKE ? ESCAPE '\\'", (f"%{like}%",)))
    return frozenset(found)


def rebuild_search(conn: Connection) -> None:
    """Builds the five search indexes afresh from the rows (after a catch-up that paused them).
    The trigram tables keep no content, so they are emptied and filled again."""
    conn.execute("INSERT INTO incident_fts(incident_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO lessons_fts(lessons_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO incident_tri(incident_tri) VALUES ('delete-all')")
    conn.execute("INSERT INTO entry_tri(entry_tri) VALUES ('delete-all')")
    conn.execute("INSERT INTO incident_tri(rowid, compact) "
                 "SELECT rowid, replace(coalesce(title_search, ''), ' ', '') FROM incidents")
    conn.execute("INSERT INTO entry_tri(rowid, compact) "
                 "SELECT rowid, replace(coalesce(text_search, ''), ' ', '') FROM timeline_entries")


@dataclass(frozen=True, slots=True)
class Similar:
    id: str
    ref: str
    title: str
    root_cause: str
    fix: str  # the change record that carried the fix, and its outcome key
    fix_outcome: str
    shared_services: int
    lessons: str = ""


def similar(conn: Connection, text: str, service_ids: tuple[str, ...] = (), exclude: str | None = None,
            limit: int = 5) -> list[Similar]:
    """Closed and reviewed incidents most like this one: shared affected services first, then
    FTS5's bm25 rank over their titles and descriptions for any of the words — so a proven
    root cause and fix can be reused at once."""
    words = [w.replace('"', '""') for w in search_key(text).split() if len(w) > 1]
    ranks: dict[str, float] = {}
    if words:
        for row in conn.execute(
                "SELECT i.id, bm25(incident_fts) FROM incident_fts f JOIN incidents i ON i.rowid = f.rowid "
                "WHERE incident_fts MATCH ? AND i.status IN ('resolved', 'in_review', 'closed') AND NOT i.archived "
                "ORDER BY bm25(incident_fts) LIMIT 50", (" OR ".join(f'"{w}"*' for w in words),)):
            ranks[row[0]] = row[1]
        for row in conn.execute(  # lessons learned count as much as the title: the best of both ranks
                "SELECT i.id, bm25(lessons_fts) FROM lessons_fts f JOIN incidents i ON i.rowid = f.rowid "
                "WHERE lessons_fts MATCH ? AND i.status IN ('resolved', 'in_review', 'closed') AND NOT i.archived "
                "ORDER BY bm25(lessons_fts) LIMIT 50", (" OR ".join(f'"{w}"*' for w in words),)):
            ranks[row[0]] = min(row[1], ranks.get(row[0], 0.0))
    shared: dict[str, int] = {}
    if service_ids:
        marks = ", ".join("?" * len(service_ids))
        for row in conn.execute(
                f"SELECT l.incident_id, count(*) FROM incident_services l JOIN incidents i ON i.id = l.incident_id "
                f"WHERE l.service_id IN ({marks}) AND NOT l.archived AND i.status IN ('resolved', 'in_review', "
                f"'closed') AND NOT i.archived GROUP BY l.incident_id", service_ids):
            shared[row[0]] = row[1]
    candidates = (set(ranks) | set(shared)) - {exclude}
    best = sorted(candidates, key=lambda i: (-shared.get(i, 0), ranks.get(i, 0.0), i))[:limit]
    out = []
    for incident_id in best:
        r = conn.execute(
            "SELECT i.ref, i.title, coalesce(nullif(i.root_cause, ''), p.root_cause, ''), "
            "coalesce(c.title, ''), coalesce(c.outcome, ''), coalesce(i.lessons, '') FROM incidents i "
            "LEFT JOIN problem_records p ON p.id = i.problem_id LEFT JOIN change_records c ON c.id = i.change_id "
            "WHERE i.id = ?", (incident_id,)).fetchone()
        out.append(Similar(incident_id, r[0] or "", r[1] or "", r[2], r[3], r[4], shared.get(incident_id, 0), r[5]))
    return out


# -- who operated this station lately (the status bar's operator menu)

RECENT = 6  # the latest operators at this station, first in the menu
LISTED = 15  # directory entries the menu shows at once; a larger directory is searched
_LOOK_BACK = 500  # this station's latest ops, for who made them


@dataclass(frozen=True)
class Operators:
    people: tuple  # queries.Choice rows: the directory, by name
    recent: tuple[str, ...]  # person ids, the latest operator first


def operators(conn: Connection) -> Operators:
    """The directory and the people who worked at this station lately: the one operating it now,
    then the operators named on its own latest ops (the outbox holds this station's ops only),
    the latest first."""
    everyone = people(conn)
    known = {person.id for person in everyone}
    (now,) = conn.execute("SELECT operator_id FROM station WHERE id = 1").fetchone()
    recent: list[str] = [now] if now in known else []
    for (person_id,) in conn.execute(
            "SELECT json_extract(payload, '$.operator_id') FROM outbox ORDER BY station_seq DESC LIMIT ?",
            (_LOOK_BACK,)):
        if person_id in known and person_id not in recent:
            recent.append(person_id)
            if len(recent) == RECENT:
                break
    return Operators(tuple(everyone), tuple(recent))
