"""Teams: a record of its own for a team (who leads it, how to reach it) over the name its people
and services carry (people.team, services.owner_team). The name joins them: renaming a team
renames it on every person and service that carries it, in the same op, so one undo step
brings all of it back. Names are compared by search key: «شبکه» and «شبكه» are one team."""

from __future__ import annotations

from typing import Any

from desktop.services.directory import stable_id
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
    if "name" in fields and not fields["name"]:
        raise CommandError("empty_name")
    return fields


def carrying(tx: Tx, key: str) -> tuple[list[str], list[str]]:
    """The people and the services (ids, not archived) whose team name has this search key."""
    people = [pid for pid, team in tx.conn.execute("SELECT id, team FROM people WHERE NOT archived AND team != ''")
              if search_key(team) == key]
    services = [sid for sid, team in tx.conn.execute(
        "SELECT id, owner_team FROM services WHERE NOT archived AND owner_team != ''") if search_key(team) == key]
    return people, services


def _record(tx: Tx, key: str, but: str | None = None) -> str | None:
    """The team record (not archived) whose name has this key, other than ``but``."""
    for team_id, name in tx.conn.execute("SELECT id, name FROM teams WHERE NOT archived"):
        if team_id != but and search_key(name) == key:
            return team_id
    return None


def _taken(tx: Tx, name: str, key: str, but: str | None = None, was: str = "") -> None:
    """Refuses a name another team has (a record, or people or services who carry it)."""
    if _record(tx, key, but) is not None or (key != was and any(carrying(tx, key))):
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
    _taken(tx, fields["name"], key, was=was)
    # The same id on every station for the same name: two stations recording one team make one row.
    team_id = stable_id("team", key)
    if tx.row("team", team_id) is not None:  # a team renamed since holds it
        team_id = None
    team_id = tx.create("team", team_id, **fields)
    if renames:
        _rename(tx, was, fields["name"])
    return team_id


def edit_team(tx: Tx, team_id: str, **changes: Any) -> None:
    """``changes``: name, lead_id, contact, description. A new name is carried over to the
    team's people and services."""
    row = tx.row("team", team_id, "name")
    if row is None:
        raise CommandError("unknown_team", id=team_id)
    fields = team_fields(tx, changes)
    if "name" in fields and fields["name"] != row["name"]:
        was, key = search_key(row["name"]), search_key(fields["name"])
        _taken(tx, fields["name"], key, but=team_id, was=was)
        _rename(tx, was, fields["name"])
    if fields:
        tx.put("team", team_id, **fields)


def archive_team(tx: Tx, team_id: str) -> None:
    """Only a team nobody carries any more: never out of the lists while people or services name it."""
    row = tx.row("team", team_id, "name")
    if row is None:
        raise CommandError("unknown_team", id=team_id)
    people, services = carrying(tx, search_key(row["name"]))
    if people or services:
        raise CommandError("team_in_use", people=len(people), services=len(services))
    tx.put("team", team_id, archived=True)
