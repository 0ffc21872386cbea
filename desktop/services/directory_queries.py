"""Read models of the directory page: people with their stakeholder groups, services, groups with
their members, and teams (the names people and services carry, with each team's record where
it has one: its lead and how to reach it).

Plain sqlite3 and frozen rows, like queries.py. Every row carries its search key, made once here
with the board's normalisation (text/normalize.search_key: ی/ي, ک/ك, digits of any script, the
half-space), so a search is a pass over the rows in memory (``search``), not a query per key
stroke: 5,000 people in a few milliseconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from sqlite3 import Connection
from typing import Protocol

from desktop.models.keys import GroupKind, values
from desktop.text.normalize import search_key, sort_key

BUILT_IN_KINDS = tuple(k for k in values(GroupKind) if k != GroupKind.CUSTOM)
VIRTUAL = "kind:"  # the id of a built-in group no one has been added to yet (no row until then)


class Searchable(Protocol):
    id: str
    key: str


def _key(*parts: str | None) -> str:
    return search_key(" ".join(p for p in parts if p))


def _ids(ids: Iterable[str]) -> str:
    """Any number of ids as one parameter (``IN (SELECT value FROM json_each(?))``)."""
    return json.dumps(sorted(set(ids)))


@dataclass(frozen=True, slots=True)
class GroupRef:
    id: str
    kind: str
    name: str  # a custom group's own name; the built-in kinds are named by the app


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: str
    name: str
    title: str
    team: str
    email: str
    phone: str
    languages: str
    outside_expert: bool
    organisation: str
    groups: tuple[GroupRef, ...]
    sort: str  # Persian alphabetical order (the stored name_key)
    team_key: str  # search_key(team): people and services of one team meet on it
    key: str  # every field and custom group name, as one search key
    name_key: str  # search_key(name), for the teams' keys

    @property
    def group_kinds(self) -> frozenset[str]:
        return frozenset(g.kind for g in self.groups)


_PEOPLE = ("SELECT id, name, title, team, email, phone, languages, outside_expert, organisation, name_key "
           "FROM people WHERE NOT archived AND name IS NOT NULL {where} ORDER BY name_key, id")
_MEMBERSHIPS = ("SELECT m.person_id, g.id, g.kind, g.name FROM group_members m "
                "JOIN stakeholder_groups g ON g.id = m.group_id "
                "WHERE NOT m.archived AND NOT g.archived {where} ORDER BY g.kind, g.name, g.id")


def people(conn: Connection, ids: Iterable[str] | None = None) -> list[PersonRow]:
    """The directory's people (not archived), in Persian alphabetical order; with ``ids``, just
    those (a narrow refresh: the ones not returned are archived or gone)."""
    where, params = ("", ()) if ids is None else ("AND id IN (SELECT value FROM json_each(?))", (_ids(ids),))
    found = conn.execute(_PEOPLE.format(where=where), params).fetchall()
    groups: dict[str, list[GroupRef]] = {}
    member_where = "" if ids is None else "AND m.person_id IN (SELECT value FROM json_each(?))"
    for person_id, group_id, kind, name in conn.execute(_MEMBERSHIPS.format(where=member_where), params):
        groups.setdefault(person_id, []).append(GroupRef(group_id, kind or GroupKind.CUSTOM, name or ""))
    rows = []
    for r in found:
        mine = tuple(groups.get(r[0], ()))
        name_key = search_key(r[1])
        rows.append(PersonRow(
            id=r[0], name=r[1] or "", title=r[2] or "", team=r[3] or "", email=r[4] or "", phone=r[5] or "",
            languages=r[6] or "", outside_expert=bool(r[7]), organisation=r[8] or "", groups=mine,
            sort=r[9] or "", team_key=search_key(r[3]),
            key=" ".join(k for k in (name_key, _key(r[2], r[3], r[4], r[5], r[6], r[8], *(g.name for g in mine))) if k),
            name_key=name_key))
    return rows


@dataclass(frozen=True, slots=True)
class ServiceRow:
    id: str
    name: str
    description: str
    owner_team: str
    criticality: str | None
    sla: tuple[int | None, int | None, int | None, int | None]  # minutes for sev1 … sev4
    used_by: str
    sort: str
    team_key: str
    key: str
    name_key: str


def services(conn: Connection, ids: Iterable[str] | None = None) -> list[ServiceRow]:
    """The service catalogue (not archived) by name; with ``ids``, just those."""
    where, params = ("", ()) if ids is None else ("AND id IN (SELECT value FROM json_each(?))", (_ids(ids),))
    rows = conn.execute(
        "SELECT id, name, description, owner_team, criticality, sla_sev1, sla_sev2, sla_sev3, sla_sev4, used_by, "
        f"name_key FROM services WHERE NOT archived AND name IS NOT NULL {where} ORDER BY name_key, id", params)
    return [ServiceRow(id=r[0], name=r[1] or "", description=r[2] or "", owner_team=r[3] or "", criticality=r[4],
                       sla=(r[5], r[6], r[7], r[8]), used_by=r[9] or "", sort=r[10] or "",
                       team_key=search_key(r[3]), key=_key(r[1], r[2], r[3], r[9]), name_key=search_key(r[1]))
            for r in rows]


@dataclass(frozen=True, slots=True)
class Member:
    id: str  # the person's
    name: str
    title: str
    team: str


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A stakeholder group and its members. A built-in kind nobody was added to yet has no row
    in the database: it is listed all the same (``exists`` False, id ``kind:<kind>``), and the
    first member added makes it."""

    id: str
    kind: str
    name: str
    members: tuple[Member, ...]
    exists: bool
    sort: str
    key: str  # a custom group's name and its members' names

    @property
    def built_in(self) -> bool:
        return self.kind != GroupKind.CUSTOM


