"""Role commands: assign, hand over, renounce. A role is held over time, never overwritten."""

from __future__ import annotations

from desktop.models.keys import ACTIVE_STATUSES, CommEvent
from desktop.models.roles import SINGLE_HOLDER_ROLES, Role
from desktop.models.timeline import EntryKind
from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.services.timeline import record


def holders(tx: Tx, incident_id: str, role: str) -> list[tuple[str, str]]:
    """(assignment id, person id) of everyone holding ``role`` now."""
    return list(tx.conn.execute(
        "SELECT id, person_id FROM role_assignments WHERE incident_id = ? AND role = ? "
        "AND renounced_at IS NULL AND NOT archived ORDER BY assumed_at, id", (incident_id, role)))


def assign(tx: Tx, incident_id: str, role: str, person_id: str) -> str:
    """Gives ``role`` to a person; for a single-holder role the current holder hands it over."""
    try:
        role_key = Role(role)
    except ValueError:
        raise CommandError("unknown_role", role=role) from None
    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    if tx.row("person", person_id) is None:
        raise CommandError("unknown_person", id=person_id)
    current = holders(tx, incident_id, role_key)
    if any(person == person_id for _, person in current):
        raise CommandError("already_holds", role=role)
    previous = None
    if role_key in SINGLE_HOLDER_ROLES:
        for assignment_id, person in current:
            tx.put("role_assignment", assignment_id, renounced_at=tx.now)
            previous = person
    assignment = tx.create("role_assignment", incident_id=incident_id, role=role_key.value,
                           person_id=person_id, assumed_at=tx.now)
    record(tx, incident_id, EntryKind.ROLE, {"role": role_key.value, "person": person_id,
                                             "previous": previous})
    if role_key == Role.INCIDENT_COMMANDER and previous is not None:  # a handover is news; the first is not
        from desktop.services import comms

        if tx.row("incident", incident_id, "status")["status"] in ACTIVE_STATUSES:
            comms.on_event(tx, incident_id, CommEvent.COMMANDER_CHANGED)
    return assignment


def renounce(tx: Tx, assignment_id: str) -> None:
    row = tx.row("role_assignment", assignment_id, "incident_id", "role", "person_id", "renounced_at")
    if row is None:
        raise CommandError("unknown_assignment", id=assignment_id)
    if row["renounced_at"]:
        raise CommandError("already_renounced")
    tx.put("role_assignment", assignment_id, renounced_at=tx.now)
    record(tx, row["incident_id"], EntryKind.ROLE, {"role": row["role"], "person": None,
                                                     "previous": row["person_id"]})


def add_outside_expert(tx: Tx, incident_id: str, name: str, organisation: str, email: str = "",
                       phone: str = "", title: str = "") -> str:
    """Someone from outside the directory (a vendor's engineer, a consultant) called in for this
    incident: added to the directory as an outside expert and named its external expert in one
    edit, so one undo takes both back. Returns the new person's id."""
    from desktop.services import directory

    if tx.row("incident", incident_id) is None:
        raise CommandError("unknown_incident", id=incident_id)
    person = directory.add_outside_expert(tx, name, organisation, email=email, phone=phone, title=title)
    assign(tx, incident_id, Role.EXTERNAL_EXPERT, person)
    return person
