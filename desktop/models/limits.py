"""How long the text a person types may be, field by field: the one table that the write path's
value rules (services/registry.py, through each model's ``__limits__``) and the views' input
fields (maximum lengths) both read. Free of SQLAlchemy and Qt, like keys.py, so the views can
use it at start-up.

A title is one line on the board; a name fits a combo box; long texts (a description, a note,
a root cause) are pages, not a pasted log file.
"""

from __future__ import annotations

LONG_TEXT = 20_000
TITLE = 300
NAME = 200

LIMITS: dict[str, dict[str, int]] = {
    "incident": {"title": TITLE, "war_room": 500, "bridge_url": 2000, "bridge_phone": 40, "bridge_pin": 20},
    "task": {"title": TITLE},
    "problem_record": {"title": TITLE},
    "change_record": {"title": TITLE},
    "person": {"name": NAME, "title": NAME, "team": NAME, "email": 320, "phone": 40, "languages": NAME,
               "organisation": NAME, "external_id": NAME},
    "stakeholder_group": {"name": NAME},
    "team": {"name": NAME, "contact": 500, "description": 2000},
    "service": {"name": NAME, "owner_team": NAME, "used_by": 1000, "external_id": NAME},
    "timeline_entry": {"details": 50_000},  # an edit of a long text keeps both versions
}


def limit(entity: str, field: str) -> int:
    """The most characters ``entity.field`` may hold (long texts when the table names none)."""
    return LIMITS.get(entity, {}).get(field, LONG_TEXT)
