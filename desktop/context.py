"""Ops: run a service command on the database worker, announce its Changes, make it undoable.

A view calls ``ctx.command(...)``; the command runs off the GUI thread, and on success the
ChangeBus tells every view what changed, and the undo stack gets a step that undoes it with a
compensating op through the same write path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.bus import ChangeBus
from desktop.db import classify
from desktop.formatting import Formatter
from desktop.services.changes import Changes
from desktop.services.errors import CommandError
from desktop.services.store import Store
from desktop.settings import Settings
from desktop.worker import DbWorker

if TYPE_CHECKING:
    from desktop.services.writer import Committed


class Selection(QObject):
    """The incident the Team, Tasks and Timeline pages show."""

    incident_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.incident_id: str | None = None

    def set_incident(self, incident_id: str | None) -> None:
        if incident_id != self.incident_id:
            self.incident_id = incident_id
            self.incident_changed.emit(incident_id)


log = logging.getLogger("crisisroom")


@dataclass
class AppContext:
    """What ops and views are handed explicitly, instead of reaching for a global window."""

    store: Store
    worker: DbWorker
    bus: ChangeBus
    settings: Settings
    lang: str = "fa"
    formatter: Formatter = field(default_factory=Formatter)
    undo: QUndoStack = field(default_factory=QUndoStack)
    selection: Selection = field(default_factory=Selection)
    sync: Any = None  # a BackgroundSync when this station has a hub (background_sync.start_sync)
    read_only: bool = False  # this user cannot write the database: the window says so, edits are off
    _tasks: set = field(default_factory=set)  # background asyncio tasks (spawn) still running

    def change_local(self, work: Callable[[Store], Any], changes: Changes, *,
                     on_done: Callable[[Any], None] | None = None,
                     on_error: Callable[[BaseException], None] | None = None) -> None:
        """A change to this station's own settings (who operates it, its code, its hub): not
        shared data, so no op and no undo step, but run on the worker and announced on the bus
        like any change, so every view that shows it refreshes itself."""
        def done(value: Any) -> None:
            self.bus.changed.emit(changes, self)
            if on_done is not None:
                on_done(value)

        self.worker.submit(work, done, on_error or self._report)

    def spawn(self, work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task:
        """Background I/O (mail, alerts, timers) runs as an asyncio task on the qasync loop, the
        GUI thread's own: it awaits sockets without blocking anyone, and writes what it learns
        through ``command`` (the database worker, then the bus) like a person's action would.
        A failure is logged, never lost in a task nobody awaits. (The sync keeps its own thread:
        it applies pages of thousands of ops to its own SQLite connection, which must not run on
        the GUI thread nor queue behind people's edits on the worker — docs/architecture.md.)"""
        task = asyncio.get_event_loop().create_task(work, name=name)
        self._tasks.add(task)  # the loop keeps only a weak reference to a task

        def finished(done: asyncio.Task) -> None:
            self._tasks.discard(done)
            if not done.cancelled() and done.exception() is not None:
                log.error("background task %s failed", name, exc_info=done.exception())

        task.add_done_callback(finished)
        return task

    def query(self, query: Callable[..., Any], *args: Any, on_done: Callable[[Any], None]) -> None:
        self.worker.submit(lambda store: store.read(query, *args), on_done, self._report)

    def command(self, command: Callable[..., Any], *args: Any, label: str = "",
                initiator: object = None, on_done: Callable[[Any], None] | None = None,
                on_error: Callable[[str, dict], None] | None = None, undoable: bool = True,
                **kwargs: Any) -> None:
        """Runs ``command`` on the worker. A refusal (CommandError) goes to ``on_error`` when
        given (a dialog shows it beside the fields), else to the bus (the status bar)."""
        if self.store.readonly:  # opened to look only: refused before anything reaches the file
            (on_error or self.bus.failed.emit)("read_only", {})
            return
        if self.store.station.operator_id is None and not kwargs.get("by"):
            # Every edit names who made it: nothing is written until someone says who they are.
            (on_error or self.bus.failed.emit)("no_operator", {})
            self.bus.operator_needed.emit()
            return

        def done(outcome: Committed) -> None:
            if undoable and outcome.op is not None:
                self.undo.push(_OpStep(self, outcome.forward, outcome.inverse, label))
            if outcome.changes:
                self.bus.changed.emit(outcome.changes, initiator)
            if on_done is not None:
                on_done(outcome.value)

        def failed(error: BaseException) -> None:
            if on_error is not None and isinstance(error, CommandError):
                on_error(error.code, error.params)
            else:
                self._report(error)

        self.worker.submit(lambda store: store.run(command, *args, **kwargs), done, failed)

    def push_step(self, forward: tuple, inverse: tuple, label: str) -> None:
        """An undo step for work already written in several commands (an import): ``forward``
        their changes in order, ``inverse`` what undoes them all."""
        if forward or inverse:
            self.undo.push(_OpStep(self, forward, inverse, label))

    def _report(self, error: BaseException) -> None:
        if isinstance(error, CommandError):
            self.bus.failed.emit(error.code, error.params)
            return
        known = classify(error, self.store.path)
        if known is None:
            raise error
        self.bus.failed.emit(known.code, {"path": known.path})


class _OpStep(QUndoCommand):
    """Undo writes the values from before the step; redo writes the step's values again. A
    step is one command, or a whole import (thousands of rows: the write path makes as many ops
    as the hub needs). Each writes back only what the one before it left, where it still is."""

    def __init__(self, ctx: AppContext, forward: tuple, inverse: tuple, label: str) -> None:
        super().__init__(label)
        self._ctx = ctx
        self._forward, self._inverse = forward, inverse
        # What the last write of this step left: read and replaced on the worker, in the order the
        # undos and redos were asked (a redo pressed before its undo's answer came sees it).
        self._left = [forward]
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push() calls redo(); the command has already run
            self._pushed = True
            return
        self._rewrite(self._forward, "redo")

    def undo(self) -> None:
        self._rewrite(self._inverse, "undo")

    def _rewrite(self, changes: tuple, label: str) -> None:
        from desktop.services.undo import revert

        left = self._left

        def write(tx: object) -> tuple:
            left[0] = revert(tx, changes, label, left[0])  # type: ignore[arg-type]
            return left[0]

        self._ctx.command(write, undoable=False)
