"""The monthly report PDF (issue 17) for a month of a 10,000-incident station, in Persian and in
English: the month's figures read (metrics.report and the twelve months' trend) and the PDF
written, median seconds of a few runs.

The station: 10,000 major incidents over the last 25 months (about 400 a month), each declared,
acknowledged, given a commander, contained and resolved, most reviewed, one in fifty an
exercise, one in a hundred cancelled — written through the service commands in big
``store.batch()`` transactions, as demo.py does (demo.generate at scale 1000 would also write
a hundred timeline entries and twenty tasks per incident, which the report never reads, and
take many minutes).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.monthly_report
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

INCIDENTS = 10_000
MONTHS = 25
CHUNK = 1_000


def build(folder: Path, count: int = INCIDENTS) -> Path:
    from desktop.db import open_database
    from desktop.services import demo, directory, incidents, roles
    from desktop.services.store import Store

    path = folder / "monthly.db"
    store = Store(open_database(path, short_code="MR"))
    rng = random.Random(1405)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    first = now - dt.timedelta(days=30.4 * MONTHS)
    span = (now - first).total_seconds()
    with store.batch() as run:
        people = [run(directory.add_person, name, title, at=first).value for name, title, _, _ in demo.PEOPLE]
        services = [run(directory.add_service, name, at=first).value for name, *_ in demo.SERVICES]
    moments = sorted(first + dt.timedelta(seconds=rng.uniform(0, span - 86_400)) for _ in range(count))
    for start in range(0, count, CHUNK):
        with store.batch() as run:
            for n in range(start, min(start + CHUNK, count)):
                at = moments[n]
                service = services[n % len(services)]
                incident = run(incidents.declare, title=f"قطعی {demo.SERVICES[n % len(services)][0]} ({n + 1})",
                               severity=f"sev{1 + n % 4}", service_ids=[service], sla_minutes=240, notify=False,
                               exercise=n % 50 == 7, at=at).value
                if n % 100 == 3:
                    run(incidents.move, incident, "cancelled", notify=False, at=at + dt.timedelta(minutes=5))
                    continue
                ack = at + dt.timedelta(minutes=rng.uniform(1, 30))
                run(incidents.acknowledge, incident, at=ack)
                run(roles.assign, incident, "incident_commander", people[n % len(people)], at=ack)
                contained = ack + dt.timedelta(minutes=rng.uniform(5, 120))
                run(incidents.move, incident, "contained", notify=False, at=contained)
                resolved = contained + dt.timedelta(hours=rng.expovariate(1 / 6))
                if resolved >= now:
                    continue
                run(incidents.move, incident, "resolved", notify=False, at=resolved)
                if n % 3:
                    run(incidents.move, incident, "in_review", notify=False, at=resolved + dt.timedelta(hours=1))
    store.close()
    return path


def measure(folder: Path, runs: int = 3) -> dict:
    """Seconds to read the last full Jalali month's figures and write its PDF, in fa and en."""
    from PySide6.QtCore import QCoreApplication

    from desktop import i18n
    from desktop.db import open_read_only
    from desktop.labels import QtWords
    from desktop.reports import monthly
    from desktop.services.store import Store
    from desktop.text.calendar import utcnow

    begin = time.perf_counter()
    path = build(folder)
    built = time.perf_counter() - begin
    QCoreApplication.instance() or QCoreApplication([])
    store = Store(open_read_only(path), readonly=True)
    out: dict = {"build_s": built}
    try:
        now = utcnow()
        for lang, calendar in (("fa", "jalali"), ("en", "gregorian")):
            i18n.install(lang)
            words = QtWords()
            month = monthly.last_full_month(now, calendar)
            reads, writes, totals = [], [], []
            for _ in range(runs):
                start = time.perf_counter()
                data = store.read(monthly.load, month, now)
                read = time.perf_counter()
                pages = monthly.write(data, words, folder / f"month-{lang}.pdf")
                done = time.perf_counter()
                reads.append(read - start)
                writes.append(done - read)
                totals.append(done - start)
            out[lang] = {"seconds": statistics.median(totals), "read": statistics.median(reads),
                         "write": statistics.median(writes), "pages": pages, "incidents": data.report.overall.count,
                         "exercises": len(data.report.exercises)}
    finally:
        store.close()
        i18n.install("fa")
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        found = measure(Path(tmp))
    print(f"station of {INCIDENTS:,} incidents built in {found['build_s']:.1f} s")
    for lang in ("fa", "en"):
        r = found[lang]
        print(f"{lang}: {r['seconds']:.2f} s (read {r['read']:.2f} s, write {r['write']:.2f} s), "
              f"{r['incidents']} incidents + {r['exercises']} exercises, {r['pages']} pages")


if __name__ == "__main__":
    main()
