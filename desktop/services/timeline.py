"""Timeline commands: notes and the automatic entries every other command writes."""

from __future__ import annotations

import json
from typing import Any

from desktop.models.timeline import EntryKind
from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.text.normalize import normalize_input


def record(tx: Tx, incident_id: str, kind: EntryKind, details: dict[str, Any] | None = None,
           text: str = "", pinned: bool = False, entry_id: str | None = None) -> str:
    """Appends an entry stamped with the command's time and the station's operator."""
    return tx.create("timeline_entry", entry_id, incident_id=incident_id, at=tx.now, kind=kind.value,
                     text=text, author_id=tx.operator_id, pinned=pinned,
                     details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True))


ENTRY_ROOM = 45_000  # characters an edit's entry may give its befores and afters (its limit is 50,000)


def field_changes(names: list[str], before: dict[str, Any], after: dict[str, Any]) -> list[list[Any]]:
    """An edit's [name, before, after] for its timeline entry, whole when they fit; when not
    (two pages of 19,000 characters edited at once), each long text is kept in part — the whole
    of it is in the record itself — rather than the edit refused for a field nobody typed in."""
    changes = [[name, before[name], after[name]] for name in names]
    texts = [v for change in changes for v in change[1:] if isinstance(v, str)]
    if sum(len(v) for v in texts) <= ENTRY_ROOM:
        return changes
    each = ENTRY_ROOM // len(texts)
    return [[name, *(v[:each] + "…" if isinstance(v, str) and len(v) > each else v for v in values)]
            for name, *values in changes]


def add_note(tx: Tx, incident_id: str, text: str, pinned: bool = False) -> str:
    text = normalize_input(text)
    if not text:
        raise CommandError("empty_note")
    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    return record(tx, incident_id, EntryKind.NOTE, text=text, pinned=pinned)


def set_pinned(tx: Tx, entry_id: str, pinned: bool) -> None:
    if tx.row("timeline_entry", entry_id) is None:
        raise CommandError("unknown_entry", id=entry_id)
    tx.put("timeline_entry", entry_id, pinned=pinned)
