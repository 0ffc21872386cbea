"""The wall display: the situation picture, painted from the live database — every page fitted
to its space in type readable from across the room, a sev1 always in view, nothing to edit,
and the last good picture kept when a read fails."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from desktop.background_sync import SyncStatus
from desktop.services import incidents
from desktop.services.wall_rotation import Page
from desktop.views.wall import WallWindow
from desktop.views.wall_paint import BREACHED, DESIGN_HEIGHT


def open_wall(make_ctx, qtbot, lang: str = "fa", size: tuple[int, int] = (1920, 1080), **kwargs) -> WallWindow:  # noqa: ANN001
    wall = WallWindow(make_ctx(lang), **kwargs)
    qtbot.addWidget(wall)
    wall.resize(*size)
    with qtbot.waitSignal(wall.loaded, timeout=10_000):
        wall.show()
    return wall


def named(wall: WallWindow, name: str) -> list:
    return [box for box in wall.layout_sheet().boxes if box.name == name and box.lines]


def test_the_overview_shows_the_active_major_incidents_and_follows_edits(make_ctx, qtbot) -> None:  # noqa: ANN001
    wall = open_wall(make_ctx, qtbot)
    active = wall.ctx.store.read(lambda c: c.execute(
        "SELECT count(*) FROM incidents WHERE status IN ('declared', 'contained') AND NOT archived").fetchone()[0])
    assert active and len(wall.picture.incidents) == active
    assert len(named(wall, "title")) == min(active, len(named(wall, "severity")))
    assert named(wall, "page")[0].lines == ["اتاق بحران · حوادث مهم"]
    date, clock = named(wall, "date")[0].lines[0], named(wall, "clock")[0].lines[0]
    assert "تهران" in clock and clock.count(":") == 2  # Tehran time, to the second
    assert any(month in date for month in ("آذر", "دی", "آبان"))  # Jalali first, then Gregorian
    assert any(month in date for month in ("دسامبر", "ژانویه", "نوامبر"))
    with qtbot.waitSignal(wall.loaded, timeout=10_000):  # an edit made at a coordinator's window
        wall.ctx.command(incidents.declare, title="قطعی مرکز تماس", severity="sev2")
    assert len(wall.picture.incidents) == active + 1
    assert any("قطعی مرکز تماس" in line for p in wall.rotation.pages if p.kind == "overview"
               for line in (wall.show_page(p) and [l for b in named(wall, "title") for l in b.lines]))


def test_a_new_sev1_jumps_the_rotation_and_stays_in_view_on_every_page(make_ctx, qtbot) -> None:  # noqa: ANN001
    wall = open_wall(make_ctx, qtbot, lang="en")
    wall.show_page(Page("overview", 0))
    with qtbot.waitSignal(wall.loaded, timeout=10_000):
        wall.ctx.command(incidents.declare, title="Call centre down", severity="sev1")
    new = next(row for row in wall.picture.incidents if row.title == "Call centre down")
    assert wall.rotation.current == Page("focus", new.id)  # shown at once, before its turn
    assert any("Call centre down" in line for box in named(wall, "title") for line in box.lines)
    for page in wall.rotation.pages:
        wall.show_page(page)
        assert named(wall, "banner"), page  # every page carries the critical ones
    wall.show_page(Page("focus", new.id))
    for _ in range(len(wall.rotation.pages)):
        wall.advance()
    assert wall.rotation.current == Page("focus", new.id)  # round and round


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
def test_every_page_fits_its_space_in_type_readable_from_five_metres(make_ctx, qtbot, lang, size) -> None:  # noqa: ANN001
    wall = open_wall(make_ctx, qtbot, lang=lang, size=size)
    with qtbot.waitSignal(wall.loaded, timeout=10_000):  # a title as long as a title may be
        wall.ctx.command(incidents.declare, title="پایگاه‌داده اصلی " * 12, severity="sev1")
    scale = size[1] / DESIGN_HEIGHT
    assert {p.kind for p in wall.rotation.pages} == {"overview", "metrics", "focus"}
    for page in wall.rotation.pages:
        assert wall.show_page(page)
        sheet = wall.layout_sheet()
        texts = sheet.texts()
        assert texts, page
        assert sheet.overflowing() == [], [(b.name, b.lines) for b in sheet.overflowing()]
        assert min(box.face.pixelSize() for box in texts) >= 32 * scale, page
        if page.kind == "metrics":  # five measures, each with this month, last month and the change, whole
            assert not [(b.name, b.lines) for b in texts if b.cut and not b.name.startswith("banner")]
            assert {b.name.split(":")[0] for b in texts if ":" in b.name} == {"metric", "hint", "now", "before", "change"}
            assert len([b for b in texts if b.name.startswith("now:")]) == 5
            continue
        titles = [box for box in texts if box.name == "title"]
        assert titles
        if page.kind == "overview":
            assert all(len(box.lines) <= 2 for box in titles)
        else:
            assert not titles[0].cut  # the focus page has the whole title
        image = wall.grab().toImage()
        assert image.width() == size[0]
        for box in titles:  # painted, not blank: the title's first line has ink across it
            rect = box.rect.toAlignedRect()
            y = rect.top() + round(box.face.pixelSize() * 0.9)
            ink = {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())}
            assert len(ink) > 2, (page, box.lines)


def test_the_severities_differ_in_hue_and_lightness() -> None:
    from desktop.models.keys import SEVERITY_COLOURS

    colours = [QColor(SEVERITY_COLOURS[s]) for s in ("sev1", "sev2", "sev3", "sev4")]
    for n, a in enumerate(colours):
        for b in colours[n + 1:]:
            assert abs(a.lightnessF() - b.lightnessF()) > 0.04 or abs(a.hsvHueF() - b.hsvHueF()) > 0.1
            assert a.hsvHue() != b.hsvHue()
    lightness = sorted(c.toHsl().lightness() for c in colours)
    assert len(set(lightness)) == 4


def test_nothing_on_the_wall_edits(make_ctx, qtbot) -> None:  # noqa: ANN001
    wall = open_wall(make_ctx, qtbot)
    assert wall.findChildren(QWidget) == []  # no field, no button, no menu: painted
    assert wall.focusPolicy() == Qt.FocusPolicy.NoFocus and wall.actions() == []
    assert wall.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    ops = wall.ctx.store.read(lambda c: c.execute("SELECT count(*) FROM outbox").fetchone()[0])
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_N, Qt.Key.Key_Z, Qt.Key.Key_Space):
        qtbot.keyClick(wall, key, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(wall, key)
    qtbot.mouseDClick(wall, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wall.ctx.worker.idle, timeout=5_000)
    assert wall.ctx.store.read(lambda c: c.execute("SELECT count(*) FROM outbox").fetchone()[0]) == ops


def test_a_failed_read_keeps_the_last_picture_with_a_small_warning(make_ctx, qtbot, tmp_path) -> None:  # noqa: ANN001
    wall = open_wall(make_ctx, qtbot, lang="en")
    titles = [box.lines for box in named(wall, "title")]
    other = sqlite3.connect(wall.ctx.store.path)  # another program breaks the tables under the wall
    other.execute("ALTER TABLE tasks RENAME TO tasks_away")
    other.commit()
    with qtbot.waitSignal(wall.page_shown, timeout=10_000):
        wall.reload()
    assert [box.lines for box in named(wall, "title")] == titles  # the last good picture
    warning = named(wall, "problem")[0]
    assert "could not be read" in warning.lines[0] and not wall.sheet.overflowing()
    other.execute("ALTER TABLE tasks_away RENAME TO tasks")
    other.commit()
    other.close()
    with qtbot.waitSignal(wall.loaded, timeout=10_000):
        wall.reload()
    assert named(wall, "problem") == []


def test_offline_says_since_when(make_ctx, qtbot) -> None:  # noqa: ANN001
    wall = open_wall(make_ctx, qtbot)
    since = dt.datetime(2026, 12, 2, 6, 30, tzinfo=dt.timezone.utc)  # 10:00 in Tehran
    wall._on_sync(SyncStatus(online=False, last_synced=since, waiting=0, problem="unreachable", pushes=False))
    line = named(wall, "offline")[0].lines[0]
    assert "قطع از" in line and "۱۰:۰۰" in line and not wall.layout_sheet().overflowing()
    wall._on_sync(SyncStatus(online=True, last_synced=since, waiting=0, pushes=False))
    assert named(wall, "offline") == []


def test_the_tick_repaints_only_the_clocks(make_ctx, qtbot) -> None:  # noqa: ANN001
    moments = [dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.timezone.utc)]
    wall = open_wall(make_ctx, qtbot, clock=lambda: moments[-1])
    wall.repaint()  # the page drawn now, with its picture
    before = named(wall, "elapsed")[0].ticking()
    full, fast = wall.paints, wall.fast_paints
    moments.append(moments[-1] + dt.timedelta(seconds=61))
    wall.tick()
    qtbot.waitUntil(lambda: wall.fast_paints > fast, timeout=5_000)
    assert wall.paints == full  # the page itself was not drawn again
    assert named(wall, "elapsed")[0].ticking() != before
    sla = next(box for box in named(wall, "sla") if box.lines and "مانده" in box.lines[0])
    moments.append(moments[-1] + dt.timedelta(hours=10))  # the same day in Tehran; the sev1 SLA breached
    fast = wall.fast_paints
    wall.tick()
    qtbot.waitUntil(lambda: wall.fast_paints > fast, timeout=5_000)
    assert "نقض" in sla.lines[0] and sla.colour == BREACHED  # the words and the colour turn together
    date, full = named(wall, "date")[0].lines[0], wall.paints
    moments.append(moments[-1] + dt.timedelta(hours=12))  # past midnight in Tehran
    wall.tick()
    qtbot.waitUntil(lambda: wall.paints > full, timeout=5_000)  # the page again, with the new date
    assert named(wall, "date")[0].lines[0] != date


def test_a_page_that_cannot_be_drawn_leaves_the_last_good_one_with_a_warning(make_ctx, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from desktop.views import wall_pages

    wall = open_wall(make_ctx, qtbot, lang="en")
    wall.show_page(Page("overview", 0))
    titles = [box.lines for box in named(wall, "title")]

    def broken(*_args: object) -> None:  # a bug in the focus page's layout
        raise ValueError("a bug")

    monkeypatch.setattr(wall_pages.Layout, "focus", broken)
    focus = next(page for page in wall.rotation.pages if page.kind == "focus")
    wall.show_page(focus)
    assert [box.lines for box in named(wall, "title")] == titles  # the overview stays up
    assert "could not be drawn" in named(wall, "problem")[0].lines[0]
    assert not wall.layout_sheet().overflowing()
    wall.grab()  # and it paints


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_metrics_page_shows_this_month_against_the_last_as_the_metrics_do(make_ctx, qtbot, lang) -> None:  # noqa: ANN001
    from desktop.reports import monthly
    from desktop.services import metrics
    from desktop.services.wall_rotation import METRICS
    from desktop.text.calendar import utcnow
    from desktop.text.display import DisplayFormat

    moment = utcnow()
    wall = open_wall(make_ctx, qtbot, lang=lang, size=(3840, 2160), clock=lambda: moment)
    assert wall.rotation.pages.index(METRICS) == len([p for p in wall.rotation.pages if p.kind == "overview"])
    assert wall.show_page(METRICS)
    calendar = "jalali" if lang == "fa" else "gregorian"

    def expected() -> dict[str, tuple[str, str, str]]:
        month = metrics.containing(moment, "month", calendar)
        found = wall.ctx.store.read(metrics.report, month, moment, calendar)
        f = DisplayFormat(lang)
        out = {}
        for key, kind in (("count", "count"), ("mtta", "duration"), ("mttr", "duration"), ("mtbmi", "duration"),
                          ("sla_breaches", "count")):
            now, before = (getattr(figs, key if kind == "count" else f"{key}_s") for figs in (found.overall, found.previous))
            write = f.number if kind == "count" else (lambda v: monthly.duration(v, f))
            out[key] = (write(now), write(before), monthly.change(now, before, kind, f))
        return out

    def shown() -> dict[str, tuple[str, str, str]]:
        boxes = {b.name: b.lines[0] for b in wall.layout_sheet().texts()}
        return {key: (boxes[f"now:{key}"], boxes[f"before:{key}"], boxes[f"change:{key}"].strip("\u2066\u2069"))
                for key in ("count", "mtta", "mttr", "mtbmi", "sla_breaches")}

    assert shown() == expected()
    values = " ".join(v for row in shown().values() for v in row)
    if lang == "fa":
        assert not any(ch.isascii() and ch.isdigit() for ch in values)  # Persian digits only
        assert any("\u06f0" <= ch <= "\u06f9" for ch in values)
    before = wall.picture.month.figures.count
    with qtbot.waitSignal(wall.loaded, timeout=10_000):  # a new major incident: the page follows
        wall.ctx.command(incidents.declare, title="قطعی مرکز تماس", severity="sev2")
    assert wall.picture.month.figures.count == before + 1
    assert wall.rotation.current == METRICS and shown() == expected()


def test_the_screenshot_command_shows_the_metrics_page(demo_db, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtGui import QImage

    from tests.test_cli import crisisroom

    out = tmp_path / "wall-metrics.png"
    crisisroom("screenshot", "--view", "wall", "--page", "metrics", "--size", "1920x1080", "--lang", "fa",
               "--db", str(demo_db), "--out", str(out))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
