"""The monthly report PDF (issue 17) for a month of a 10,000-incident station, in Persian and in
English: the month's figures read (metrics.report and the twelve months' trend) and the PDF
written, median seconds of a few runs.

The station: the metrics benchmark's (benchmarks/metrics.build): 10,000 major incidents over
two years (about 400 a month) written through the service commands.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.monthly_report
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.metrics import INCIDENTS, build


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
