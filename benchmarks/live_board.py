"""The live board's targets, measured in one GUI process on real databases (offscreen)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer


class _FirstPaint(QObject):
    """Ends ``loop`` at the first paint of the watched widget once ``armed``."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop, self.armed, self.at = loop, False, 0.0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.armed and event.type() == QEvent.Type.Paint:
            self.at = time.perf_counter()
            self.armed = False
            QTimer.singleShot(0, self.loop.quit)
        return False


def _run_until(signal, timeout_ms: int = 30_000) -> None:  # noqa: ANN001
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def _window(db: Path):  # noqa: ANN202
    from desktop.app import make_application, open_context, settle_memory
    from desktop.settings import Settings
    from desktop.views.mainwindow import MainWindow

    app = make_application("fa")
    ctx = open_context(db, "fa", Settings(Path(tempfile.mkdtemp()) / "bench.ini"), demo_if_new=False)
    window = MainWindow(ctx)
    window.resize(1920, 1080)
    window.show()
    _run_until(window.board.loaded)
    while not ctx.worker.idle:  # the first selection and the write path warm-up
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    settle_memory()  # as the app does once its window is up
    return app, ctx, window


def board_latency(db: Path, runs: int = 60) -> tuple[float, float, float]:
    """ms from a command's commit to the changed board row painted: (median, p95) and the
    GUI-thread ms of one tick of 100 running incidents."""
    from desktop.app import close_context
    from desktop.services import incidents

    app, ctx, window = _window(db)
    table = window.board.table
    incident_id = window.board.proxy.index(0, 0).data(257)
    loop = QEventLoop()
    watch = _FirstPaint(loop)
    table.viewport().installEventFilter(watch)
    window.board.refreshed.connect(lambda _changes: setattr(watch, "armed", True))
    latencies = []
    for n in range(runs):
        committed = {}

        def work(store, n=n):  # noqa: ANN001, ANN202
            outcome = store.run(incidents.edit, incident_id, title=f"قطعی درگاه پرداخت ({n})")
            committed["at"] = time.perf_counter()
            return outcome

        ctx.worker.submit(work, lambda outcome: ctx.bus.changed.emit(outcome.changes, None))
        loop.exec()
        latencies.append((watch.at - committed["at"]) * 1000)
    ticks = []
    for _ in range(30):
        begin = time.perf_counter()
        window.board.tick()
        app.processEvents()  # the repaint of the ticking cells is GUI-thread time too
        ticks.append((time.perf_counter() - begin) * 1000)
    window.close()
    close_context(ctx)
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.95) - 1], statistics.median(ticks)


def open_incident(db: Path, incident_id: str, runs: int = 5) -> float:
    """ms from choosing an incident with 2,000 timeline entries to its timeline painted."""
    from desktop.app import close_context

    app, ctx, window = _window(db)
    window.tabs.setCurrentWidget(window.timeline)
    loop = QEventLoop()
    watch = _FirstPaint(loop)
    window.timeline.table.viewport().installEventFilter(watch)
    # Armed by the target's rows only: deselecting first also loads (an empty page) and paints.
    window.timeline.loaded.connect(
        lambda: setattr(watch, "armed", window.timeline.incident_id == incident_id))
    times = []
    for _ in range(runs):
        ctx.selection.set_incident(None)
        app.processEvents()
        begin = time.perf_counter()
        ctx.selection.set_incident(incident_id)
        loop.exec()
        times.append((watch.at - begin) * 1000)
    window.close()
    close_context(ctx)
    return statistics.median(times)


def search_speed(db: Path) -> tuple[float, int]:
    """Median ms of a search over every incident and timeline entry, and how many entries."""
    from desktop.services import queries
    from desktop.services.store import Store

    store = Store(db)
    entries = store.read(lambda c: c.execute("SELECT count(*) FROM timeline_entries").fetchone()[0])
    times = []
    for query in ("حادثه\u200cی مهم", "پایگاهداده", "node-7", "۵۰۳", "كاربر مديريت", "Kubernetes", "ERR-4012-B",
                  "درگاه پرداخت"):
        for _ in range(5):
            begin = time.perf_counter()
            store.read(queries.search, query)
            times.append((time.perf_counter() - begin) * 1000)
    store.close()
    return statistics.median(times), entries
