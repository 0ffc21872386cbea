"""The follow-up register: every action item the post-incident reviews set (tasks with source
"review") across closed incidents — open, overdue or done — so what was promised after an
incident is still seen months later, and can be handed on as a spreadsheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from sqlite3 import Connection

from desktop.services import spreadsheet
from desktop.services.spreadsheet import cell
from desktop.wire import from_wire_time

STATES = ("overdue", "open", "done")  # the register's order: what is late first


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: str  # the task's
    incident_id: str
    ref: str
    incident_title: str
    title: str
    owner_id: str | None
    owner: str
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    state: str  # one of STATES
    sort: tuple = ()  # the register's order


def state_of(column: str | None, due_at: dt.datetime | None, now: dt.datetime) -> str:
    if column == "done":
        return "done"
    return "overdue" if due_at is not None and due_at < now else "open"


def register(conn: Connection, now: dt.datetime) -> list[FollowUp]:
    """The action items of closed incidents, overdue first, then open, then done; each by due time."""
    out = []
    for r in conn.execute(
            'SELECT t.id, i.id, i.ref, i.title, t.title, t.owner_id, p.name, t.due_at, t.done_at, t."column" '
            "FROM tasks t JOIN incidents i ON i.id = t.incident_id "
            "LEFT JOIN people p ON p.id = t.owner_id AND NOT p.archived "
            "WHERE t.source = 'review' AND NOT t.archived AND i.status = 'closed' AND NOT i.archived"):
        due = from_wire_time(r[7]) if r[7] else None
        done = from_wire_time(r[8]) if r[8] else None
        state = state_of(r[9], due, now)
        sort = (STATES.index(state), due is None, due or now, r[2] or "", r[0])
        out.append(FollowUp(r[0], r[1], r[2] or "", r[3] or "", r[4] or "", r[5], r[6] or "", due, done, state, sort))
    return sorted(out, key=lambda f: f.sort)


def counts(rows: Sequence[FollowUp]) -> dict[str, int]:
    found = {state: 0 for state in STATES}
    for row in rows:
        found[row.state] += 1
    return found


def to_csv(rows: Sequence[FollowUp], header: Sequence[str], state_word: Callable[[str], str],
           when: Callable[[dt.datetime], str]) -> bytes:
    """The register as CSV (services/spreadsheet.py: BOM, no formulas): the header and the
    states in the reader's words, times as on the screen, and the due time in ISO 8601 (UTC)
    for sorting and formulas."""
    return spreadsheet.to_csv([list(header), *(
        [cell(row.ref), cell(row.incident_title), cell(row.title), cell(row.owner),
         when(row.due_at) if row.due_at else "", state_word(row.state), when(row.done_at) if row.done_at else "",
         row.due_at.astimezone(dt.UTC).isoformat() if row.due_at else ""] for row in rows)])
