"""The directory and the catalogue: people, stakeholder groups and services."""

from __future__ import annotations

import uuid

from desktop.models.people import GroupKind
from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.text.normalize import digits_to_ascii, normalize_input

_LINKS = uuid.UUID("0192f0c4-5a1e-7c2b-9d3e-4f5a6b7c8d9e")


def link_id(*ids: str) -> str:
    """The same id for the same pair on every station, so concurrent adds merge into one row."""
    return str(uuid.uuid5(_LINKS, "/".join(ids)))


def add_person(tx: Tx, name: str, title: str = "", team: str = "", email: str = "",
               phone: str = "", person_id: str | None = None) -> str:
    """``person_id`` when the op must name them as its operator: someone adding themselves."""
    name = normalize_input(name)
    if not name:
        raise CommandError("empty_name")
    return tx.create("person", person_id, name=name, title=normalize_input(title), team=normalize_input(team),
                     email=email.strip(), phone=digits_to_ascii(phone).strip())


def add_service(tx: Tx, name: str, description: str = "", owner_team: str = "") -> str:
    name = normalize_input(name)
    if not name:
        raise CommandError("empty_name")
    return tx.create("service", name=name, description=normalize_input(description),
                     owner_team=normalize_input(owner_team))


def add_group(tx: Tx, kind: str, name: str = "") -> str:
    try:
        GroupKind(kind)
    except ValueError:
        raise CommandError("unknown_group_kind", kind=kind) from None
    if kind == GroupKind.CUSTOM and not normalize_input(name):
        raise CommandError("empty_name")
    return tx.create("stakeholder_group", kind=kind, name=normalize_input(name) or None)


def add_member(tx: Tx, group_id: str, person_id: str) -> str:
    if tx.row("stakeholder_group", group_id) is None:
        raise CommandError("unknown_group", id=group_id)
    if tx.row("person", person_id) is None:
        raise CommandError("unknown_person", id=person_id)
    member = link_id(group_id, person_id)
    tx.put("group_member", member, group_id=group_id, person_id=person_id, archived=False)
    return member
