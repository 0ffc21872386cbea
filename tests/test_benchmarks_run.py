"""The benchmarks still run against today's code: the wall's accelerated day (another station
declaring, moving cards, assigning; the wall pulling and rotating) for two simulated hours. A
benchmark that stops at a rule added since (a card leaves "to do" only with an owner) is found
here, not at the next measurement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def test_the_walls_accelerated_day_runs_with_no_blank_page(app, tmp_path: Path) -> None:  # noqa: ANN001
    from benchmarks import wall

    clock = wall.SimClock(dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    db, other = wall.stations(tmp_path, clock)
    try:
        run = wall.day(db, other, clock, hours=2)
    finally:
        other.store.close()
    assert run["blank"] == 0 and run["blank_ink"] == 0 and run["late_loads"] == 0
    assert run["edits"].get("move task", 0) > 0 and run["pages_seen"] > 3
