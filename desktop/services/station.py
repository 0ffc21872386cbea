"""Who this station is: read once from its database, changed only through the Store."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from desktop.text.normalize import digits_to_ascii


@dataclass(frozen=True)
class Station:
    station_id: str
    short_code: str
    name: str
    kind: str  # wall | coordinator | field
    operator_id: str | None  # the person acting here, recorded on every op and timeline entry
    demo: bool = False  # made with invented data to look around: never joins a hub


KINDS = ("coordinator", "field", "wall")
_CODE = re.compile(r"^[A-Z0-9]{1,8}$")


class StationSettingError(ValueError):
    """``code``: bad_short_code, short_code_taken, bad_kind, unknown_person."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_settings(conn: sqlite3.Connection, station_id: str, *, short_code: str, kind: str,
                   operator_id: str | None) -> str:
    """Returns the short code as stored (upper case, ASCII digits), or raises StationSettingError.
    A short code prefixes this station's incident references, so it must not be one another
    station already uses: refs are unique only because codes are."""
    code = digits_to_ascii(short_code).strip().upper()
    if not _CODE.match(code):
        raise StationSettingError("bad_short_code")
    taken = conn.execute(
        "SELECT 1 FROM incidents i JOIN field_clocks c ON c.entity = 'incident' AND c.entity_id = i.id "
        "AND c.field = '*' WHERE i.ref LIKE ? AND c.station_id != ? LIMIT 1",
        (f"INC-{code}-%", station_id)).fetchone()
    if taken:
        raise StationSettingError("short_code_taken")
    if kind not in KINDS:
        raise StationSettingError("bad_kind")
    if operator_id is not None and conn.execute(
            "SELECT 1 FROM people WHERE id = ? AND NOT archived", (operator_id,)).fetchone() is None:
        raise StationSettingError("unknown_person")
    return code
