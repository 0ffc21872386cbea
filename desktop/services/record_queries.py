"""Read models of problem and change records: frozen snapshots for the record pages.

Plain sqlite3, like services/queries.py: the pages read on the worker, never live ORM objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from sqlite3 import Connection

from desktop.models.keys import Status, sql_order
from desktop.wire import stored_time



@dataclass(frozen=True, slots=True)
class LinkedIncident:
    id: str
    ref: str
    title: str
    status: str


@dataclass(frozen=True)
class ProblemDetail:
    id: str
    title: str
    root_cause: str
    five_whys: tuple[str, ...]
    contributing_factors: str
    workaround: str
    known_error: str  # set: the problem is a known error
    state: str
    owner_id: str | None
    owner: str | None  # the owner's name
    incidents: tuple[LinkedIncident, ...]


@dataclass(frozen=True)
class ChangeDetail:
    id: str
    title: str
    description: str
    plan: str
    risk: str | None
    risk_reason: str
    rollback_plan: str
    approval: str | None
    approved_by: str | None
    approver: str | None  # the approver's name
    approved_at: dt.datetime | None
    scheduled_at: dt.datetime | None
    implemented_at: dt.datetime | None
    outcome: str | None
    incidents: tuple[LinkedIncident, ...]


def _incidents(conn: Connection, column: str, record_id: str) -> tuple[LinkedIncident, ...]:
    """The incidents a record serves, the newest first."""
    return tuple(LinkedIncident(r[0], r[1] or "", r[2] or "", r[3] or Status.PROPOSED.value) for r in conn.execute(
        f"SELECT id, ref, title, status FROM incidents WHERE {column} = ? AND NOT archived "
        "ORDER BY coalesce(declared_at, reported_at) DESC, id", (record_id,)))


def _name(conn: Connection, person_id: str | None) -> str | None:
    row = conn.execute("SELECT name FROM people WHERE id = ?", (person_id,)).fetchone() if person_id else None
    return row[0] if row else None


def problem_detail(conn: Connection, problem_id: str | None) -> ProblemDetail | None:
    row = conn.execute(
        "SELECT id, title, root_cause, five_whys, contributing_factors, workaround, known_error, state, owner_id "
        "FROM problem_records WHERE id = ? AND NOT archived", (problem_id or "",)).fetchone()
    if row is None:
        return None
    return ProblemDetail(
        id=row[0], title=row[1] or "", root_cause=row[2] or "",
        five_whys=tuple(line for line in (row[3] or "").split("\n") if line.strip()),
        contributing_factors=row[4] or "", workaround=row[5] or "", known_error=row[6] or "",
        state=row[7] or "open", owner_id=row[8], owner=_name(conn, row[8]),
        incidents=_incidents(conn, "problem_id", row[0]))


def change_detail(conn: Connection, change_id: str | None) -> ChangeDetail | None:
    row = conn.execute(
        "SELECT id, title, description, plan, risk, risk_reason, rollback_plan, approval, approved_by, "
        "approved_at, scheduled_at, implemented_at, outcome FROM change_records WHERE id = ? AND NOT archived",
        (change_id or "",)).fetchone()
    if row is None:
        return None
    return ChangeDetail(
        id=row[0], title=row[1] or "", description=row[2] or "", plan=row[3] or "", risk=row[4],
        risk_reason=row[5] or "", rollback_plan=row[6] or "", approval=row[7], approved_by=row[8],
        approver=_name(conn, row[8]), approved_at=stored_time(row[9]), scheduled_at=stored_time(row[10]),
        implemented_at=stored_time(row[11]), outcome=row[12], incidents=_incidents(conn, "change_id", row[0]))


def record_of(conn: Connection, incident_id: str | None, kind: str) -> str | None:
    """The problem (``kind`` "problem") or change record an incident is linked to."""
    column = {"problem": "problem_id", "change": "change_id"}[kind]
    row = conn.execute(f"SELECT {column} FROM incidents WHERE id = ?", (incident_id or "",)).fetchone()
    return row[0] if row else None


def first_with_record(conn: Connection, kind: str) -> str | None:
    """The first incident (closed ones first, then the newest) linked to a record of ``kind``:
    the one `crisisroom screenshot --view problem|change` shows."""
    column = {"problem": "problem_id", "change": "change_id"}[kind]
    row = conn.execute(
        f"SELECT i.id FROM incidents i JOIN {column[:-3]}_records r ON r.id = i.{column} "
        f"WHERE NOT i.archived AND NOT r.archived "
        f"ORDER BY {sql_order('i.status', (Status.CLOSED, Status.IN_REVIEW, Status.RESOLVED))}, "
        "i.declared_at DESC, i.id LIMIT 1").fetchone()
    return row[0] if row else None


def problem_choices(conn: Connection) -> list[tuple[str, str]]:
    """(id, title) of every problem record, the newest first: an existing problem to link."""
    return [(r[0], r[1] or "") for r in conn.execute(
        "SELECT id, title FROM problem_records WHERE NOT archived ORDER BY id DESC")]
