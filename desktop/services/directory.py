"""The directory and the catalogue: people, stakeholder groups and services."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from desktop.models.keys import Criticality
from desktop.models.people import GroupKind
from desktop.services.directory_queries import VIRTUAL
from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.text.normalize import digits_to_ascii, normalize_input, parse_int

_LINKS = uuid.UUID("0192f0c4-5a1e-7c2b-9d3e-4f5a6b7c8d9e")
_STABLE = uuid.UUID("6c0f3a8e-2b7d-5e41-9a3c-8d5e7f1b2c40")  # of imported and built-in rows' ids: never change it
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9 ()\-]{3,40}")


def stable_id(*parts: str) -> str:
    """The same id for the same key on every station (an imported person by their email, a
    built-in group by its kind): rows two stations make apart merge into one."""
    return str(uuid.uuid5(_STABLE, "/".join(parts)))


def link_id(*ids: str) -> str:
    """The same id for the same pair on every station, so concurrent adds merge into one row."""
    return str(uuid.uuid5(_LINKS, "/".join(ids)))


_PERSON_TEXT = ("name", "title", "team", "languages", "organisation")
_SERVICE_TEXT = ("name", "description", "owner_team", "used_by")
_SLA = ("sla_sev1", "sla_sev2", "sla_sev3", "sla_sev4")


def _email(value: str) -> str:
    value = normalize_input(value or "")
    if value and not _EMAIL.fullmatch(value):
        raise CommandError("bad_email", value=value[:80])
    return value.lower()


def _phone(value: str) -> str:
    value = digits_to_ascii(normalize_input(value or ""))
    if value and not _PHONE.fullmatch(value):
        raise CommandError("bad_phone", value=value[:40])
    return value


def person_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """A person's fields as stored (for the commands here and for imports): text normalised, digits of a phone in ASCII, an email
    checked and lower-cased (imports match people on it)."""
    fields = {}
    for name, value in changes.items():
        if name in _PERSON_TEXT:
            fields[name] = normalize_input(value or "")
        elif name == "email":
            fields[name] = _email(value)
        elif name == "phone":
            fields[name] = _phone(value)
        elif name == "external_id":
            fields[name] = normalize_input(value or "") or None
        elif name == "outside_expert":
            fields[name] = bool(value)
        else:
            raise CommandError("bad_field", field=name)
    if "name" in fields and not fields["name"]:
        raise CommandError("empty_name")
    return fields


def add_person(tx: Tx, name: str, title: str = "", team: str = "", email: str = "",
               phone: str = "", person_id: str | None = None, **more: Any) -> str:
    """``person_id`` when the op must name them as its operator: someone adding themselves.
    ``more``: languages, outside_expert, organisation, external_id."""
    fields = person_fields({"name": name, "title": title, "team": team, "email": email, "phone": phone, **more})
    return tx.create("person", person_id, **fields)


def add_outside_expert(tx: Tx, name: str, organisation: str, email: str = "", phone: str = "",
                       title: str = "") -> str:
    """Someone from outside (a vendor's engineer, a consultant) called in for an incident."""
    if not normalize_input(organisation or ""):
        raise CommandError("empty_organisation")
    return add_person(tx, name, title=title, email=email, phone=phone, organisation=organisation,
                      outside_expert=True)


def edit_person(tx: Tx, person_id: str, **changes: Any) -> None:
    if tx.row("person", person_id) is None:
        raise CommandError("unknown_person", id=person_id)
    fields = person_fields(changes)
    if fields:
        tx.put("person", person_id, **fields)


def archive_person(tx: Tx, person_id: str) -> None:
    """Out of the directory's lists and choices; what they did and held keeps their name."""
    if tx.row("person", person_id) is None:
        raise CommandError("unknown_person", id=person_id)
    tx.put("person", person_id, archived=True)


def service_fields(changes: dict[str, Any]) -> dict[str, Any]:
    fields = {}
    for name, value in changes.items():
        if name in _SERVICE_TEXT:
            fields[name] = normalize_input(value or "")
        elif name == "external_id":
            fields[name] = normalize_input(value or "") or None
        elif name == "criticality":
            if value not in (None, "") and value not in Criticality.__members__.values():
                raise CommandError("unknown_value", field="service.criticality", value=str(value)[:40])
            fields[name] = value or None
        elif name in _SLA:
            fields[name] = _minutes(value)
        else:
            raise CommandError("bad_field", field=name)
    if "name" in fields and not fields["name"]:
        raise CommandError("empty_name")
    return fields


def _minutes(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        minutes = parse_int(value) if isinstance(value, str) else int(value)
    except ValueError:
        raise CommandError("bad_minutes", value=str(value)[:20]) from None
    if not 1 <= minutes <= 60 * 24 * 365:
        raise CommandError("bad_minutes", value=str(value)[:20])
    return minutes


def add_service(tx: Tx, name: str, description: str = "", owner_team: str = "", service_id: str | None = None,
                **more: Any) -> str:
    """``more``: criticality, sla_sev1…sla_sev4 (minutes), used_by, external_id. ``service_id``
    when every station must make the same row (an import: see csv_import.stable_id)."""
    return tx.create("service", service_id, **service_fields({"name": name, "description": description,
                                                              "owner_team": owner_team, **more}))


def edit_service(tx: Tx, service_id: str, **changes: Any) -> None:
    if tx.row("service", service_id) is None:
        raise CommandError("unknown_service", id=service_id)
    fields = service_fields(changes)
    if fields:
        tx.put("service", service_id, **fields)


def archive_service(tx: Tx, service_id: str) -> None:
    """Out of the catalogue's lists; incidents that named it keep its name."""
    if tx.row("service", service_id) is None:
        raise CommandError("unknown_service", id=service_id)
    tx.put("service", service_id, archived=True)


def add_group(tx: Tx, kind: str, name: str = "", group_id: str | None = None) -> str:
    try:
        GroupKind(kind)
    except ValueError:
        raise CommandError("unknown_group_kind", kind=kind) from None
    if kind == GroupKind.CUSTOM and not normalize_input(name):
        raise CommandError("empty_name")
    return tx.create("stakeholder_group", group_id, kind=kind, name=normalize_input(name) or None)


def rename_group(tx: Tx, group_id: str, name: str) -> None:
    """Only a custom group has a name of its own; the four built-in kinds are named by the app."""
    group = tx.row("stakeholder_group", group_id, "kind")
    if group is None:
        raise CommandError("unknown_group", id=group_id)
    if group["kind"] != GroupKind.CUSTOM:
        raise CommandError("built_in_group")
    if not normalize_input(name):
        raise CommandError("empty_name")
    tx.put("stakeholder_group", group_id, name=normalize_input(name))


def archive_group(tx: Tx, group_id: str) -> None:
    if tx.row("stakeholder_group", group_id) is None:
        raise CommandError("unknown_group", id=group_id)
    tx.put("stakeholder_group", group_id, archived=True)


def add_member(tx: Tx, group_id: str, person_id: str) -> str:
    if tx.row("stakeholder_group", group_id) is None:
        raise CommandError("unknown_group", id=group_id)
    if tx.row("person", person_id) is None:
        raise CommandError("unknown_person", id=person_id)
    member = link_id(group_id, person_id)
    tx.put("group_member", member, group_id=group_id, person_id=person_id, archived=False)
    return member


def remove_member(tx: Tx, group_id: str, person_id: str) -> None:
    member = link_id(group_id, person_id)
    if tx.row("group_member", member) is None:
        raise CommandError("unknown_person", id=person_id)
    tx.put("group_member", member, archived=True)


def built_in_group(tx: Tx, kind: str) -> str:
    """The group of a built-in kind, made when it is first needed, with the id every station
    (and a CSV import) gives that kind, so stations that each make it get one group."""
    group_id = stable_id("group", "kind", kind)
    if tx.row("stakeholder_group", group_id) is None:
        add_group(tx, kind, group_id=group_id)
    return group_id


def join_group(tx: Tx, group_id: str, person_id: str) -> str:
    """A member added; ``kind:<kind>`` names a built-in group nobody was in yet (the directory
    lists it before it has a row), made on the way in the same edit. Returns the group's id."""
    if group_id.startswith(VIRTUAL):
        group_id = built_in_group(tx, group_id.removeprefix(VIRTUAL))
    add_member(tx, group_id, person_id)
    return group_id


def save_person(tx: Tx, person_id: str | None, fields: dict[str, Any], join: Sequence[str] = (),
                leave: Sequence[str] = ()) -> str:
    """The directory's person form as one edit (one op, one undo step): the person added
    (``person_id`` None) or changed, and the groups they join or leave. An outside expert must
    say which organisation they come from."""
    if person_id is None:
        person_id = add_person(tx, **fields)
    elif fields:
        edit_person(tx, person_id, **fields)
    person = tx.row("person", person_id, "outside_expert", "organisation")
    if person and person["outside_expert"] and not (person["organisation"] or "").strip():
        raise CommandError("empty_organisation")
    for group_id in join:
        join_group(tx, group_id, person_id)
    for group_id in leave:
        remove_member(tx, group_id, person_id)
    return person_id
