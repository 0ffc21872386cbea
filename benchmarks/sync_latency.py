"""An edit on station A on station B's board, through the real hub on loopback: two GUI
stations in one process, each with its background sync (LISTEN/NOTIFY, no timer help)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer


def latency(runs: int = 100) -> tuple[float, float]:
    """(p50, p99) ms from A's commit to B's board row refreshed."""
    from benchmarks.hub_db import throwaway_hub
    from desktop.app import close_context, make_application, open_context
    from desktop.background_sync import start_sync
    from desktop.db import open_database
    from desktop.services import demo, incidents
    from desktop.services.store import Store
    from desktop.settings import Settings
    from desktop.sync import credentials
    from desktop.views.board import BoardPage

    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    os.environ["CRISISROOM_CONFIG_DIR"] = tempfile.mkdtemp()
    app = make_application("fa")
    folder = Path(tempfile.mkdtemp())
    contexts = []
    with throwaway_hub(2, "lat") as (_url, urls):
        try:
            pages = []
            for n, station_url in enumerate(urls):
                store = Store(open_database(folder / f"{n}.db", short_code=f"L{n}"))
                if n == 0:
                    demo.generate(store, mark=False)  # a stand-in organisation: it syncs
                store.remember_hub(credentials.strip(station_url))
                store.close()
                ctx = open_context(folder / f"{n}.db", "fa", Settings(folder / f"{n}.ini"), demo_if_new=False)
                contexts.append(ctx)
                start_sync(ctx, fallback=60.0)
                page = BoardPage(ctx)
                page.resize(1920, 1000)
                page.show()
                pages.append(page)
            a, b = contexts
            loop = QEventLoop()
            caught_up = lambda: pages[0].model.rowCount() > 0 and pages[1].model.rowCount() == pages[0].model.rowCount()  # noqa: E731
            while not caught_up():
                QTimer.singleShot(50, loop.quit)
                loop.exec()
            incident = pages[0].model.row_at(0).id
            seen = {}

            def refreshed(changes):  # noqa: ANN001, ANN202
                if incident in changes.incidents and "at" not in seen:
                    seen["at"] = time.perf_counter()
                    loop.quit()

            pages[1].refreshed.connect(refreshed)
            times = []
            for n in range(runs):
                committed = {}
                seen.clear()

                def work(store, n=n):  # noqa: ANN001, ANN202
                    outcome = store.run(incidents.edit, incident, title=f"قطعی درگاه پرداخت ({n})")
                    committed["at"] = time.perf_counter()
                    return outcome

                a.worker.submit(work, lambda outcome: a.bus.changed.emit(outcome.changes, None))
                QTimer.singleShot(10_000, loop.quit)
                loop.exec()
                if "at" in seen:
                    times.append((seen["at"] - committed["at"]) * 1000)
                else:
                    times.append(10_000.0)
            times.sort()
            return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
        finally:
            for ctx in contexts:
                close_context(ctx)