def groups(conn: Connection) -> list[GroupRow]:
    """The four built-in kinds first (in their order), then the custom groups by name."""
    members: dict[str, list[Member]] = {}
    for group_id, person_id, name, title, team in conn.execute(
            "SELECT m.group_id, p.id, p.name, p.title, p.team FROM group_members m JOIN people p ON p.id = m.person_id "
            "WHERE NOT m.archived AND NOT p.archived ORDER BY p.name_key, p.id"):
        members.setdefault(group_id, []).append(Member(person_id, name or "", title or "", team or ""))
    found = conn.execute("SELECT id, kind, name FROM stakeholder_groups WHERE NOT archived ORDER BY id").fetchall()
    rows = []
    for group_id, kind, name in found:
        kind = kind or GroupKind.CUSTOM
        mine = tuple(members.get(group_id, ()))
        rank = BUILT_IN_KINDS.index(kind) if kind in BUILT_IN_KINDS else len(BUILT_IN_KINDS)
        rows.append(GroupRow(group_id, kind, name or "", mine, True, f"{rank}{sort_key(name)}",
                            _key(name, *(m.name for m in mine))))
    present = {r.kind for r in rows}
    rows += [GroupRow(VIRTUAL + kind, kind, "", (), False, f"{BUILT_IN_KINDS.index(kind)}", "")
             for kind in BUILT_IN_KINDS if kind not in present]
    rows.sort(key=lambda r: (r.sort, r.id))
    return rows


@dataclass(frozen=True, slots=True)
class TeamRecord:
    id: str
    name: str
    lead_id: str | None
    lead: str  # the lead's name ("" none)
    contact: str
    description: str


def team_records(conn: Connection) -> list[TeamRecord]:
    return [TeamRecord(r[0], r[1] or "", r[2], r[3] or "", r[4] or "", r[5] or "") for r in conn.execute(
        "SELECT t.id, t.name, p.id, p.name, t.contact, t.description FROM teams t "  # a lead archived since: none
        "LEFT JOIN people p ON p.id = t.lead_id AND NOT p.archived WHERE NOT t.archived ORDER BY t.id")]


@dataclass(frozen=True, slots=True)
class TeamRow:
    id: str  # the team's search key: «شبکه» and «شبكه» are one team
    name: str  # the record's, else as the first of its people (or services) writes it
    people: tuple[tuple[str, str], ...]  # (id, name)
    services: tuple[tuple[str, str], ...]
    sort: str
    key: str
    record: TeamRecord | None = None  # None: a name nobody has made a record for yet


