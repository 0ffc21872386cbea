"""Problem and change records: the root cause, and the fix carried out as a documented change.

A problem record: title, root cause, the five whys (an ordered list, stored one why a line),
contributing factors, workaround, known error, state and owner. A problem is a *known error*
once its ``known_error`` text (what is known of the error) is set: there is no separate flag,
so the flag and its description can never disagree (the page's checkbox is tied to the text).

A change record: title, description (what is changed and why), plan, risk and the reason for
it, rollback plan, approval (``emergency``: approved after the fact) with who approved it and
when, when it is scheduled and when it was implemented, and its outcome.

Every edit writes one timeline entry (kind ``field``, before → after, with ``record`` and ``id``
in its details) on each incident the record serves, so each incident's history says what was
learnt or decided about its root cause and its fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.models.keys import Approval, EntryKind, Outcome, ProblemState, Risk
from desktop.services.errors import CommandError
from desktop.services.incidents import link_record
from desktop.services.timeline import field_changes, record
from desktop.services.writer import Tx
from desktop.text.normalize import normalize_input

PROBLEM_FIELDS = ("title", "root_cause", "five_whys", "contributing_factors", "workaround", "known_error",
                  "state", "owner_id")
CHANGE_FIELDS = ("title", "description", "plan", "risk", "risk_reason", "rollback_plan", "approval",
                 "approved_by", "approved_at", "scheduled_at", "implemented_at", "outcome")
MAX_WHYS = 20  # "five whys" is a habit, not a limit; past twenty it is a log, not an analysis
_ENUMS: dict[str, Any] = {"risk": Risk, "approval": Approval, "outcome": Outcome, "state": ProblemState}
_PEOPLE = ("owner_id", "approved_by")
_TIMES = ("approved_at", "scheduled_at", "implemented_at")
_FOUND = (ProblemState.ROOT_CAUSE_FOUND.value, ProblemState.CLOSED.value)  # states that need a root cause
_REASONED = (Risk.MEDIUM.value, Risk.HIGH.value)  # risks that need a reason
_APPROVED = (Approval.APPROVED.value, Approval.EMERGENCY.value)


def whys(stored: str | None) -> list[str]:
    """The stored five whys as a list, in order."""
    return [line for line in (stored or "").split("\n") if line.strip()]


def _whys(value: Any) -> str | None:
    """A list of whys (or a text of one why a line) as stored: normalised, empty ones dropped,
    each on one line."""
    lines = value.split("\n") if isinstance(value, str) else list(value or ())
    if not all(isinstance(line, str) for line in lines):
        raise CommandError("bad_value", field="problem_record.five_whys", value=str(value)[:80])
    clean = [normalize_input(" ".join(line.split("\n"))) for line in lines]
    clean = [line for line in clean if line]
    if len(clean) > MAX_WHYS:
        raise CommandError("too_many_whys", count=MAX_WHYS, typed=len(clean))  # count: the most (labels.error)
    return "\n".join(clean) or None


def _clean(tx: Tx, entity: str, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise CommandError("bad_field", field=sorted(unknown)[0])
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        where = f"{entity}.{name}"
        if name == "five_whys":
            value = _whys(value)
        elif value is None or value == "":
            value = None
        elif name in _ENUMS:
            try:
                value = _ENUMS[name](value).value
            except ValueError:
                raise CommandError("bad_value", field=where, value=value) from None
        elif name in _PEOPLE:
            if tx.row("person", str(value)) is None:
                raise CommandError("unknown_person", field=where, id=value)
        elif name in _TIMES:
            if not isinstance(value, dt.datetime) or value.tzinfo is None:
                raise CommandError("bad_value", field=where, value=str(value))
            value = value.astimezone(dt.timezone.utc)
        elif isinstance(value, str):
            value = normalize_input(value) or None
        else:
            raise CommandError("bad_value", field=where, value=str(value))
        clean[name] = value
    if "title" in clean and not clean["title"]:
        raise CommandError("empty_title", field=f"{entity}.title")
    return clean


def _check_problem(tx: Tx, problem_id: str | None, clean: dict[str, Any]) -> None:
    """The rules over several fields, on the record as the edit leaves it (checked only when the
    edit touches them: an old record is not refused an edit of its title)."""
    if not {"state", "root_cause"} & set(clean):
        return
    stored = tx.row("problem_record", problem_id, "state", "root_cause") if problem_id else None
    after = {**(stored or {}), **clean}
    if after.get("state") in _FOUND and not after.get("root_cause"):
        raise CommandError("no_root_cause", field="problem_record.root_cause", state=after["state"])


def _check_change(tx: Tx, change_id: str | None, clean: dict[str, Any]) -> None:
    fields = ("risk", "risk_reason", "approval", "approved_at", "implemented_at", "outcome")
    stored = tx.row("change_record", change_id, *fields) if change_id else None
    after = {**(stored or {}), **clean}
    if {"risk", "risk_reason"} & set(clean) and after.get("risk") in _REASONED and not after.get("risk_reason"):
        raise CommandError("no_risk_reason", field="change_record.risk_reason", risk=after["risk"])
    if {"outcome", "implemented_at"} & set(clean) and after.get("outcome") and not after.get("implemented_at"):
        raise CommandError("not_implemented", field="change_record.outcome", outcome=after["outcome"])
    became_approved = after.get("approval") in _APPROVED and (stored or {}).get("approval") != after["approval"]
    if became_approved and "approved_at" not in clean and not after.get("approved_at"):
        clean["approved_at"] = tx.now  # stamped when it is approved, unless the time is given
    if "approval" in clean and after.get("approval") in (None, "pending"):
        # Back to waiting: nobody has approved it (yet); the timeline keeps who had.
        clean.update(approved_by=None, approved_at=None)


def open_problem(tx: Tx, incident_id: str, title: str, **fields: Any) -> str:
    """Opens a problem record for the root cause and links it to the incident."""
    clean = _clean(tx, "problem_record", {"title": title, **fields}, PROBLEM_FIELDS)
    clean.setdefault("state", ProblemState.ROOT_CAUSE_FOUND.value if clean.get("root_cause")
                     else ProblemState.OPEN.value)
    _check_problem(tx, None, clean)
    problem_id = tx.create("problem_record", **clean)
    link_record(tx, incident_id, "problem", problem_id)
    return problem_id


def open_change(tx: Tx, incident_id: str, title: str, **fields: Any) -> str:
    fields.setdefault("approval", Approval.PENDING.value)
    clean = _clean(tx, "change_record", {"title": title, **fields}, CHANGE_FIELDS)
    _check_change(tx, None, clean)
    change_id = tx.create("change_record", **clean)
    link_record(tx, incident_id, "change", change_id)
    return change_id


def linked_incidents(tx: Tx, kind: str, record_id: str) -> list[str]:
    """The incidents a problem (``kind`` "problem") or change record serves, as this command
    leaves them (its own links counted)."""
    column = {"problem": "problem_id", "change": "change_id"}[kind]
    found = {r[0] for r in tx.conn.execute(
        f"SELECT id FROM incidents WHERE {column} = ? AND NOT archived", (record_id,))}
    for incident_id, fields in tx.pending_rows("incident").items():
        if column in fields:
            (found.add if fields[column] == record_id else found.discard)(incident_id)
    return sorted(found)


def _edit(tx: Tx, entity: str, kind: str, record_id: str, fields: dict[str, Any],
          allowed: tuple[str, ...]) -> list[str]:
    if tx.row(entity, record_id) is None:
        raise CommandError("unknown_record", id=record_id)
    clean = _clean(tx, entity, fields, allowed)
    (_check_problem if kind == "problem" else _check_change)(tx, record_id, clean)
    if not clean:
        return []
    before = tx.row(entity, record_id, *clean)
    tx.put(entity, record_id, **clean)
    wire = tx.pending(entity, record_id)
    changed = [name for name in allowed if name in clean and wire[name] != before[name]]
    if changed:
        for incident_id in linked_incidents(tx, kind, record_id):
            record(tx, incident_id, EntryKind.FIELD, {
                "record": entity, "id": record_id,
                "changes": field_changes(changed, before, wire)})
    return changed


def edit_problem(tx: Tx, problem_id: str, **fields: Any) -> list[str]:
    """Edits a problem record's fields (PROBLEM_FIELDS; ``five_whys`` a list of whys in order);
    returns the names of the fields that changed. Refuses ``no_root_cause`` (a state of root
    cause found or closed without a root cause), ``too_many_whys``, ``unknown_person``."""
    return _edit(tx, "problem_record", "problem", problem_id, fields, PROBLEM_FIELDS)


def edit_change(tx: Tx, change_id: str, **fields: Any) -> list[str]:
    """Edits a change record's fields (CHANGE_FIELDS); returns the names of the fields that
    changed. Approving (or an emergency approval) stamps ``approved_at`` unless it is given.
    Refuses ``no_risk_reason`` (a medium or high risk without its reason), ``not_implemented``
    (an outcome before the change was implemented), ``unknown_person``."""
    return _edit(tx, "change_record", "change", change_id, fields, CHANGE_FIELDS)


def _link(tx: Tx, kind: str, incident_id: str, record_id: str) -> None:
    entity = {"problem": "problem_record", "change": "change_record"}[kind]
    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    if tx.row(entity, record_id) is None:
        raise CommandError("unknown_record", id=record_id)
    if tx.row("incident", incident_id, f"{kind}_id")[f"{kind}_id"] == record_id:
        raise CommandError("already_linked", id=record_id)
    link_record(tx, incident_id, kind, record_id)


def link_problem(tx: Tx, incident_id: str, problem_id: str) -> None:
    """Names an existing problem record as the incident's root cause analysis too: one problem
    serves several incidents (the same root cause struck again)."""
    _link(tx, "problem", incident_id, problem_id)


def link_change(tx: Tx, incident_id: str, change_id: str) -> None:
    _link(tx, "change", incident_id, change_id)
