"""Starting the GUI: QApplication on a qasync loop, fonts, translations, the database and the
main window. The database opens before the window; everything else it holds loads on the worker.
With no station database yet (the first start), the welcome page comes first: a new organisation,
joining a hub, or demo data (views/welcome.py); the station it makes is then opened here."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from shiboken6 import isValid
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n
from desktop.bus import ChangeBus
from desktop.db import DatabaseError, is_read_only, open_database, open_read_only
from desktop.formatting import Formatter
from desktop.log_file import log_to_file
from desktop.context import AppContext
from desktop.paths import default_database, resources
from desktop.services.store import Store
from desktop.settings import Settings
from desktop import labels
from desktop.worker import DbWorker


def make_application(lang: str, argv: list[str] | None = None) -> QApplication:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless: screenshots and CI
    # Not QT_MAX_CACHED_GLYPH_SIZE: raised above 64 px it made the wall's 4K text 3× cheaper to
    # draw, and left every cached glyph over 64 px undrawn (tests/views/test_wall.py saw it).
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Crisis Room")
    app.setOrganizationName("crisisroom")
    for font in sorted((resources() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app.setFont(QFont("Vazirmatn", 10))
    i18n.install(lang)
    return app  # type: ignore[return-value]


def is_first_start(db_path: Path) -> bool:
    """No station database at ``db_path`` yet: the welcome page makes one."""
    return not db_path.exists() or db_path.stat().st_size == 0


def open_context(db_path: Path, lang: str, settings: Settings, demo_if_new: bool = False,
                 look_only: bool = False) -> AppContext:
    """Opens the station database (raising DatabaseError) and wires worker, bus and settings.
    A database this user cannot write opens read-only and the window says so (ctx.read_only);
    ``look_only`` (screenshots) opens any database read-only, without a word. A path with no
    database gets an empty station; with ``demo_if_new`` (tools only: the app's first start asks,
    views/welcome.py) it is filled with demo data, marked as a demo."""
    is_new = is_first_start(db_path)
    read_only = db_path.exists() and is_read_only(db_path)
    if read_only or look_only:
        store = Store(open_read_only(db_path), readonly=True)
    else:
        store = Store(open_database(db_path))
    worker = DbWorker(store)
    if is_new and demo_if_new:
        from desktop.services import demo

        worker.submit(lambda s: demo.generate(s))  # queued before the first query: it sees the data
    formatter = Formatter(lang, settings.get("ui/calendar"), settings.get("ui/timezone"))
    return AppContext(store=store, worker=worker, bus=ChangeBus(), settings=settings, lang=lang,
                      formatter=formatter, read_only=read_only)


def close_context(ctx: AppContext) -> None:
    if ctx.sync is not None:
        ctx.sync.stop()
    ctx.worker.stop()
    ctx.store.close()


def start_gui(db_path: Path | None, lang: str | None, settings: Settings | None = None,  # noqa: ANN201
              wall: bool = False, screen: int | None = None):
    """Everything up to a shown main window; the rows it shows arrive from the worker. Returns
    (app, ctx, window), or raises DatabaseError after telling the user. On the first start
    (no database at the path) it returns (app, None, the welcome page): once that has made the
    station, the station opens and the page's ``opened`` holds (ctx, its window). ``screen``: the
    wall's screen for this run, instead of the station's wall/screen setting."""
    settings = settings or Settings()
    lang = lang or settings.get("ui/language")
    app = make_application(lang)
    log_to_file()
    path = db_path or default_database()
    if is_first_start(path):
        return app, None, _welcome(app, path, settings, wall, screen)
    ctx = _open_or_say(app, path, lang, settings)
    return app, ctx, _station_window(app, ctx, wall, screen)


def _open_or_say(app: QApplication, path: Path, lang: str, settings: Settings) -> AppContext:
    try:
        return open_context(path, lang, settings)
    except DatabaseError as exc:
        QMessageBox.critical(None, app.translate("MainWindow", "Crisis Room"),
                             labels.error(exc.code, {"path": exc.path}))
        raise


def _welcome(app: QApplication, path: Path, settings: Settings, wall: bool, screen: int | None):  # noqa: ANN202
    """The first start's page; when it has made the station, the station's window replaces it
    (syncing at once when it joined a hub: the catch-up shows in the status bar)."""
    from desktop.views.welcome import WelcomePage

    welcome = WelcomePage(path, settings)

    def open_station() -> None:
        try:
            ctx = _open_or_say(app, path, i18n.current(), settings)  # the language chosen on the page
        except DatabaseError:
            welcome.close()
            return
        welcome.opened = (ctx, _station_window(app, ctx, wall, screen))
        welcome.close()  # after the station's window is shown: the app never has no window

    welcome.ready.connect(open_station)
    welcome.show()
    return welcome


def _station_window(app: QApplication, ctx: AppContext, wall: bool, screen: int | None = None):  # noqa: ANN202
    """The station's window, syncing when it has a hub (a wall display pulls and never pushes)."""
    from desktop.background_sync import start_sync

    start_sync(ctx, push=not wall)
    if wall:
        from desktop.views import kiosk
        from desktop.views.wall import WALL_POINT_SIZE, WallWindow

        app.setFont(QFont("Vazirmatn", WALL_POINT_SIZE))  # before any widget: all of it is large
        window = WallWindow(ctx)
        kiosk.show_on_screen(window, ctx.settings.get("wall/screen") if screen is None else screen)
        QTimer.singleShot(SETTLE_AFTER_MS, settle_memory)
        return window
    from desktop.views.mainwindow import MainWindow

    window = MainWindow(ctx)
    if not ctx.read_only:  # after the first paint (they load the write path), on run_gui's qasync loop
        QTimer.singleShot(COMMS_AFTER_MS, lambda: _start_comms(window, ctx))
    window.show()
    QTimer.singleShot(SETTLE_AFTER_MS, settle_memory)  # not before the first paint: a collection takes a while
    return window


