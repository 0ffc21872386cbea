"""Teams: a record of its own for a team (who leads it, how to reach it) over the name its people
and services carry (people.team, services.owner_team). The name joins them: renaming a team
renames it on every person and service that carries it, in the same op, so one undo step
brings all of it back. Names are compared by search key: «شبکه» and «شبكه» are one team."""

from __future__ import annotations

from typing import Any

from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.text.normalize import normalize_input, search_key

_TEXT = ("name", "contact", "description")


def team_fields(tx: Tx, changes: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in changes.items():
        if name in _TEXT:
            fields[name] = normalize_input(value or "")
        elif name == "lead_id":
            if value and tx.row("person", value) is None:  # archived, or never here
                raise CommandError("unknown_person", id=str(value)[:40])
            fields[name] = value or None
        else:
            raise CommandError("bad_field", field=name)
    if "name" in fields and not search_key(fields["name"]):  # marks alone (ـ, ◌َ) name nothing
        raise CommandError("empty_name")
    return fields


def carrying(tx: Tx, key: str) -> tuple[list[str], list[str]]:
    """The people and the services (ids, not archived) whose team name has this search key."""
    people = [pid for pid, team in tx.conn.execute("SELECT id, team FROM people WHERE NOT archived AND team != ''")
              if search_key(team) == key]
    services = [sid for sid, team in tx.conn.execute(
        "SELECT id, owner_team FROM services WHERE NOT archived AND owner_team != ''") if search_key(team) == key]
    return people, services


def _records(tx: Tx, key: str) -> list[str]:
    """The team records (not archived) whose name has this key, oldest first."""
    return [team_id for team_id, name in tx.conn.execute("SELECT id, name FROM teams WHERE NOT archived ORDER BY id")
            if search_key(name) == key]


def _taken(tx: Tx, name: str, key: str, was: str) -> None:
    """Refuses a new name (``key``, the team's until now ``was``) that is another team's: a
    record, or people or services who carry it."""
    if key != was and (_records(tx, key) or any(carrying(tx, key))):
        raise CommandError("team_exists", value=name[:80])


def _rename(tx: Tx, was: str, name: str) -> None:
    people, services = carrying(tx, was)
    for person_id in people:
        tx.put("person", person_id, team=name)
    for service_id in services:
        tx.put("service", service_id, owner_team=name)


def add_team(tx: Tx, name: str, lead_id: str | None = None, contact: str = "", description: str = "",
             renames: str = "") -> str:
    """A team's record. ``renames``: the name its people and services carry until now, for a
    team that had no record (given one and, when the name differs, renamed on all of them)."""
    fields = team_fields(tx, {"name": name, "lead_id": lead_id, "contact": contact, "description": description})
    key = search_key(fields["name"])
    was = search_key(renames) if renames else key  # people already carrying the name: this is their team
    if _records(tx, key):  # the team has its record already
        raise CommandError("team_exists", value=fields["name"][:80])
    _taken(tx, fields["name"], key, was)
    # A new id, not one from the name: a team renamed at one station and its old name recorded
    # again at another are two teams. Two records of one name (made apart) are shown as one
    # (directory_queries.teams) and become one at the next edit.
    team_id = tx.create("team", **fields)
    if renames and fields["name"] != normalize_input(renames):  # only a new name touches its people
        _rename(tx, was, fields["name"])
    return team_id


def edit_team(tx: Tx, team_id: str, **changes: Any) -> None:
    """``changes``: name, lead_id, contact, description. A new name is carried over to the
    team's people and services. Another record of the team's name (made at another station
    while apart) is archived: the team has one record from then on."""
    row = tx.row("team", team_id, "name")
    if row is None:
        raise CommandError("unknown_team", id=team_id)
    fields = team_fields(tx, changes)
    was = search_key(row["name"])
    _absorb_twins(tx, team_id, was, fields)
    if "name" in fields and fields["name"] != row["name"]:
        key = search_key(fields["name"])
        _taken(tx, fields["name"], key, was)
        _rename(tx, was, fields["name"])
    if fields:
        tx.put("team", team_id, **fields)


def _absorb_twins(tx: Tx, team_id: str, key: str, fields: dict[str, Any]) -> None:
    """Other records of the team's name (made at two stations while apart) archived, what they
    knew that this one does not (a lead, a contact) kept on it: one record from now on."""
    own = tx.conn.execute("SELECT lead_id, contact, description FROM teams WHERE id = ?", (team_id,)).fetchone()
    for twin in _records(tx, key):
        if twin == team_id:
            continue
        theirs = tx.conn.execute("SELECT lead_id, contact, description FROM teams WHERE id = ?", (twin,)).fetchone()
        for name, mine, other in zip(("lead_id", "contact", "description"), own, theirs, strict=True):
            if name not in fields and not mine and other and (name != "lead_id" or tx.row("person", other) is not None):
                fields[name] = other
        tx.put("team", twin, archived=True)


def archive_team(tx: Tx, team_id: str) -> None:
    """Only a team nobody carries any more: never out of the lists while people or services name it."""
    row = tx.row("team", team_id, "name")
    if row is None:
        raise CommandError("unknown_team", id=team_id)
    people, services = carrying(tx, search_key(row["name"]))
    if people or services:
        raise CommandError("team_in_use", people=len(people), services=len(services))
    for record in sorted({team_id, *_records(tx, search_key(row["name"]))}):  # and any twin made apart
        tx.put("team", record, archived=True)
