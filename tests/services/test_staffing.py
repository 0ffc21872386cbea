"""Who the team needs and who could join it (services/staffing.py), the outside expert called in
as one edit (roles.add_outside_expert), and the directory's read models and search
(services/directory_queries.py) — on real SQLite files."""

from __future__ import annotations

import pytest

from desktop.models.keys import Role
from desktop.services import directory, directory_queries, incidents, roles, staffing, teams
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.services.undo import revert
from desktop.text.calendar import utcnow
from desktop.wire import to_wire_time
from tests.helpers.stations import rows, scalar

COMMANDER, COMMS = Role.INCIDENT_COMMANDER.value, Role.COMMUNICATIONS_LEAD.value


# -- the rule

@pytest.mark.parametrize(("severity", "status", "held", "lacking"), [
    ("sev1", "declared", (), (COMMANDER, COMMS)),
    ("sev2", "contained", (COMMANDER,), (COMMS,)),
    ("sev1", "declared", (COMMS, "scribe"), (COMMANDER,)),
    ("sev1", "declared", (COMMANDER, COMMS), ()),
    ("sev3", "declared", (), ()),  # only the two highest severities need them
    ("sev1", "proposed", (), ()),  # a proposal is not running yet
    ("sev1", "resolved", (), ()),
])
def test_a_live_sev1_or_sev2_needs_a_commander_and_a_communications_lead(
        severity: str, status: str, held: tuple, lacking: tuple) -> None:
    assert staffing.missing(severity, status, held) == lacking


def test_gaps_follow_the_roles_and_the_severity(store: Store) -> None:
    sev1 = store.run(incidents.declare, title="قطعی درگاه پرداخت", severity="sev1").value
    sev3 = store.run(incidents.declare, title="کندی ایمیل", severity="sev3").value
    mina, ali = (store.run(directory.add_person, name).value for name in ("مینا", "علی"))
    assert store.read(staffing.gaps) == {sev1: (COMMANDER, COMMS)}
    store.run(roles.assign, sev1, COMMANDER, mina)
    assert store.read(staffing.incident_gap, sev1) == (COMMS,)
    store.run(roles.assign, sev1, COMMS, ali)
    assert store.read(staffing.gaps) == {}
    handed = scalar(store, "SELECT id FROM role_assignments WHERE person_id = ?", (mina,))
    store.run(roles.renounce, handed)  # a commander who steps down leaves the gap again
    assert store.read(staffing.gaps, [sev1, sev3]) == {sev1: (COMMANDER,)}
    store.run(incidents.edit, sev1, severity="sev3")
    assert store.read(staffing.gaps) == {}
    board = store.read(staffing.board, to_wire_time(utcnow()))  # the board's rows, with the rule applied
    assert {r.id for r in board.rows} == {sev1, sev3} and board.gaps == {}


# -- forming the team

def test_suggestions_come_from_the_owner_teams_of_the_affected_services(store: Store) -> None:
    network = store.run(directory.add_service, "شبکه داخلی", owner_team="شبكه").value  # typed with Arabic ك
    payments = store.run(directory.add_service, "درگاه پرداخت", owner_team="پرداخت").value
    store.run(directory.add_service, "ایمیل", owner_team="زیرساخت")
    people = {name: store.run(directory.add_person, name, team=team, title="کارشناس").value
              for name, team in (("علی", "شبکه"), ("مینا", " شبكه "), ("رضا", "پرداخت"), ("سارا", "زیرساخت"),
                                 ("نرگس", "شبکه"))}
    store.run(directory.archive_person, people["نرگس"])  # archived: never suggested
    incident = store.run(incidents.declare, title="قطعی شبکه", severity="sev1",
                         service_ids=[network, payments]).value
    found = store.read(staffing.suggestions, incident)
    assert [(s.name, s.services) for s in found] == [
        ("رضا", ("درگاه پرداخت",)), ("علی", ("شبکه داخلی",)), ("مینا", ("شبکه داخلی",))]
    store.run(teams.add_team, "شبکه", lead_id=people["مینا"])  # the team's record names its lead: first
    assert [(s.name, s.lead) for s in store.read(staffing.suggestions, incident)] == [
        ("مینا", True), ("رضا", False), ("علی", False)]
    store.run(roles.assign, incident, "technical_lead", people["علی"])
    assert [s.name for s in store.read(staffing.suggestions, incident)] == ["مینا", "رضا"]  # علی on the team now
    staffed = store.read(staffing.team, incident)
    assert [r.person for r in staffed.team.rows] == ["علی"] and staffed.missing == (COMMANDER, COMMS)
    assert staffed.severity == "sev1"
    bare = store.run(incidents.declare, title="بدون سرویس").value
    assert store.read(staffing.suggestions, bare) == ()


# -- an outside expert called in: one edit, one undo

def test_an_outside_expert_is_added_and_named_in_one_op_and_one_undo_takes_both_back(store: Store) -> None:
    incident = store.run(incidents.declare, title="قطعی خوشه Kubernetes", severity="sev2").value
    ops_before = scalar(store, "SELECT count(*) FROM outbox")
    done = store.run(roles.add_outside_expert, incident, "John Smith", "ابر پارس", email="John@AbrPars.example",
                     phone="۰۹۱۲ ۱۲۳ ۴۵۶۷")
    person = done.value
    assert scalar(store, "SELECT count(*) FROM outbox") == ops_before + 1  # one op
    assert rows(store, "SELECT name, organisation, outside_expert, email, phone, archived FROM people") == [
        ("John Smith", "ابر پارس", 1, "john@abrpars.example", "0912 123 4567", 0)]
    assert rows(store, "SELECT role, person_id, archived FROM role_assignments") == [("external_expert", person, 0)]
    store.run(revert, done.inverse, "undo")
    assert rows(store, "SELECT archived FROM people") == [(1,)]
    assert rows(store, "SELECT archived FROM role_assignments") == [(1,)]


