"""Input limits in the Qt-free rules (issue 12), so the views, the command line and sync all get
them: a value of invisible characters only, control characters, lengths."""

from __future__ import annotations

import json

import pytest

from desktop.models.limits import LIMITS, limit
from desktop.services import incidents, tasks, timeline
from desktop.services.errors import CommandError
from desktop.services.ops import MalformedOp, Op
from desktop.services.registry import entities
from desktop.services.store import Store
from tests.helpers.stations import outbox

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\ufeff"


def _refused(store: Store, command, *args, **fields) -> CommandError:  # noqa: ANN001
    with pytest.raises(CommandError) as refused:
        store.run(command, *args, **fields)
    return refused.value


def test_a_title_of_invisible_characters_is_an_empty_title(store: Store) -> None:
    assert _refused(store, incidents.declare, title=INVISIBLE).code == "empty_title"
    incident = store.run(incidents.declare, title="قطعی درگاه").value
    assert _refused(store, incidents.edit, incident, title="\u200b \u200c").code == "empty_title"
    assert _refused(store, tasks.add, incident, "\ufeff\u200d").code == "empty_title"
    assert _refused(store, timeline.add_note, incident, "\u200e\u200f").code == "empty_note"
    # Invisible characters around a title go; the half-space inside it stays.
    other = store.run(incidents.declare, title="\u200bپایگاه\u200cداده\u200c ").value
    assert store.read(lambda c: c.execute("SELECT title FROM incidents WHERE id = ?", (other,)).fetchone()[0]) \
        == "پایگاه\u200cداده"


def test_any_text_field_of_invisible_characters_only_is_refused_as_blank(store: Store) -> None:
    incident = store.run(incidents.declare, title="قطعی درگاه").value
    refused = _refused(store, incidents.edit, incident, bridge_url="\u200b\u200b")  # a link is not normalised
    assert refused.code == "blank" and refused.params == {"field": "incident.bridge_url"}


def test_control_characters_and_overlong_titles_are_refused(store: Store) -> None:
    assert _refused(store, incidents.declare, title="قطعی\x00درگاه").code == "control_characters"
    refused = _refused(store, incidents.declare, title="ب" * 10_000)
    assert refused.code == "too_long" and refused.params["limit"] == 300
    assert store.read(lambda c: c.execute("SELECT count(*) FROM incidents").fetchone()[0]) == 0


def test_an_op_from_another_station_with_a_blank_value_is_refused(store: Store) -> None:
    store.run(incidents.declare, title="قطعی درگاه")
    raw = json.loads(outbox(store)[0].to_json())
    for change in raw["changes"]:
        if change[0] == "incident":
            change[2]["title"] = "\u200b\ufeff"
    with pytest.raises(MalformedOp) as refused:
        Op.from_dict(raw)
    assert refused.value.code == "blank" and refused.value.params == {"field": "incident.title"}


def test_the_write_path_and_the_input_fields_read_one_table_of_limits() -> None:
    specs = entities()
    for entity, fields in LIMITS.items():
        for field, most in fields.items():
            assert specs[entity].limits[field] == most == limit(entity, field)
    assert specs["incident"].limits["description"] == limit("incident", "description") == 20_000
