"""A database that cannot be opened is explained to the user in their language at start-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import db
from desktop.app import start_gui
from desktop.settings import Settings


def _dismiss_and_read(seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        seen.append(box.text())
        box.reject()
    else:  # not shown yet: look again on the next turn of the event loop
        QTimer.singleShot(10, lambda: _dismiss_and_read(seen))


@pytest.mark.parametrize("damage, expected", [
    ("garbage", "آسیب دیده"),
    ("newer", "نسخه جدیدتری"),
])
def test_start_gui_explains_a_bad_database_in_persian(app, tmp_path: Path, damage: str, expected: str) -> None:  # noqa: ANN001
    path = tmp_path / "station.db"
    if damage == "garbage":
        path.write_bytes(b"\x00garbage" * 100)
    else:
        db.open_database(path)
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _dismiss_and_read(seen))
    with pytest.raises(db.DatabaseError):
        start_gui(path, "fa", Settings(tmp_path / "s.ini"))
    assert len(seen) == 1 and expected in seen[0] and str(path) in seen[0]
    assert path.read_bytes() == before  # nothing lost