@pytest.mark.parametrize(("organisation", "email", "code"), [
    ("  ", "", "empty_organisation"), ("ابر پارس", "not-an-address", "bad_email")])
def test_a_refused_outside_expert_writes_nothing(store: Store, organisation: str, email: str, code: str) -> None:
    incident = store.run(incidents.declare, title="حادثه").value
    with pytest.raises(CommandError) as refused:
        store.run(roles.add_outside_expert, incident, "John Smith", organisation, email=email)
    assert refused.value.code == code
    assert rows(store, "SELECT count(*) FROM people") == [(0,)]
    assert rows(store, "SELECT count(*) FROM role_assignments") == [(0,)]


# -- the directory's read models and search

@pytest.fixture
def directory_store(store: Store) -> Store:
    ali = store.run(directory.add_person, "علی رضایی", title="مدیر شبکه", team="پایگاه\u200cداده",
                    email="ali@example.ir", phone="0912 111 2233").value
    store.run(directory.add_person, "مینا کریمی", title="كارشناس", team="پايگاه داده", phone="0935 000 1111")
    store.run(directory.add_person, "Sara Smith", team="Payments", languages="en, fa")
    management = store.run(directory.add_group, "management").value
    custom = store.run(directory.add_group, "custom", "مدیران شعب").value
    store.run(directory.add_member, management, ali)
    store.run(directory.add_member, custom, ali)
    store.run(directory.add_service, "پایگاه‌داده مرکزی", owner_team="پايگاه‌داده", criticality="critical",
              sla_sev1=60)
    return store


def test_people_carry_their_groups_and_groups_their_members(directory_store: Store) -> None:
    people = directory_store.read(directory_queries.people)
    assert [p.name for p in people] == ["Sara Smith", "علی رضایی", "مینا کریمی"]  # Latin first, then Persian order
    ali = people[1]
    assert sorted((g.kind, g.name) for g in ali.groups) == [("custom", "مدیران شعب"), ("management", "")]
    groups = directory_store.read(directory_queries.groups)
    # The four built-in kinds always, in their order (those nobody was added to have no row yet),
    # then the custom ones.
    assert [(g.kind, g.exists, [m.name for m in g.members]) for g in groups] == [
        ("technical_team", False, []), ("management", True, ["علی رضایی"]), ("key_stakeholders", False, []),
        ("users", False, []), ("custom", True, ["علی رضایی"])]
    services = directory_store.read(directory_queries.services)
    assert [(s.name, s.criticality, s.sla) for s in services] == [("پایگاه‌داده مرکزی", "critical", (60, None, None, None))]


def test_teams_are_the_names_people_and_services_carry(directory_store: Store) -> None:
    found = directory_store.read(directory_queries.everything)
    teams = directory_queries.teams(found.people, found.services)
    # «پایگاه‌داده» and «پايگاه داده» (a half-space, an Arabic ي) are one team, with its service.
    assert [(t.name, [n for _, n in t.people], [n for _, n in t.services]) for t in teams] == [
        ("Payments", ["Sara Smith"], []),
        ("پایگاه\u200cداده", ["علی رضایی", "مینا کریمی"], ["پایگاه‌داده مرکزی"])]


@pytest.mark.parametrize(("text", "names"), [
    ("علي", ["علی رضایی"]),  # Arabic ي for ی
    ("كارشناس", ["مینا کریمی"]),  # Arabic ك for ک
    ("۰۹۱۲", ["علی رضایی"]),  # Persian digits for the phone's ASCII ones
    ("٠٩٣٥", ["مینا کریمی"]),  # Arabic-Indic digits
    ("09121112233", ["علی رضایی"]),  # the number typed without its spaces
    ("پایگاهداده", ["علی رضایی", "مینا کریمی"]),  # without the half-space or the space
    ("رضا علی", ["علی رضایی"]),  # words in any order, each a part of a word
    ("SMITH", ["Sara Smith"]),
    ("مدیران شعب", ["علی رضایی"]),  # a custom group's name
    ("مدیریت ارشد", ["علی رضایی"]),  # a built-in group, by the app's word for it
    ("هیچ‌کس", []),
    ("  ", None),  # nothing to look for: every row
])
def test_search_uses_the_boards_normalisation(directory_store: Store, text: str, names: list[str] | None) -> None:
    people = directory_store.read(directory_queries.people)
    found = directory_queries.search(people, text, {"management": "مدیریت ارشد"})
    assert (None if found is None else sorted(p.name for p in people if p.id in found)) == names


def test_an_update_reloads_the_people_a_membership_touched(directory_store: Store) -> None:
    ali = scalar(directory_store, "SELECT id FROM people WHERE name = 'علی رضایی'")
    custom = scalar(directory_store, "SELECT id FROM stakeholder_groups WHERE kind = 'custom'")
    done = directory_store.run(directory.remove_member, custom, ali)
    update = directory_store.read(directory_queries.update, (), (), (), done.changes.get("group_member"))
    assert update.people_asked == {ali} and [g.kind for g in update.people[0].groups] == ["management"]
    assert update.groups is not None and update.services_asked == frozenset()
    directory_store.run(directory.archive_person, ali)
    gone = directory_store.read(directory_queries.update, [ali])
    assert gone.people_asked == {ali} and gone.people == []  # archived: out of the list
