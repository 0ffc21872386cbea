"""The metrics page's targets (issue 17), on a station with 10,000 incidents over two years:

(a) metrics.report for a (Jalali) year, on a read connection: the median in ms (target ≤ 100 ms);
(b) the page's period change: from the "previous" arrow clicked to the page repainted with the
    new period's figures, in the real main window offscreen at 1920×1080 (median; ≤ 150 ms).

The incidents are written through the service commands (declare, acknowledge, a commander,
contained, resolved; some closed or cancelled, a few drills) in big transactions
(``store.batch()``), as the demo does; the demo itself at scale 1,000 would write over a million
timeline entries and take far longer.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.metrics
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

INCIDENTS = 10_000
DAYS = 730
BATCH = 1000


def build(folder: Path, count: int = INCIDENTS) -> Path:
    from desktop.db import open_database
    from desktop.services import demo, directory, incidents, roles
    from desktop.services.store import Store

    path = folder / "metrics.db"
    store = Store(open_database(path, short_code="MT"))
    rng = random.Random(17)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    first = now - dt.timedelta(days=DAYS)
    with store.batch() as run:
        people = [run(directory.add_person, name, title, at=first).value for name, title, _, _ in demo.PEOPLE]
        services = [run(directory.add_service, name, description, owner_team=team, at=first).value
                    for name, description, team in demo.SERVICES]
    starts = sorted(first + dt.timedelta(seconds=rng.uniform(0, DAYS * 86400 - 7200)) for _ in range(count))
    for begin in range(0, count, BATCH):
        with store.batch() as run:
            for n in range(begin, min(begin + BATCH, count)):
                start = starts[n]
                incident = run(incidents.declare, title=f"{demo._SYNTHETIC_TITLES[n % 6].format(service=demo.SERVICES[n % 8][0])} ({n + 1})",
                               severity=f"sev{1 + n % 4}", service_ids=[services[n % len(services)]],
                               sla_minutes=240, notify=False, exercise=n % 97 == 0, at=start).value
                if n % 53 == 0:
                    run(incidents.move, incident, "cancelled", notify=False, at=start + dt.timedelta(minutes=3))
                    continue
                tta = dt.timedelta(minutes=rng.uniform(1, 30))
                run(incidents.acknowledge, incident, at=start + tta)
                run(roles.assign, incident, "incident_commander", people[n % len(people)], at=start + tta)
                ttr = dt.timedelta(minutes=rng.lognormvariate(5, 1))
                if start + ttr < now:
                    run(incidents.move, incident, "contained", notify=False, at=start + ttr / 2)
                    run(incidents.move, incident, "resolved", notify=False, at=start + ttr)
    store.close()
    return path


def report_speed(db: Path, runs: int = 21) -> tuple[float, int]:
    """Median ms of metrics.report for this Jalali year, and how many incidents it counted."""
    from desktop.services import metrics
    from desktop.services.store import Store
    from desktop.text.calendar import utcnow

    store = Store(db)
    now = utcnow()
    period = metrics.containing(now, "year", "jalali")
    if (now - period.start).days < 200:  # early in the year: the last whole one
        period = period.previous()
    times, counted = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = store.read(metrics.report, period, now, "jalali", "Asia/Tehran")
        times.append((time.perf_counter() - start) * 1000)
        counted = found.overall.count
    store.close()
    return statistics.median(times), counted


def period_change(db: Path, runs: int = 15) -> dict:
    """Median (and p95) ms from the "previous" arrow clicked to the page repainted, on the
    year view (the heaviest: a year's incidents and its trend), in the real window."""
    from PySide6.QtCore import QEventLoop

    from desktop.app import close_context
    from benchmarks.live_board import _window

    app, ctx, window = _window(db)
    page = window.metrics
    loop = QEventLoop()
    page.loaded.connect(loop.quit)
    window.tabs.setCurrentWidget(page)
    loop.exec()
    page.kind.setCurrentIndex(page.kind.findData("year"))
    loop.exec()
    times = []
    years = []
    for n in range(runs):
        button = page.earlier if n % 2 == 0 else page.later
        gc.collect()
        start = time.perf_counter()
        button.click()
        loop.exec()  # the figures are in (page.loaded)
        window.repaint()  # and painted: every widget of the window, at once
        times.append((time.perf_counter() - start) * 1000)
        years.append(page.report.overall.count)
    close_context(ctx)
    window.close()
    app.processEvents()
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1],
            "counted": max(years)}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        db = build(Path(folder))
        print(f"built {INCIDENTS:,} incidents in {time.perf_counter() - began:.1f} s")
        median, counted = report_speed(db)
        print(f"(a) metrics.report for a year ({counted:,} incidents): median {median:.1f} ms (target ≤ 100 ms)")
        change = period_change(db)
        print(f"(b) period change to repainted: median {change['median']:.1f} ms (p95 {change['p95']:.1f} ms; "
              f"target ≤ 150 ms)")


if __name__ == "__main__":
    main()
