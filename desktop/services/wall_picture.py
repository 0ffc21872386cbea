"""What the wall display shows, read in one transaction: the active major incidents (the board's
rows, most severe first) with the roles each lacks, and for every sev1 what its focus page
needs — the team, the war room and bridge, the tasks per kanban column and the latest
timeline entries. Frozen snapshots, so the wall keeps painting the last good picture whenever
a read fails.

Plain sqlite3, like the board's queries: the wall reads this after every change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from sqlite3 import Connection

from desktop.models.keys import ACTIVE_STATUSES, Column, Severity
from desktop.services import metrics, queries, staffing
from desktop.services.queries import BoardRow, EntryRow, RoleRow
from desktop.wire import to_wire_time

TASKS_SHOWN = 4  # per kanban column on a focus page: the first ones in the column's order
ENTRIES_SHOWN = 6  # the latest timeline entries on a focus page


@dataclass(frozen=True, slots=True)
class TaskLine:
    title: str
    owner: str | None
    overdue: bool


@dataclass(frozen=True)
class Focus:
    """A sev1's focus page."""

    incident_id: str
    description: str
    war_room: str
    bridge: tuple[str, ...]  # the address, the phone, the PIN: those given
    team: tuple[RoleRow, ...]  # the roles held now, in the team's order
    columns: tuple[tuple[str, int, tuple[TaskLine, ...]], ...]  # (column, count, first tasks)
    entries: tuple[EntryRow, ...]
    people: dict[str, str] = field(default_factory=dict)  # names the entries refer to by id
    tasks: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MonthFigures:
    """The metrics page: this month so far against the month before (metrics.report's overall
    and previous for the month that holds now)."""

    month: metrics.Period
    figures: metrics.Figures
    previous: metrics.Figures


@dataclass(frozen=True)
class WallPicture:
    incidents: tuple[BoardRow, ...]  # active major incidents, most severe first
    gaps: dict[str, tuple[str, ...]]  # incident id → roles it lacks (sev1/sev2 without a commander…)
    focus: dict[str, Focus]  # sev1 id → its focus page
    month: MonthFigures | None = None  # the metrics page's figures

    @property
    def sev1(self) -> tuple[BoardRow, ...]:
        return tuple(row for row in self.incidents if row.severity == Severity.SEV1)


def picture(conn: Connection, now: dt.datetime, calendar: str = "jalali", tz: str = "Asia/Tehran") -> WallPicture:
    rows = [row for row in queries.board(conn, to_wire_time(now)) if row.status in ACTIVE_STATUSES]
    rows.sort(key=lambda r: (r.severity, -(r.declared_at.timestamp() if r.declared_at else 0), r.id))
    gaps = staffing.gaps(conn, [row.id for row in rows]) if rows else {}
    focus = {row.id: _focus(conn, row.id, now) for row in rows if row.severity == Severity.SEV1}
    return WallPicture(tuple(rows), gaps, focus, month_figures(conn, now, calendar, tz))


def month_figures(conn: Connection, now: dt.datetime, calendar: str = "jalali", tz: str = "Asia/Tehran") -> MonthFigures:
    """The month that holds ``now`` (in ``calendar``, local time) so far, and the month before."""
    month = metrics.containing(now, "month", calendar, tz)
    before = month.previous(tz)
    return MonthFigures(month, metrics.figures(metrics.incidents(conn, month), now),
                        metrics.figures(metrics.incidents(conn, before), now))  # type: ignore[arg-type]


def _focus(conn: Connection, incident_id: str, now: dt.datetime) -> Focus:
    description, war_room, url, phone, pin = conn.execute(
        "SELECT description, war_room, bridge_url, bridge_phone, bridge_pin FROM incidents WHERE id = ?",
        (incident_id,)).fetchone()
    team = tuple(r for r in queries.team(conn, incident_id) if r.renounced_at is None)
    columns = []
    tasks = queries.tasks(conn, incident_id)
    for column in Column:
        mine = [t for t in tasks if t.column == column]
        columns.append((column.value, len(mine), tuple(
            TaskLine(t.title, t.owner, column != Column.DONE and t.due_at is not None and t.due_at < now)
            for t in mine[:TASKS_SHOWN])))
    entries = queries.timeline(conn, incident_id, limit=ENTRIES_SHOWN)
    people, task_names = queries.entry_names(conn, entries)
    return Focus(incident_id, description or "", war_room or "", tuple(v for v in (url, phone, pin) if v),
                 team, tuple(columns), tuple(entries), people, task_names)

