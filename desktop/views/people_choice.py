"""A combo box of the directory's people (who to name to a role, who owns a task, who works at
this station), refilled when the directory changes without losing the current choice."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from desktop import labels


def fill(combo: QComboBox, people: list, none_text: str | None = None, chosen: str | None = None) -> None:  # noqa: ANN001
    """``people``: queries.Choice rows. ``none_text``: a first entry meaning nobody (data None).
    Keeps ``chosen`` (default: the current choice) selected when it is still there."""
    chosen = combo.currentData() if chosen is None else chosen
    combo.clear()
    if none_text is not None:
        combo.addItem(none_text, None)
    for person in people:
        combo.addItem(labels.user_text(person.name), person.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
