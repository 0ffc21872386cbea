"""A checkable list of the service catalogue: the affected services of an incident."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import Choice
from desktop import labels


class ServiceList(QListWidget):
    """Loads the catalogue itself; ``show`` checks the given ids, now or once it has loaded."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted: tuple[str, ...] = ()
        ctx.query(queries.services, on_done=self._fill)

    def _fill(self, choices: list[Choice]) -> None:
        for choice in choices:
            item = QListWidgetItem(labels.user_text(choice.name), self)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.show_checked(self._wanted)

    def show_checked(self, ids: tuple[str, ...]) -> None:
        self._wanted = tuple(ids)
        for i in range(self.count()):
            item = self.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> tuple[str, ...]:
        return tuple(sorted(self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                            if self.item(i).checkState() == Qt.CheckState.Checked))
