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
