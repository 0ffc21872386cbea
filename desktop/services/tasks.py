"""Task commands for the incident's kanban: add, move, move many, edit; and the open tasks whose
title looks like a new one's (the kanban warns before a second card for the same work).

The owner rule: a task leaves "to do" only with someone owning it (``no_owner``), and the owner
of a task past "to do" cannot be cleared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.models.base import to_wire_time
from desktop.models.tasks import Column, Priority, TaskSource
from desktop.models.timeline import EntryKind
from desktop.services.errors import CommandError
from desktop.services.fractional import key_between
from desktop.services.writer import Tx
from desktop.services.timeline import record
from desktop.text.normalize import normalize_input, search_key

MIN_CONTAINED = 4  # "لاگ" alone is in too many titles to mean the same work
EDITABLE = ("title", "details", "owner_id", "due_at", "priority")


def _column(value: str) -> str:
    try:
        return Column(value).value
    except ValueError:
        raise CommandError("unknown_column", column=value) from None


def _priority(value: str | None) -> str:
    try:
        return Priority(value or Priority.NORMAL).value
    except ValueError:
        raise CommandError("bad_value", field="task.priority", value=value) from None


def _due(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise CommandError("bad_value", field="task.due_at", value=str(value))
    return value.astimezone(dt.timezone.utc)


def _last_position(tx: Tx, incident_id: str, column: str) -> str | None:
    return tx.conn.execute(
        "SELECT max(position) FROM tasks WHERE incident_id = ? AND \"column\" = ? AND NOT archived",
        (incident_id, column)).fetchone()[0]


def _no_owner(titles: list[str], ids: list[str]) -> CommandError:
    """The refusal of the owner rule, naming the tasks (``value``: the titles; ``tasks``: ids)."""
    return CommandError("no_owner", value="، ".join(titles), titles=titles, tasks=ids)


def add(tx: Tx, incident_id: str, title: str, column: str = "todo", owner_id: str | None = None,
        due_at: dt.datetime | None = None, details: str = "", source: str = "response",
        position: str | None = None, priority: str = "normal") -> str:
    title = normalize_input(title)
    if not title:
        raise CommandError("empty_title")
    column = _column(column)
    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    if owner_id and tx.row("person", owner_id) is None:
        raise CommandError("unknown_person", id=owner_id)
    if column != Column.TODO and not owner_id:
        raise _no_owner([title], [])
    try:
        source = TaskSource(source).value
    except ValueError:
        raise CommandError("bad_value", field="source", value=source) from None
    task_id = tx.create("task", incident_id=incident_id, title=title, details=normalize_input(details),
                        column=column, position=position or key_between(_last_position(tx, incident_id, column), None),
                        owner_id=owner_id, due_at=_due(due_at), source=source, priority=_priority(priority),
                        done_at=tx.now if column == Column.DONE else None)
    record(tx, incident_id, EntryKind.TASK, {"task": task_id, "action": "added", "column": column})
    return task_id


def move(tx: Tx, task_id: str, column: str, before: str | None = None, after: str | None = None) -> None:
    """Moves a task into ``column`` between the tasks with positions ``before`` and ``after``
    (None: at that end). Out of "to do" only with an owner (``no_owner``)."""
    row = tx.row("task", task_id, "incident_id", "column", "owner_id", "title")
    if row is None:
        raise CommandError("unknown_task", id=task_id)
    column = _column(column)
    if column != Column.TODO and not row["owner_id"]:
        raise _no_owner([row["title"] or ""], [task_id])
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


def move_many(tx: Tx, task_ids: list[str], column: str) -> list[str]:
    """Moves several tasks to the end of ``column``, in the order given: one command, one undo
    step. Refused whole (``no_owner``, naming every task without an owner) when any of them
    would leave "to do" without an owner. Returns the ids of the tasks that changed column."""
    column = _column(column)
    rows = []
    for task_id in dict.fromkeys(task_ids):
        row = tx.row("task", task_id, "column", "owner_id", "title")
        if row is None:
            raise CommandError("unknown_task", id=task_id)
        rows.append((task_id, row))
    if column != Column.TODO:
        lacking = [(task_id, row["title"] or "") for task_id, row in rows if not row["owner_id"]]
        if lacking:
            raise _no_owner([t for _, t in lacking], [i for i, _ in lacking])
    moved = []
    last: dict[str, str | None] = {}  # incident → the position the previous card of this move took
    for task_id, row in rows:
        if row["column"] == column:
            continue  # already there: stays where it is
        incident_id = tx.row("task", task_id, "incident_id")["incident_id"]
        # The stored last position does not see this command's own moves: each card after the one before.
        before = last[incident_id] if incident_id in last else _last_position(tx, incident_id, column)
        move(tx, task_id, column, before, None)
        last[incident_id] = tx.pending("task", task_id)["position"]
        moved.append(task_id)
    return moved


def edit(tx: Tx, task_id: str, **changes: Any) -> list[str]:
    """Changes any of title, details, owner_id, due_at (UTC-aware, or None) and priority; writes
    one timeline entry naming the changed fields. Returns the changed fields (none: nothing written)."""
    if set(changes) - set(EDITABLE):
        raise CommandError("bad_field", field=sorted(set(changes) - set(EDITABLE))[0])
    row = tx.row("task", task_id, "incident_id", "column", *EDITABLE)
    if row is None:
        raise CommandError("unknown_task", id=task_id)
    for name in ("title", "details"):
        if name in changes:
            changes[name] = normalize_input(changes[name] or "")
    if "title" in changes and not changes["title"]:
        raise CommandError("empty_title")
    if "owner_id" in changes:
        changes["owner_id"] = changes["owner_id"] or None
        if changes["owner_id"] and tx.row("person", changes["owner_id"]) is None:
            raise CommandError("unknown_person", id=changes["owner_id"])
        if changes["owner_id"] is None and row["column"] != Column.TODO:
            raise _no_owner([row["title"] or ""], [task_id])
    if "due_at" in changes:
        changes["due_at"] = _due(changes["due_at"])
    if "priority" in changes:
        changes["priority"] = _priority(changes["priority"]) if changes["priority"] is not None else None
        if changes["priority"] is None:
            raise CommandError("bad_value", field="task.priority", value="")

    def wire(name: str, value: Any) -> Any:
        if name == "due_at" and value is not None:
            return to_wire_time(value)
        return value or None

    changed = {name: value for name, value in changes.items() if wire(name, value) != (row.get(name) or None)}
    if not changed:
        return []
    tx.put("task", task_id, **changed)
    fields = [name for name in EDITABLE if name in changed]
    record(tx, row["incident_id"], EntryKind.TASK, {"task": task_id, "action": "edited", "fields": fields})
    return fields


@dataclass(frozen=True, slots=True)
class SimilarTask:
    id: str
    title: str
    column: str


def looks_alike(a: str, b: str) -> bool:
    """Two titles that name the same work: equal by the search key (ی/ي, digits of any script,
    ZWNJ and spaces, case), or one inside the other (when the shorter is not a mere word: at least
    MIN_CONTAINED letters)."""
    ka, kb = search_key(a), search_key(b)
    ka, kb = ka.replace(" ", ""), kb.replace(" ", "")
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= MIN_CONTAINED and short in long_


def similar_open(conn: Any, incident_id: str, title: str, exclude: str | None = None) -> list[SimilarTask]:
    """The open tasks (not done, not archived) of the incident whose title looks like ``title``.
    ``conn``: the store's reading connection (a query, run on the worker)."""
    rows = conn.execute(
        'SELECT id, title, "column" FROM tasks WHERE incident_id = ? AND NOT archived '
        "AND \"column\" != 'done' AND title IS NOT NULL ORDER BY position, id", (incident_id,)).fetchall()
    return [SimilarTask(r[0], r[1], r[2]) for r in rows
            if r[0] != exclude and looks_alike(title, r[1])]
