"""Incident commands: report, declare, move through the lifecycle, acknowledge, edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.models.incidents import Level, ReportedVia, Severity, Status
from desktop.models.keys import ACTIVE_STATUSES, CommEvent
from desktop.models.timeline import EntryKind
from desktop.services import comms, lifecycle, review
from desktop.services.directory import link_id
from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.services.timeline import field_changes, record
from desktop.text.calendar import gregorian_to_jalali, zone
from desktop.text.normalize import digits_to_ascii, normalize_input, parse_int

# Fields a person edits directly (lifecycle stamps and links have their own commands).
EDITABLE = ("title", "description", "severity", "impact", "urgency", "reported_via", "detected_at",
            "bridge_url", "bridge_phone", "bridge_pin", "war_room", "sla_minutes", "review_summary",
            "review_impact", "root_cause", "went_well", "went_wrong", "got_lucky", "lessons", "exercise")
_TEXT = {"title", "description", "war_room", "review_summary", "review_impact", "root_cause",
         "went_well", "went_wrong", "got_lucky", "lessons"}
_ENUMS: dict[str, Any] = {"severity": Severity, "impact": Level, "urgency": Level,
                          "reported_via": ReportedVia}


def _clean(field: str, value: Any) -> Any:
    """Normalises one edited value, or raises CommandError naming the field."""
    if value is None:
        if field == "title":
            raise CommandError("empty_title")
        return None
    if field in _TEXT:
        value = normalize_input(str(value))
        if field == "title" and not value:
            raise CommandError("empty_title")
        return value
    if field in _ENUMS:
        try:
            return _ENUMS[field](value).value
        except ValueError:
            raise CommandError("bad_value", field=field, value=value) from None
    if field in ("bridge_phone", "bridge_pin"):
        return digits_to_ascii(str(value)).strip()
    if field == "bridge_url":
        return str(value).strip()
    if field == "sla_minutes":
        try:
            minutes = value if isinstance(value, int) and not isinstance(value, bool) else parse_int(str(value))
        except ValueError:
            raise CommandError("bad_value", field=field, value=value) from None
        if minutes <= 0:
            raise CommandError("bad_value", field=field, value=value)
        return minutes
    if field == "exercise":
        if not isinstance(value, bool):
            raise CommandError("bad_value", field=field, value=value)
        return value
    if field == "detected_at":
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise CommandError("bad_value", field=field, value=value)
        return value
    raise CommandError("bad_value", field=field, value=value)


def _next_ref(tx: Tx) -> str:
    """INC-<station>-<Jalali year>-NNNN: unique across stations that were offline together."""
    year = gregorian_to_jalali(tx.now.astimezone(zone()).date()).year
    prefix = f"INC-{tx.station.short_code}-{year}-"
    last = tx.conn.execute("SELECT max(ref) FROM incidents WHERE ref LIKE ? || '%'", (prefix,)).fetchone()[0]
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _check_services(tx: Tx, service_ids: list[str]) -> None:
    for service_id in service_ids:
        if tx.row("service", service_id) is None:
            raise CommandError("unknown_service", id=service_id)


def declare(tx: Tx, *, title: str, severity: str = Severity.SEV2, impact: str = Level.HIGH,
            urgency: str = Level.HIGH, reported_via: str = ReportedVia.TECHNICIAN, description: str = "",
            service_ids: list[str] | tuple[str, ...] = (), sla_minutes: int | None = None,
            detected_at: dt.datetime | None = None, proposed: bool = False, notify: bool = True,
            exercise: bool = False) -> str:
    """Declares a major incident, or with ``proposed`` reports a suspected one for triage.
    ``notify`` False: recorded after the fact (history brought in), so nobody is told;
    ``exercise``: a drill, run like the real thing but kept out of every metric."""
    fields = {name: _clean(name, value) for name, value in (
        ("title", title), ("severity", severity), ("impact", impact), ("urgency", urgency),
        ("reported_via", reported_via), ("description", description))}
    if sla_minutes is not None:
        fields["sla_minutes"] = _clean("sla_minutes", sla_minutes)
    if exercise:
        fields["exercise"] = _clean("exercise", exercise)
    _check_services(tx, list(service_ids))
    status = Status.PROPOSED if proposed else Status.DECLARED
    incident_id = tx.create("incident", ref=_next_ref(tx), station_id=tx.station.station_id,
                            status=status.value, reported_at=tx.now, detected_at=detected_at or tx.now,
                            declared_at=None if proposed else tx.now, **fields)
    for service_id in service_ids:
        tx.put("incident_service", link_id(incident_id, service_id), incident_id=incident_id,
               service_id=service_id, archived=False)
    record(tx, incident_id, EntryKind.STATUS, {"from": None, "to": status.value})
    if notify and not proposed:
        comms.ensure_plan(tx, incident_id)
        comms.on_event(tx, incident_id, CommEvent.DECLARED)
    return incident_id


def _current(tx: Tx, incident_id: str, *fields: str) -> dict[str, Any]:
    row = tx.row("incident", incident_id, "status", *fields)
    if row is None:
        raise CommandError("unknown_incident", id=incident_id)
    return row


def move(tx: Tx, incident_id: str, target: str, change_id: str | None = None, notify: bool = True,
         override: str | None = None) -> None:
    """A lifecycle move; stamps its time and writes a timeline entry. Resolving may name the
    change record that carried the fix; closing needs the review's checklist done, or the
    incident commander's ``override`` (a reason: services/review.py); ``notify`` False tells no
    stakeholder (history)."""
    current = _current(tx, incident_id)["status"]
    try:
        stamp, clears = lifecycle.transition(current, target)
    except lifecycle.TransitionError as exc:
        raise CommandError("forbidden_move", current=current, target=str(target), reason=exc.reason) from None
    target = Status(target).value  # the stored key, however it was handed in
    if target == Status.CLOSED:
        review.may_close(tx, incident_id, override)
    fields: dict[str, Any] = {"status": target, **{name: None for name in clears}}
    if stamp:
        fields[stamp] = tx.now
    if target == Status.RESOLVED and change_id:
        if tx.row("change_record", change_id) is None:
            raise CommandError("unknown_change", id=change_id)
        fields["change_id"] = change_id
    tx.put("incident", incident_id, **fields)
    record(tx, incident_id, EntryKind.STATUS, {"from": current, "to": target})
    if notify:
        _tell(tx, incident_id, current, target)


def _tell(tx: Tx, incident_id: str, current: str, target: str) -> None:
    """The stakeholders' messages of a move (services/comms.py)."""
    event = comms.MOVE_EVENTS.get(target)
    if event is not None and not (target == Status.DECLARED and current == Status.RESOLVED):
        if target == Status.DECLARED:
            comms.ensure_plan(tx, incident_id)
        comms.on_event(tx, incident_id, event)
    elif target == Status.DECLARED:
        comms.on_event(tx, incident_id, CommEvent.STATUS_UPDATE)  # reopened: the audiences are told


