"""A page that shows one incident's rows and refreshes when a change touches that incident."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shiboken6 import isValid
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from desktop.context import AppContext
from desktop.services.changes import Changes


class IncidentTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, query: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._query = query
        self.incident_id: str | None = None
        self._stale = False
        self._ever_shown = False
        self._people_stale = True  # pages with a people_combo load the directory when first needed
        ctx.selection.incident_changed.connect(self.show_incident)
        ctx.bus.changed.connect(self._on_changed)

    def show_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.reload()

    def reload(self) -> None:
        """Loads the rows now if the page is on screen; a hidden page only remembers that it is
        stale and loads when shown, so edits on the board are not slowed by pages nobody sees."""
        if not self.isVisible() and self._ever_shown:
            self._stale = True
            return
        self._stale = False
        if self.people_combo is not None and self._people_stale:
            self._people_stale = False
            from desktop.services import queries

            self.ctx.query(queries.people, on_done=lambda people: self.people_loaded(people))
        asked = self.incident_id
        if asked is None:
            self.show_data([])
            self.loaded.emit()
            return

        def done(result: Any) -> None:
            if not isValid(self):  # the window was closed while the worker read
                return
            if asked == self.incident_id:  # the selection moved on meanwhile: drop the stale answer
                self.show_data(result)
                self.loaded.emit()

        self.ctx.query(self._query, asked, on_done=done)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("person"):
            self._people_stale = True
        if self.incident_id and (self.incident_id in changes.incidents or changes.touches("person")):
            self.reload()

    people_combo: Any = None  # a QComboBox of people the page keeps filled (people_choice)

    def people_loaded(self, people: list) -> None:
        from desktop.views import people_choice

        people_choice.fill(self.people_combo, people)

    def show_data(self, result: Any) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        pass

    def showEvent(self, event: QShowEvent) -> None:
        self._ever_shown = True
        if self._stale:
            self.reload()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
