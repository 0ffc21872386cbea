"""The demo is what a new user first sees: every op and timeline entry in it names a person."""

from __future__ import annotations

import json

from tests.helpers.stations import rows


def test_every_demo_op_and_entry_names_its_operator(demo_store) -> None:  # noqa: ANN001
    people = {p for (p,) in rows(demo_store, "SELECT id FROM people")}
    operators = {json.loads(p)["operator_id"] for (p,) in rows(demo_store, "SELECT payload FROM outbox")}
    authors = {a for (a,) in rows(demo_store, "SELECT author_id FROM timeline_entries")}
    assert operators and operators <= people and authors <= people