def acknowledge(tx: Tx, incident_id: str) -> None:
    """The first response, for MTTA: once, on a declared incident."""
    row = _current(tx, incident_id, "acknowledged_at")
    reason = lifecycle.refusal(lifecycle.Action.ACKNOWLEDGE, row["status"], row["acknowledged_at"])
    if reason:  # already_acknowledged, not_declared
        raise CommandError(reason, current=row["status"])
    tx.put("incident", incident_id, acknowledged_at=tx.now)
    record(tx, incident_id, EntryKind.STATUS, {"acknowledged": True})


def edit(tx: Tx, incident_id: str, *, services: list[str] | tuple[str, ...] | None = None,
         **changes: Any) -> list[str]:
    """Edits fields and, with ``services``, the affected services: one save of the incident
    page, so one op and one undo step. Writes one timeline entry for the services (as
    set_services does) and one listing each field's change as before → after; returns the
    names of what changed ("services" among them)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise CommandError("bad_field", field=sorted(unknown)[0])
    clean = {name: _clean(name, value) for name, value in changes.items()}
    before = _current(tx, incident_id, *clean)
    changed = ["services"] if services is not None and set_services(tx, incident_id, list(services)) else []
    if not clean:
        return changed
    tx.put("incident", incident_id, **clean)
    wire = tx.pending("incident", incident_id)
    fields = [name for name in clean if wire[name] != before[name]]
    if fields:
        record(tx, incident_id, EntryKind.FIELD,
               {"changes": field_changes(fields, before, wire)})
    if "severity" in fields and before["status"] in ACTIVE_STATUSES:
        comms.on_event(tx, incident_id, CommEvent.SEVERITY_CHANGED)
    return changed + fields


def set_services(tx: Tx, incident_id: str, service_ids: list[str]) -> bool:
    """Sets the affected services; writes one timeline entry (before → after) when they change,
    and says whether they did."""
    _current(tx, incident_id)
    _check_services(tx, service_ids)
    current = {sid for (sid,) in tx.conn.execute(
        "SELECT service_id FROM incident_services WHERE incident_id = ? AND NOT archived", (incident_id,))}
    wanted = set(service_ids)
    for service_id in wanted - current:
        tx.put("incident_service", link_id(incident_id, service_id), incident_id=incident_id,
               service_id=service_id, archived=False)
    for service_id in current - wanted:
        tx.put("incident_service", link_id(incident_id, service_id), archived=True)
    if wanted != current:
        record(tx, incident_id, EntryKind.FIELD,
               {"changes": [["services", sorted(current), sorted(wanted)]]})
    return wanted != current


def link_record(tx: Tx, incident_id: str, kind: str, record_id: str | None) -> None:
    """Links (or with None unlinks) a problem or change record."""
    field = {"problem": "problem_id", "change": "change_id", "duplicate": "duplicate_of"}[kind]
    entity = {"problem": "problem_record", "change": "change_record", "duplicate": "incident"}[kind]
    _current(tx, incident_id)
    if record_id is not None and tx.row(entity, record_id) is None:
        raise CommandError("unknown_record", id=record_id)
    tx.put("incident", incident_id, **{field: record_id})
    record(tx, incident_id, EntryKind.RECORD, {"link": kind, "id": record_id})


def merge(tx: Tx, proposed_id: str, into_id: str) -> None:
    """A proposal that reports an incident already known: it becomes a cancelled duplicate of
    it, and both timelines say so, so the report's details are not lost."""
    if proposed_id == into_id:
        raise CommandError("bad_value", field="duplicate_of", value=into_id)
    current = _current(tx, proposed_id)["status"]
    if tx.row("incident", into_id) is None:
        raise CommandError("unknown_incident", id=into_id)
    reason = lifecycle.refusal(lifecycle.Action.DUPLICATE, current)
    if reason:
        raise CommandError("forbidden_move", current=current, target=Status.CANCELLED.value, reason=reason)
    stamp, _clears = lifecycle.transition(current, Status.CANCELLED)
    tx.put("incident", proposed_id, status=Status.CANCELLED.value, duplicate_of=into_id, **{stamp: tx.now})
    record(tx, proposed_id, EntryKind.STATUS, {"from": current, "to": Status.CANCELLED.value})
    record(tx, proposed_id, EntryKind.RECORD, {"link": "duplicate", "id": into_id})
    record(tx, into_id, EntryKind.RECORD, {"link": "merged", "id": proposed_id})
