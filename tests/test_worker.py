"""The database worker lets go of a job before the GUI thread gets its result: whatever a job's
work or callbacks hold (a window, a page) is released on the GUI thread, never on the worker's —
a widget destroyed on the worker thread crashed the app now and then."""

from __future__ import annotations

import threading
import weakref
from pathlib import Path

from PySide6.QtCore import QTimer

from desktop.worker import DbWorker
from tests.helpers.stations import new_store


class Held:
    """Stands for a widget a job's lambdas capture."""


def test_every_job_is_released_on_the_gui_thread(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    store = new_store(tmp_path / "w.db")
    worker = DbWorker(store)
    handed_back = threading.Event()

    class Slow:
        """The worker thread waits, after telling the GUI thread, until the GUI thread has
        delivered the result and let go of it: the worst order for a reference it still held."""

        def __init__(self, signal) -> None:  # noqa: ANN001
            self.signal = signal

        def emit(self, *args: object) -> None:
            self.signal.emit(*args)
            handed_back.wait(10)
            handed_back.clear()

    worker._finished = Slow(worker._finished)
    released: list[str] = []
    delivered: list[int] = []
    try:
        for n in range(20):
            held = Held()
            weakref.finalize(held, lambda: released.append(threading.current_thread().name))

            def done(value: object, h: Held = held, n: int = n) -> None:
                delivered.append(n)
                QTimer.singleShot(0, handed_back.set)  # once this delivery has returned

            worker.submit(lambda s, h=held: s.read(lambda c: c.execute("SELECT 1").fetchone()[0]), done)
            del held, done
        qtbot.waitUntil(lambda: len(delivered) == 20 and worker.idle, timeout=30_000)
        qtbot.waitUntil(lambda: len(released) == 20, timeout=10_000)
    finally:
        handed_back.set()
        worker.stop()
        store.close()
    assert delivered == list(range(20))  # in submission order
    assert set(released) == {threading.main_thread().name}
