"""The directory and the catalogue: people, stakeholder groups and services."""

from __future__ import annotations

import re
import uuid
from typing import Any

from desktop.models.keys import Criticality
from desktop.models.people import GroupKind
from desktop.services.errors import CommandError
from desktop.services.writer import Tx
from desktop.text.normalize import digits_to_ascii, normalize_input, parse_int

_LINKS = uuid.UUID("0192f0c4-5a1e-7c2b-9d3e-4f5a6b7c8d9e")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9 ()\-]{3,40}")


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


def _person_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The person's fields as stored: text normalised, digits of a phone in ASCII, an email
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
    fields = _person_fields({"name": name, "title": title, "team": team, "email": email, "phone": phone, **more})
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
    fields = _person_fields(changes)
    if fields:
        tx.put("person", person_id, **fields)


def archive_person(tx: Tx, person_id: str) -> None:
    """Out of the directory's lists and choices; what they did and held keeps their name."""
    if tx.row("person", person_id) is None:
        raise CommandError("unknown_person", id=person_id)
    tx.put("person", person_id, archived=True)


def _service_fields(changes: dict[str, Any]) -> dict[str, Any]:
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


def add_service(tx: Tx, name: str, description: str = "", owner_team: str = "", **more: Any) -> str:
    """``more``: criticality, sla_sev1…sla_sev4 (minutes), used_by, external_id."""
    return tx.create("service", **_service_fields({"name": name, "description": description,
                                                   "owner_team": owner_team, **more}))


def edit_service(tx: Tx, service_id: str, **changes: Any) -> None:
    if tx.row("service", service_id) is None:
        raise CommandError("unknown_service", id=service_id)
    fields = _service_fields(changes)
    if fields:
        tx.put("service", service_id, **fields)


def archive_service(tx: Tx, service_id: str) -> None:
    """Out of the catalogue's lists; incidents that named it keep its name."""
    if tx.row("service", service_id) is None:
        raise CommandError("unknown_service", id=service_id)
    tx.put("service", service_id, archived=True)


def add_group(tx: Tx, kind: str, name: str = "") -> str:
    try:
        GroupKind(kind)
    except ValueError:
        raise CommandError("unknown_group_kind", kind=kind) from None
    if kind == GroupKind.CUSTOM and not normalize_input(name):
        raise CommandError("empty_name")
    return tx.create("stakeholder_group", kind=kind, name=normalize_input(name) or None)


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
