"""A cold process that prints one line when its first window has painted: ``bare`` is a plain
PySide6 window, ``app`` is Crisis Room's real start-up on the given database, painted with rows."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    mode = sys.argv[1]
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def __init__(self, ready) -> None:  # noqa: ANN001
            super().__init__()
            self.ready = ready

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and self.ready():
                print("painted", flush=True)
                os._exit(0)
            return False

    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication([])
        window = QMainWindow()
        window.resize(1920, 1080)
        watcher = FirstPaint(lambda: True)
        window.installEventFilter(watcher)
        window.show()
        app.exec()
        return

    import tempfile
    from pathlib import Path

    from desktop.app import start_gui
    from desktop.settings import Settings

    settings = Settings(Path(tempfile.mkdtemp()) / "bench.ini")
    app, ctx, window = start_gui(Path(sys.argv[2]), "fa", settings)
    loaded = {"rows": False}
    window.board.loaded.connect(lambda: loaded.update(rows=True))
    watcher = FirstPaint(lambda: loaded["rows"])
    window.board.table.viewport().installEventFilter(watcher)
    window.resize(1920, 1080)
    app.exec()


if __name__ == "__main__":
    main()
