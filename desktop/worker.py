"""The single database worker: every query and command runs here, so the GUI thread never waits.

Results come back to the GUI thread through a queued signal, in submission order.
"""

from __future__ import annotations

import collections
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.services.store import Store

Callback = Callable[[Any], None] | None


class DbWorker(QObject):
    _finished = Signal()  # a result is in _results
    busy_changed = Signal(bool)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._queue: queue.Queue = queue.Queue()
        self._results: collections.deque = collections.deque()  # (callback, value, failed), in order
        self._pending = 0
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name="db-worker", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[Store], Any], on_done: Callback = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._queue.put((work, on_done, on_error))

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            work, on_done, on_error = item
            item = None
            try:
                result = work(self.store)
            except Exception as exc:  # delivered to the GUI thread, which words it for people
                done = (on_error, exc, True)
            else:
                done = (on_done, result, False)
            # This thread lets go of the job before the GUI thread can have it: its callbacks and
            # its work hold their widgets, and a widget whose last reference went on this thread
            # would be destroyed here ("Timers cannot be stopped from another thread", or a crash
            # when the GUI thread had already delivered the result and closed the window). The
            # results queue holds the only reference, taken by the GUI thread.
            work = on_done = on_error = result = None
            self._results.append(done)
            done = None
            self._finished.emit()

    @Slot()
    def _deliver(self) -> None:
        callback, value, failed = self._results.popleft()
        self._pending -= 1
        try:
            if failed and callback is None:
                raise value
            if callback is not None:
                callback(value)
        finally:
            callback = value = None
            if self._pending == 0:  # after the callback, which may have queued more work
                self.busy_changed.emit(False)

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
