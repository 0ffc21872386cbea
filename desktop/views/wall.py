"""The wall display: the situation picture the crisis room looks at from across the room.

Pages rotate on a timer (services/wall_rotation): the overview of the active major incidents,
paged, the metrics page (this month so far against the last, read with the picture), then a
focus page per sev1; every sev1 stays in view on a banner. The window is painted
(wall_pages lays each page out as boxes): the page is drawn once into a pixmap per picture and
size, and the one-second tick repaints only the clocks. Nothing on it edits: no field, no
button, no menu. A failed read keeps the last good picture with a small warning."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from desktop import labels
from desktop.context import AppContext
from desktop.services import wall_picture
from desktop.services.changes import Changes
from desktop.services.wall_picture import WallPicture
from desktop.services.wall_rotation import Page, Rotation, interval
from desktop.text.calendar import utcnow
from desktop.views.wall_paint import BACKGROUND, Sheet
from desktop.views.wall_pages import Layout, Situation, rows_per_page, tr, warn

WALL_POINT_SIZE = 20  # the application font on a wall station (its dialogs, if any ever show)
RELOAD_MS = 60_000  # overdue tasks and the like turn with time, not only with edits
WATCHED = ("incident", "incident_service", "role_assignment", "task", "timeline_entry", "person", "service")

log = logging.getLogger("crisisroom")


class WallWindow(QWidget):
    loaded = Signal()  # a picture was read and is shown
    page_shown = Signal(object)  # the Page now on the wall

    def __init__(self, ctx: AppContext, clock=utcnow) -> None:  # noqa: ANN001 - () -> aware datetime
        super().__init__()
        self.ctx, self.clock = ctx, clock
        self.setObjectName("WallWindow")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted
        self.picture: WallPicture | None = None
        self.situation = Situation()
        self.rotation = Rotation(metrics=True)
        self.sheet: Sheet | None = None
        self._last_good: Sheet | None = None  # the last page laid out without an error
        self._pixmap: QPixmap | None = None
        self._reading = self._again = False
        self._ticking_only = False  # the pending paint is the tick's: the clocks alone
        self.paints = self.fast_paints = 0  # tests and benchmarks: full paints, clock-only paints
        self._tick_timer = QTimer(self, interval=1000, timeout=self.tick)
        self._rotate_timer = QTimer(self, timeout=self.advance)
        self._reload_timer = QTimer(self, interval=RELOAD_MS, timeout=self.reload)
        ctx.bus.changed.connect(self._on_changed)
        if ctx.sync is not None:
            ctx.sync.status.connect(self._on_sync)
            self._on_sync(ctx.sync.last)
        self.set_interval(self._setting_interval())
        self.retranslate()
        self.reload()

    # -- the picture
    def reload(self) -> None:
        """Reads the picture on the worker; a change meanwhile reads it once more after."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        now = self.clock()
        display = self.ctx.formatter.display  # the metrics page's month: the language's calendar, local time
        calendar, tz = display.primary_calendar, display.timezone
        self.ctx.worker.submit(lambda store: store.read(wall_picture.picture, now, calendar, tz), self._take,
                               self._failed)

    def _take(self, picture: WallPicture) -> None:
        self._reading = False
        same = picture == self.picture and not self.situation.problem
        self.picture = picture
        self.situation.problem, self.situation.picture_at = "", self.clock()
        if not same:  # most reloads (the minute's, an edit elsewhere) change nothing on the wall
            self.rotation.update(self.overview_pages(), [row.id for row in picture.sev1])
            self._relayout()
        self.loaded.emit()
        if self._again:
            self._again = False
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        """The last good picture stays; the footer says since when and why."""
        from desktop.db import classify

        self._reading = False
        log.warning("the wall could not read the database: %s", exc)
        known = classify(exc, self.ctx.store.path)  # a bug is said too: the wall never goes blank
        self.situation.problem = labels.error(known.code, {"path": known.path}) if known else tr(
            "the picture could not be read (see crisisroom.log)")
        self._relayout()
        if self._again:
            self._again = False
            self.reload()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if any(changes.touches(entity) for entity in WATCHED):
            self.reload()

    def _on_sync(self, status: object) -> None:
        if status is None:
            return
        if getattr(status, "online", True):
            offline_since = None
        else:
            offline_since = self.situation.offline_since or getattr(status, "last_synced", None) or self.clock()
        if offline_since != self.situation.offline_since:
            self.situation.offline_since = offline_since
            self._relayout()

    # -- pages
    def overview_pages(self) -> int:
        if self.picture is None:
            return 1
        per_page = rows_per_page(Sheet(self.width(), self.height(), self.isRightToLeft()))
        return max(1, -(-len(self.picture.incidents) // per_page))

    def advance(self) -> None:
        self.rotation.advance()
        self._relayout()

    def show_page(self, page: Page) -> bool:
        """Shows ``page`` now (the screenshot command); False when the picture has no such page."""
        if not self.rotation.show(page):
            return False
        self._relayout()
        self._rotate_timer.start()  # its full time on the wall
        return True

    def set_interval(self, seconds: int) -> None:
        self._rotate_timer.setInterval(interval(seconds) * 1000)

    def _setting_interval(self) -> int:
        return interval(self.ctx.settings.get("wall/interval"))

    def _relayout(self) -> None:
        self.sheet, self._pixmap = None, None
        self.update()
        self.page_shown.emit(self.rotation.current)

    def layout_sheet(self) -> Sheet:
        """The current page laid out for the window's size (kept until the picture, the page,
        the size or the language changes). A page that cannot be laid out (a bug, bad data)
        leaves the last good one up, with a warning: the wall is never blank."""
        size = (self.width(), self.height())
        if self.sheet is not None and (self.sheet.width, self.sheet.height) == size:
            return self.sheet
        try:
            sheet = self._lay_out(with_page=True)
        except Exception:
            log.exception("the wall could not lay out %s", self.rotation.current)
            good = self._last_good
            sheet = good if good is not None and (good.width, good.height) == size else self._lay_out(with_page=False)
            warn(sheet, tr("a page could not be drawn: the last good picture is shown (see crisisroom.log)"))
        else:
            self._last_good = sheet
        self.sheet = sheet
        return sheet

    def _lay_out(self, with_page: bool) -> Sheet:
        sheet = Sheet(self.width(), self.height(), self.isRightToLeft())
        sheet.day = self.ctx.formatter.date(self.clock())
        picture = self.picture or WallPicture((), {}, {})
        page = self.rotation.current
        layout = Layout(sheet, picture, self.ctx.formatter, self.clock, self.situation)
        top, bottom = layout.frame(page, len(self.rotation.pages), self.rotation.index)
        if self.picture is None or not with_page:  # at start: the frame and the clock, then the picture
            return sheet
        if page.kind == "focus" and page.key in picture.focus:
            row = next(r for r in picture.incidents if r.id == page.key)
            layout.focus(top, bottom, row, picture.focus[str(page.key)])
        elif page.kind == "metrics" and picture.month is not None:
            layout.metrics(top, bottom, picture.month)
        else:
            per_page = rows_per_page(sheet)
            start = int(page.key) * per_page if page.kind == "overview" else 0
            layout.overview(top, bottom, picture.incidents[start:start + per_page])
        return sheet

    # -- painting
    def tick(self) -> None:
        """Once a second: only the clocks are repainted."""
        if not self.isVisible() or self.sheet is None or self._pixmap is None:
            return
        if self.sheet.day != self.ctx.formatter.date(self.clock()):  # midnight in Tehran: a new date on top
            self._relayout()
            return
        region = QRegion()
        for rect in self.sheet.ticking_rects():
            region += rect.toAlignedRect()
        self._ticking_only = True
        self.update(region)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        sheet = self.layout_sheet()
        fast = self._ticking_only and self._pixmap is not None
        self._ticking_only = False
        if self._pixmap is None or self._pixmap.size() != self.size() * self.devicePixelRatioF():
            self._pixmap = self._render_static(sheet)
            fast = False
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for rect in event.region():
            painter.drawPixmap(rect, self._pixmap, self._source(rect))
        sheet.paint(painter, ticking=True)
        painter.end()
        if fast:
            self.fast_paints += 1
        else:
            self.paints += 1

    def _source(self, rect: QRect) -> QRect:
        ratio = self.devicePixelRatioF()
        return QRect(round(rect.x() * ratio), round(rect.y() * ratio), round(rect.width() * ratio),
                     round(rect.height() * ratio))

    def _render_static(self, sheet: Sheet) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(round(self.width() * ratio), round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(BACKGROUND)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        sheet.paint(painter, ticking=False)
        painter.end()
        return pixmap

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802
        self.sheet, self._pixmap = None, None
        if self.picture is not None:
            self.rotation.update(self.overview_pages(), [row.id for row in self.picture.sev1])
        super().resizeEvent(event)

    # -- showing and language
    def showEvent(self, event: QEvent) -> None:  # noqa: N802
        self._tick_timer.start()
        self._rotate_timer.start()
        self._reload_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QEvent) -> None:  # noqa: N802
        self._tick_timer.stop()
        self._rotate_timer.stop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LayoutDirectionChange):
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Crisis Room — wall display"))
        self._relayout()

