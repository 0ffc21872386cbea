"""Problem and change records: the root cause, and the fix carried out as a documented change."""

from __future__ import annotations

from typing import Any

from desktop.models.records import Approval, Outcome, Risk
from desktop.services.errors import CommandError
from desktop.services.incidents import link_record
from desktop.services.writer import Tx
from desktop.text.normalize import normalize_input

_PROBLEM_FIELDS = ("title", "root_cause", "known_error", "workaround", "five_whys")
_CHANGE_FIELDS = ("title", "plan", "risk", "rollback_plan", "approval", "implemented_at", "outcome")
_ENUMS: dict[str, Any] = {"risk": Risk, "approval": Approval, "outcome": Outcome}


def _clean(fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise CommandError("bad_field", field=sorted(unknown)[0])
    clean = {}
    for name, value in fields.items():
        if name in _ENUMS and value is not None:
            try:
                value = _ENUMS[name](value).value
            except ValueError:
                raise CommandError("bad_value", field=name, value=value) from None
        elif isinstance(value, str):
            value = normalize_input(value)
        clean[name] = value
    if "title" in clean and not clean["title"]:
        raise CommandError("empty_title")
    return clean


def open_problem(tx: Tx, incident_id: str, title: str, **fields: Any) -> str:
    """Opens a problem record for the root cause and links it to the incident."""
    problem_id = tx.create("problem_record", **_clean({"title": title, **fields}, _PROBLEM_FIELDS))
    link_record(tx, incident_id, "problem", problem_id)
    return problem_id


def open_change(tx: Tx, incident_id: str, title: str, **fields: Any) -> str:
    fields.setdefault("approval", Approval.PENDING.value)
    change_id = tx.create("change_record", **_clean({"title": title, **fields}, _CHANGE_FIELDS))
    link_record(tx, incident_id, "change", change_id)
    return change_id


def edit_problem(tx: Tx, problem_id: str, **fields: Any) -> None:
    if tx.row("problem_record", problem_id) is None:
        raise CommandError("unknown_record", id=problem_id)
    tx.put("problem_record", problem_id, **_clean(fields, _PROBLEM_FIELDS))


def edit_change(tx: Tx, change_id: str, **fields: Any) -> None:
    if tx.row("change_record", change_id) is None:
        raise CommandError("unknown_record", id=change_id)
    tx.put("change_record", change_id, **_clean(fields, _CHANGE_FIELDS))
