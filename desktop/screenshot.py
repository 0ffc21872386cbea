"""Renders a view offscreen to PNG once its data has loaded: for tests, the README and reviews."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QEventLoop, QIODevice, QTimer

from desktop.app import close_context, make_application, open_context
from desktop.files import write_atomically
from desktop.settings import Settings


class NotSettled(RuntimeError):
    """The view had not loaded its data within the time given: no image is written."""


class NoSuchPage(LookupError):
    """The wall has no such page (a focus page asked for while no sev1 is active)."""


def wait_until_settled(ctx: object, window: object, timeout_ms: int = 30_000) -> bool:
    """Runs the event loop until the board has loaded, an incident is selected (if any) and the
    worker has nothing left to deliver. Driven by signals, not by polling."""
    loop = QEventLoop()
    state = {"board": False}

    def check(*_: object) -> None:
        board = window.board  # type: ignore[attr-defined]
        selected = (not hasattr(window, "tabs") or ctx.selection.incident_id is not None  # the wall selects nothing
                    or board.proxy.rowCount() == 0)  # type: ignore[attr-defined]
        if state["board"] and selected and ctx.worker.idle:  # type: ignore[attr-defined]
            QTimer.singleShot(0, loop.quit)  # let the last results paint first

    def board_loaded() -> None:
        state["board"] = True
        check()

    window.board.loaded.connect(board_loaded)  # type: ignore[attr-defined]
    ctx.worker.busy_changed.connect(check)  # type: ignore[attr-defined]
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    loop.exec()
    return timer.isActive()


def render(db: Path, view: str, size: tuple[int, int], lang: str, out: Path, page: str = "overview") -> None:
    app = make_application(lang)
    if view == "welcome":  # the first start's page, as it would show for this path: nothing is opened
        return _save(_welcome(db, size), out)
    with tempfile.TemporaryDirectory() as folder:  # never touch the user's window settings
        settings = Settings(Path(folder) / "screenshot.ini")
        ctx = open_context(db, lang, settings, look_only=True)  # writes nothing
        try:
            from desktop.views.mainwindow import PAGES, MainWindow

            if view == "wall":
                return _save(_wall(app, ctx, size, page), out)
            if view in ("problem", "change"):
                return _save(_record(ctx, view, size), out)
            window = MainWindow(ctx)
            tab = "directory" if view == "teams" else view  # the directory's Teams tab
            window.tabs.setCurrentIndex(PAGES.index(tab if tab in PAGES else "board"))
            window.resize(*size)
            window.show()
            if not wait_until_settled(ctx, window):
                raise NotSettled(f"the {view} view did not finish loading")
            if view == "review":  # the review of an incident in review (or else a closed one), not the live one
                _select_reviewed(ctx, window)
            if view == "follow-ups" and not window.follow_ups.rows:  # asked for when first shown
                loop = QEventLoop()
                window.follow_ups.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
                QTimer.singleShot(30_000, loop.quit)
                loop.exec()
            if view == "all-tasks" and not window.all_tasks.model.rowCount():  # asked for when first shown
                loop = QEventLoop()
                window.all_tasks.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
                QTimer.singleShot(30_000, loop.quit)
                loop.exec()
            if view == "metrics" and window.metrics.report is None:  # computed when first shown
                loop = QEventLoop()
                window.metrics.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
                QTimer.singleShot(30_000, loop.quit)
                loop.exec()
            if tab == "directory" and not window.directory.loaded_once():  # asked for when first shown
                loop = QEventLoop()
                window.directory.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
                QTimer.singleShot(30_000, loop.quit)
                loop.exec()
            if view == "teams":
                window.directory.tabs.setCurrentWidget(window.directory.teams)
            shown = window
            if view in ("sync-hub", "station"):  # File ▸ Sync hub / This station, filled from the database
                shown = window.sync_settings() if view == "sync-hub" else window.station_settings()
                if not ctx.worker.idle:
                    loop = QEventLoop()
                    ctx.worker.busy_changed.connect(lambda busy: busy or QTimer.singleShot(0, loop.quit))
                    loop.exec()
            image = shown.grab().toImage()
            window.close()
        finally:
            close_context(ctx)
    _save(image, out)


def _select_reviewed(ctx, window) -> None:  # noqa: ANN001
    found = ctx.store.read(lambda c: c.execute(
        "SELECT id FROM incidents WHERE status IN ('in_review', 'closed') AND NOT archived "
        "ORDER BY status = 'in_review' DESC, coalesce(lessons, '') = '', declared_at DESC LIMIT 1").fetchone())
    if found is None:
        return
    loop = QEventLoop()
    window.review.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(30_000, loop.quit)
    ctx.selection.set_incident(found[0])
    loop.exec()


def _wall(app, ctx, size: tuple[int, int], page: str):  # noqa: ANN001, ANN202 - a QImage
    """The wall display at ``size`` on its first overview page, the metrics page, or the first sev1's
    focus page."""
    from PySide6.QtGui import QFont

    from desktop.services.wall_rotation import Page
    from desktop.views.wall import WALL_POINT_SIZE, WallWindow

    app.setFont(QFont("Vazirmatn", WALL_POINT_SIZE))
    window = WallWindow(ctx)
    window.resize(*size)
    loop = QEventLoop()
    window.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(30_000)
    window.show()
    loop.exec()
    try:
        if window.picture is None:
            raise NotSettled("the wall did not finish loading")
        wanted = Page("overview", 0)
        if page == "metrics":
            wanted = Page("metrics", 0)
        if page == "focus":
            sev1 = window.picture.sev1
            if not sev1:
                raise NoSuchPage(page)
            wanted = Page("focus", sev1[0].id)
        window.show_page(wanted)
        return window.grab().toImage()
    finally:
        window.close()


def _record(ctx, kind: str, size: tuple[int, int]):  # noqa: ANN001, ANN202 - a QImage
    """The problem (or change) record page of the first incident that has one (closed first),
    in its window at ``size``."""
    from desktop.services import record_queries
    from desktop.views.record_common import RecordWindow

    incident = ctx.store.read(record_queries.first_with_record, kind)
    if incident is None:
        raise NoSuchPage(kind)
    if kind == "problem":
        from desktop.views.problem import ProblemPage as Page
    else:
        from desktop.views.change import ChangePage as Page
    ctx.selection.set_incident(incident)
    window = RecordWindow(Page(ctx))
    window.resize(*size)
    loop = QEventLoop()
    window.page.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(30_000)
    window.show()
    window.page.show_record(ctx.store.read(record_queries.record_of, incident, kind))
    loop.exec()
    try:
        if window.page.detail is None:
            raise NotSettled(f"the {kind} record did not finish loading")
        return window.grab().toImage()
    finally:
        window.close()


def _welcome(db: Path, size: tuple[int, int]):  # noqa: ANN202 - a QImage
    from desktop.views.welcome import WelcomePage

    with tempfile.TemporaryDirectory() as folder:  # a language chosen there is not kept
        page = WelcomePage(db, Settings(Path(folder) / "screenshot.ini"))
        page.resize(*size)
        page.show()
        QCoreApplication.processEvents()  # laid out at its size before it is grabbed
        image = page.grab().toImage()
        page.close()
    return image


def _save(image, out: Path) -> None:  # noqa: ANN001 - a QImage
    png = QBuffer()
    png.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(png, "PNG"):
        raise OSError(f"cannot encode {out}")
    write_atomically(out, png.data().data())  # the one writer: a link followed, a device refused
