"""Task commands for the incident's kanban: add, move, edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.models.tasks import Column, TaskSource
from desktop.models.timeline import EntryKind
from desktop.services.errors import CommandError
from desktop.services.fractional import key_between
from desktop.services.writer import Tx
from desktop.services.timeline import record
from desktop.text.normalize import normalize_input


def _column(value: str) -> str:
    try:
        return Column(value).value
    except ValueError:
        raise CommandError("unknown_column", column=value) from None


def _last_position(tx: Tx, incident_id: str, column: str) -> str | None:
    return tx.conn.execute(
        "SELECT max(position) FROM tasks WHERE incident_id = ? AND \"column\" = ? AND NOT archived",
        (incident_id, column)).fetchone()[0]


def add(tx: Tx, incident_id: str, title: str, column: str = "todo", owner_id: str | None = None,
        due_at: dt.datetime | None = None, details: str = "", source: str = "response",
        position: str | None = None) -> str:
    title = normalize_input(title)
    if not title:
        raise CommandError("empty_title")
    column = _column(column)
    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    if owner_id and tx.row("person", owner_id) is None:
        raise CommandError("unknown_person", id=owner_id)
    try:
        source = TaskSource(source).value
    except ValueError:
        raise CommandError("bad_value", field="source", value=source) from None
    task_id = tx.create("task", incident_id=incident_id, title=title, details=normalize_input(details),
                        column=column, position=position or key_between(_last_position(tx, incident_id, column), None),
                        owner_id=owner_id, due_at=due_at, source=source,
                        done_at=tx.now if column == Column.DONE else None)
    record(tx, incident_id, EntryKind.TASK, {"task": task_id, "action": "added", "column": column})
    return task_id


def move(tx: Tx, task_id: str, column: str, before: str | None = None, after: str | None = None) -> None:
    """Moves a task into ``column`` between the tasks with positions ``before`` and ``after``
    (None: at that end)."""
    row = tx.row("task", task_id, "incident_id", "column")
    if row is None:
        raise CommandError("unknown_task", id=task_id)
    column = _column(column)
    if before is None and after is None:
        before = _last_position(tx, row["incident_id"], column)
    try:
        position = key_between(before, after)
    except ValueError:
        raise CommandError("bad_position") from None
    fields: dict[str, Any] = {"column": column, "position": position}
    if column != row["column"]:
        fields["done_at"] = tx.now if column == Column.DONE else None
    tx.put("task", task_id, **fields)
    if column != row["column"]:
        record(tx, row["incident_id"], EntryKind.TASK,
               {"task": task_id, "action": "moved", "from": row["column"], "to": column})


def edit(tx: Tx, task_id: str, **changes: Any) -> None:
    allowed = {"title", "details", "owner_id", "due_at"}
    if set(changes) - allowed:
        raise CommandError("bad_field", field=sorted(set(changes) - allowed)[0])
    if tx.row("task", task_id) is None:
        raise CommandError("unknown_task", id=task_id)
    for name in ("title", "details"):
        if name in changes:
            changes[name] = normalize_input(changes[name] or "")
    if "title" in changes and not changes["title"]:
        raise CommandError("empty_title")
    if changes.get("owner_id") and tx.row("person", changes["owner_id"]) is None:
        raise CommandError("unknown_person", id=changes["owner_id"])
    tx.put("task", task_id, **changes)