def teams(people_rows: Sequence[PersonRow], service_rows: Sequence[ServiceRow],
          records: Sequence[TeamRecord] = ()) -> list[TeamRow]:
    """Every team: those with a record (even with nobody in them yet) and the distinct team
    names of people and of the services' owners, each with its people and the services it owns.
    From rows already loaded (their keys made): no query, so the page derives them again after
    any change (5,000 people: a few milliseconds)."""
    names: dict[str, str] = {}
    recorded: dict[str, TeamRecord] = {}
    members: dict[str, list[PersonRow]] = {}
    owned: dict[str, list[ServiceRow]] = {}
    for record in records:  # oldest first: two records of one name (made apart) show as the older
        team_key = search_key(record.name)
        if not team_key:
            continue
        first = recorded.get(team_key)
        if first is None:
            recorded[team_key] = record
            names[team_key] = record.name
        else:  # what the older does not know, from the twin (teams.edit_team keeps it so)
            recorded[team_key] = replace(first, lead_id=first.lead_id or record.lead_id, lead=first.lead or record.lead,
                                         contact=first.contact or record.contact,
                                         description=first.description or record.description)
    for person in people_rows:
        if person.team_key:
            names.setdefault(person.team_key, person.team)
            members.setdefault(person.team_key, []).append(person)
    for service in service_rows:
        if service.team_key:
            names.setdefault(service.team_key, service.owner_team)
            owned.setdefault(service.team_key, []).append(service)
    rows = []
    for team_key, name in names.items():
        who, what, record = members.get(team_key, []), owned.get(team_key, []), recorded.get(team_key)
        extra = (search_key(record.lead), search_key(record.contact)) if record else ()
        rows.append(TeamRow(team_key, name, tuple((p.id, p.name) for p in who), tuple((s.id, s.name) for s in what),
                            sort_key(name), " ".join((team_key, *extra, *(p.name_key for p in who),
                                                      *(s.name_key for s in what))), record))
    rows.sort(key=lambda r: (r.sort, r.id))
    return rows


@dataclass(frozen=True)
class Directory:
    people: list[PersonRow]
    services: list[ServiceRow]
    groups: list[GroupRow]
    teams: list[TeamRecord]


def everything(conn: Connection) -> Directory:
    """What the directory page shows, in one read transaction."""
    return Directory(people(conn), services(conn), groups(conn), team_records(conn))


@dataclass(frozen=True)
class Update:
    """A narrow refresh: the rows of the people and services asked for (those absent are
    archived), and the groups again (a handful; the model keeps the unchanged ones as they are)."""

    people_asked: frozenset[str]
    people: list[PersonRow]
    services_asked: frozenset[str]
    services: list[ServiceRow]
    groups: list[GroupRow] | None
    teams: list[TeamRecord] | None  # again when a team or a person (a lead's name) changed


def update(conn: Connection, person_ids: Iterable[str] = (), service_ids: Iterable[str] = (),
           group_ids: Iterable[str] = (), member_ids: Iterable[str] = (), team_ids: Iterable[str] = ()) -> Update:
    """What a change to these rows means for the page: a changed membership or group changes
    the rows of the people in it (their groups column), and the groups list."""
    asked = set(person_ids)
    member_ids, group_ids = list(member_ids), list(group_ids)
    if member_ids:
        asked.update(r[0] for r in conn.execute(
            "SELECT person_id FROM group_members WHERE id IN (SELECT value FROM json_each(?))", (_ids(member_ids),)))
    if group_ids:
        asked.update(r[0] for r in conn.execute(
            "SELECT person_id FROM group_members WHERE group_id IN (SELECT value FROM json_each(?))",
            (_ids(group_ids),)))
    services_asked = set(service_ids)
    return Update(frozenset(asked), people(conn, asked) if asked else [],
                  frozenset(services_asked), services(conn, services_asked) if services_asked else [],
                  groups(conn) if (asked or member_ids or group_ids) else None,
                  team_records(conn) if (set(team_ids) or asked) else None)


# -- search

@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...]
    compact: str  # the whole query without spaces: «پایگاهداده» finds «پایگاه‌داده»


def query(text: str) -> Query | None:
    """``text`` made into what rows are matched against; None when it holds nothing to look for."""
    key = search_key(text)
    if not key:
        return None
    return Query(tuple(key.split()), key.replace(" ", ""))


def matches(key: str, wanted: Query) -> bool:
    """Every word of the query in the row's key (as a part of a word: «رضا» finds «رضایی»), or
    the query without its spaces inside the key without its spaces."""
    if all(word in key for word in wanted.words):
        return True
    return len(wanted.compact) >= 3 and wanted.compact in key.replace(" ", "")


def search(rows: Iterable[Searchable], text: str, words: Mapping[str, str] | None = None) -> frozenset[str] | None:
    """The ids of the rows ``text`` finds (None: no search, every row). ``words``: what the app
    calls each built-in group kind in the person's language, so «مدیریت ارشد» finds the people
    of the management group (rows with ``group_kinds``)."""
    wanted = query(text)
    if wanted is None:
        return None
    named = frozenset(kind for kind, word in (words or {}).items() if matches(search_key(word), wanted))
    found = set()
    for row in rows:
        if matches(row.key, wanted) or (named and named & getattr(row, "group_kinds", frozenset())):
            found.add(row.id)
    return frozenset(found)
