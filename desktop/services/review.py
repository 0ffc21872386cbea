"""The post-implementation review: a checklist that says the fix is really done and documented,
and the rule that an incident closes only once it is complete — or on an authorised override
(the incident commander, with a reason), which the timeline keeps.

Three items are ticked by a person (the fix verified in production, monitoring confirms it, the
documentation updated: when each was ticked is kept); two follow from what is written (lessons
learned, and every review action item with an owner and a due time)."""

from __future__ import annotations

from typing import Any

from desktop.models.timeline import EntryKind
from desktop.services.errors import CommandError
from desktop.services.review_queries import REVIEWABLE, ITEMS, TICKED, WRITTEN, Checklist, checklist
from desktop.services.timeline import record
from desktop.services.writer import Tx
from desktop.text.normalize import normalize_input

__all__ = ["ITEMS", "TICKED", "WRITTEN", "Checklist", "checklist", "may_close", "tick"]

def tick(tx: Tx, incident_id: str, **items: bool) -> None:
    """Ticks (True) or clears (False) the person-ticked items named, e.g. fix_verified=True:
    one timeline entry for them all."""
    unknown = set(items) - set(TICKED)
    if unknown:
        raise CommandError("bad_field", field=sorted(unknown)[0])
    current = tx.row("incident", incident_id, "status", *(f"{item}_at" for item in TICKED))
    if current is None:
        raise CommandError("unknown_incident", id=incident_id)
    if current["status"] not in REVIEWABLE:
        raise CommandError("not_reviewable", current=current["status"])
    fields: dict[str, Any] = {}
    for item, done in items.items():
        if bool(done) != (current[f"{item}_at"] is not None):
            fields[f"{item}_at"] = tx.now if done else None
    if not fields:
        return
    tx.put("incident", incident_id, **fields)
    record(tx, incident_id, EntryKind.STATUS,
           {"review": {name.removesuffix("_at"): value is not None for name, value in fields.items()}})


def may_close(tx: Tx, incident_id: str, override: str | None) -> None:
    """Called by the move to closed: refuses it while the checklist is not done, unless the
    incident commander (the station's operator) overrides it with a reason — then that, who and
    what was left undone go on the timeline."""
    found = checklist(tx.conn, incident_id)
    if found is None or found.done:
        return
    reason = normalize_input(override or "")
    if not reason:
        raise CommandError("review_incomplete", missing=",".join(found.missing))
    commander = tx.conn.execute(
        "SELECT 1 FROM role_assignments WHERE incident_id = ? AND role = 'incident_commander' "
        "AND person_id = ? AND renounced_at IS NULL AND NOT archived", (incident_id, tx.operator_id)).fetchone()
    if tx.operator_id is None or commander is None:
        raise CommandError("override_not_commander")
    record(tx, incident_id, EntryKind.STATUS, {"review_override": list(found.missing)}, text=reason)
