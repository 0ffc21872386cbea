"""What the post-implementation review's checklist says for one incident (a query: the GUI
reads it without the write path; the commands are in services/review.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from desktop.models.keys import Status
from desktop.wire import from_wire_time, stored_time

TICKED = ("fix_verified", "monitoring_confirmed", "docs_updated")  # stamped in the f"{item}_at" field
WRITTEN = ("lessons_written", "actions_owned")
ITEMS = (*TICKED, *WRITTEN)
# Only an incident whose fix is in (resolved, in review) is reviewed.
REVIEWABLE = (Status.RESOLVED.value, Status.IN_REVIEW.value)


@dataclass(frozen=True, slots=True)
class ActionItem:
    """A follow-up action from the review: a task with source "review"."""

    id: str
    title: str
    owner_id: str | None  # None: no owner, or one no longer in the directory
    owner: str
    due_at: dt.datetime | None
    column: str


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # one of ITEMS
    done: bool
    at: dt.datetime | None  # when it was ticked (ticked items only)


@dataclass(frozen=True, slots=True)
class Checklist:
    incident_id: str
    status: str
    items: tuple[Item, ...]
    lessons: str
    actions: tuple[ActionItem, ...]

    @property
    def done(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items if not item.done)


def checklist(conn: sqlite3.Connection, incident_id: str) -> Checklist | None:
    """The review of one incident as it stands; None for an unknown incident."""
    row = conn.execute(
        "SELECT status, fix_verified_at, monitoring_confirmed_at, docs_updated_at, coalesce(lessons, '') "
        "FROM incidents WHERE id = ? AND NOT archived", (incident_id,)).fetchone()
    if row is None:
        return None
    actions = tuple(
        ActionItem(r[0], r[1] or "", r[2], r[3] or "", from_wire_time(r[4]) if r[4] else None, r[5] or "")
        for r in conn.execute(
            "SELECT t.id, t.title, p.id, p.name, t.due_at, t.\"column\" FROM tasks t "
            "LEFT JOIN people p ON p.id = t.owner_id AND NOT p.archived "
            "WHERE t.incident_id = ? AND t.source = 'review' AND NOT t.archived "
            "ORDER BY t.due_at IS NULL, t.due_at, t.position, t.id", (incident_id,)))
    ticked = [Item(key, value is not None, stored_time(value))
              for key, value in zip(TICKED, row[1:4])]
    lessons = row[4]
    # Every action has an owner still in the directory, and a due time unless it is done already;
    # none at all: nothing left without an owner.
    owned = all(a.owner_id and (a.due_at or a.column == "done") for a in actions)
    items = (*ticked, Item("lessons_written", bool(lessons.strip()), None), Item("actions_owned", owned, None))
    return Checklist(incident_id, row[0] or "", items, lessons, actions)
