"""The Team page's query: the role rows, and a one-person role held twice (as two stations
apart can name), found by the same rule that writes the sync conflict entry."""

from __future__ import annotations

from desktop.models.keys import Role
from desktop.services import conflicts, directory, incidents, roles
from desktop.services.store import Store


def test_a_one_person_role_held_twice_is_reported_with_its_holders(store: Store) -> None:
    incident = store.run(incidents.declare, title="حادثه").value
    first, second, expert, other = (store.run(directory.add_person, name).value
                                    for name in ("مریم", "علی", "سارا", "رضا"))
    store.run(roles.assign, incident, Role.INCIDENT_COMMANDER, first)
    store.run(roles.assign, incident, Role.SUBJECT_MATTER_EXPERT, expert)
    store.run(roles.assign, incident, Role.SUBJECT_MATTER_EXPERT, other)  # experts may be several
    team = store.read(conflicts.team, incident)
    assert len(team.rows) == 3 and team.doubles == ()

    # What a sync brings when another station named a commander while apart.
    extra = store.run(lambda tx: tx.create("role_assignment", incident_id=incident, role=Role.INCIDENT_COMMANDER.value,
                                           person_id=second, assumed_at=tx.now)).value
    team = store.read(conflicts.team, incident)
    commanders = tuple(r.id for r in team.rows if r.role == Role.INCIDENT_COMMANDER)
    assert team.doubles == ((Role.INCIDENT_COMMANDER, commanders),) and extra in commanders
    assert [(role, sorted(held)) for _i, role, held in store.read(conflicts.double_holders, [incident])] == \
        [(Role.INCIDENT_COMMANDER, sorted(commanders))]  # the same rule as the conflict entries

    store.run(roles.renounce, extra)
    assert store.read(conflicts.team, incident).doubles == ()