COMMS_AFTER_MS = 1500


def _start_comms(window, ctx: AppContext) -> None:  # noqa: ANN001 - a MainWindow
    """Scheduled status updates, the status page and the lead's reminder (CommsRunner); email
    delivery on the qasync loop, its desktop notifications shown in the tray."""
    from desktop.comms_runner import CommsRunner
    from desktop.mail_delivery import start_delivery

    if not isValid(window):
        return
    window.comms_runner = CommsRunner(ctx, window)
    window.comms_runner.said.connect(lambda text: window.statusBar().showMessage(text, 15_000))
    window.comms_runner.start()
    window.mail_delivery = start_delivery(ctx)
    if window.mail_delivery is not None:
        window.mail_delivery.shown.connect(window.comms_runner.show)
        QApplication.instance().aboutToQuit.connect(window.mail_delivery.stop)  # before the worker stops


SETTLE_AFTER_MS = 3000  # start-up's queries and first paints are done by then


def settle_memory() -> None:
    """Once the window is up: what start-up made (modules, Qt wrappers, translations) lives as
    long as the app, so Python's full garbage collections stop walking it. A full collection
    stops every thread, the GUI's too: with it they took 70–100 ms during a 5,000-row import;
    without it the longest GUI-thread gap stays near 50 ms."""
    import gc

    gc.collect()
    gc.freeze()


def run_gui(db_path: Path | None, lang: str | None, wall: bool = False, screen: int | None = None) -> int:
    try:
        app, ctx, window = start_gui(db_path, lang, wall=wall, screen=screen)
    except DatabaseError:
        return 2
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    if ctx is None and window.opened is not None:  # the first start: the station the welcome page made
        ctx = window.opened[0]
    if ctx is not None:
        close_context(ctx)
    return 0
