"""The first start, through the real widgets: with no station database the app opens the welcome
page, and each of its three ways in ends in a working window — a new organisation (its first
person operating it), joining a real hub (the other station's incidents arrive, then the person
says who they are), and demo data (the title says so). Wrong input is said beside its field, in
Persian and in English."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from desktop import labels
from desktop.app import close_context, start_gui
from desktop.settings import Settings
from desktop.views.welcome import WelcomePage, code_for
from tests.helpers.stations import new_store, rows
from tests.helpers.typing import type_text
from tests.sync.conftest import hub_admin_url, station_name  # noqa: F401 - the real hub

FA_ERRORS = {
    "station": "برای ایستگاه نامی بنویسید، مثلاً «اتاق بحران مرکزی».",
    "code": "یک کد کوتاه انتخاب کنید: ۱ تا ۸ حرف لاتین یا رقم، مثلاً HQ. شمارهٔ حادثه‌های این ایستگاه با آن شروع می‌شود.",
    "operator": "نام و نام خانوادگی خود را بنویسید: هر ویرایش و هر رویداد خط زمانی نام کسی را دارد که آن را انجام داده است.",
}
EN_ERRORS = {
    "station": "Give the station a name, e.g. Central crisis room.",
    "code": "Choose a short code: 1 to 8 Latin letters or digits, e.g. HQ. It starts this station's incident references.",
    "operator": "Type your full name: every edit and timeline entry names the person who made it.",
}


@pytest.fixture
def first_start(app, qtbot, tmp_path: Path) -> Iterator[Callable[..., WelcomePage]]:  # noqa: ANN001
    """start_gui on a path with no database, as `scripts/run` on a new computer."""
    pages: list[WelcomePage] = []

    def start(lang: str = "fa", name: str = "station.db") -> WelcomePage:
        _app, ctx, page = start_gui(tmp_path / name, lang, Settings(tmp_path / "settings.ini"))
        assert ctx is None and isinstance(page, WelcomePage) and page.isVisible()
        qtbot.addWidget(page)
        pages.append(page)
        page.activateWindow()  # as the only window of a first start is (its shortcuts need it)
        qtbot.waitUntil(page.isActiveWindow)
        return page

    yield start
    for page in pages:
        if page.opened is not None:
            close_context(page.opened[0])


def _opened(qtbot, page: WelcomePage, timeout: int = 30_000):  # noqa: ANN001, ANN202
    """The station's window, once the page has made the station and the app opened it."""
    qtbot.waitUntil(lambda: page.opened is not None, timeout=timeout)
    ctx, window = page.opened
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.board.model is not None and ctx.worker.idle, timeout=10_000)
    assert window.isVisible() and not page.isVisible()  # the window replaced the page
    return ctx, window


def _shown(label) -> str:  # noqa: ANN001 - an error label beside a field
    return label.text() if label.isVisibleTo(label.window()) else ""


def test_a_new_organisation_starts_with_its_operator_and_declares_in_their_name(first_start, qtbot,  # noqa: ANN001
                                                                              tmp_path: Path) -> None:
    page = first_start("fa")
    assert page.windowTitle() == "اتاق بحران — خوش آمدید" and page.isRightToLeft()
    form = page.new_form
    assert page.focusWidget() is form.station  # keyboard first: typing starts in the first field
    visited = []
    for _ in range(5):  # Tab goes down the form to its button
        visited.append(page.focusWidget())
        QTest.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
    assert visited == [form.station, form.code, form.kind, form.operator, page.go]
    form.station.setFocus()
    type_text(form.station, "اتاق بحران مرکزی")
    QTest.keyClicks(form.code, "teh2")
    form.kind.setCurrentIndex(form.kind.findData("field"))
    type_text(form.operator, "مریم احمدی")
    QTest.keyClick(form.operator, Qt.Key.Key_Return)  # Enter submits
    assert page.working and page.busy_label.text() == "در حال ساختن ایستگاه…"
    ctx, window = _opened(qtbot, page)

    station = ctx.store.station
    assert (station.name, station.short_code, station.kind, bool(station.demo)) == ("اتاق بحران مرکزی", "TEH2", "field", False)
    assert rows(ctx.store, "SELECT name FROM people") == [("مریم احمدی",)]  # the directory's first person
    me = station.operator_id
    assert rows(ctx.store, "SELECT name FROM people WHERE id = ?", (me,)) == [("مریم احمدی",)]
    assert window.windowTitle() == "اتاق بحران"  # not a demo
    qtbot.waitUntil(lambda: "مریم احمدی" in window.operator_status.text())
    assert window.sign_in is None  # nobody is asked: she said who she is on the welcome page
    assert ctx.sync is None and rows(ctx.store, "SELECT count(*) FROM incidents") == [(0,)]  # empty, alone

    dialog = window.declare(proposed=False)
    type_text(dialog.title, "قطعی DNS در ساختمان مرکزی")
    with qtbot.waitSignal(dialog.declared, timeout=10_000) as declared:
        QTest.keyClick(dialog.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.board.model.row_of(declared.args[0]) is not None)
    assert window.board.model.row_at(window.board.model.row_of(declared.args[0])).ref.startswith("INC-TEH2-")
    operators = {json.loads(p)["operator_id"] for (p,) in rows(ctx.store, "SELECT payload FROM outbox")}
    authors = {a for (a,) in rows(ctx.store, "SELECT author_id FROM timeline_entries")}
    assert operators == {me} and authors == {me}  # every op and entry names the person she typed


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_new_organisations_wrong_input_is_said_beside_each_field(first_start, qtbot, tmp_path: Path,  # noqa: ANN001
                                                                  lang: str) -> None:
    page = first_start(lang)
    form, words = page.new_form, (FA_ERRORS if lang == "fa" else EN_ERRORS)
    QTest.mouseClick(page.go, Qt.MouseButton.LeftButton)  # everything empty
    assert {key: _shown(form.errors[key]) for key in words} == words
    assert page.focusWidget() is form.station and not page.working  # said at once, where the fix is
    assert not (tmp_path / "station.db").exists()

    type_text(form.station, "\u200b\u200c")  # invisible characters only: nothing
    QTest.keyClicks(form.code, "HQ")
    QTest.keyClick(form.code, Qt.Key.Key_Return)
    assert _shown(form.errors["station"]) == words["station"] and _shown(form.errors["code"]) == ""
    assert _shown(form.errors["operator"]) == words["operator"]

    form.station.setText("Central")
    form.code.setText("H Q")  # not 1 to 8 Latin letters or digits: the station rules say so
    type_text(form.operator, "Maryam Ahmadi")
    QTest.keyClick(form.operator, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.working, timeout=30_000)
    assert _shown(form.errors["code"]) == labels.error("bad_short_code")  # the station rules' words, here
    assert ("کد کوتاه" if lang == "fa" else "The short code is 1 to 8 Latin letters") in _shown(form.errors["code"])
    assert [_shown(form.errors[k]) for k in ("station", "operator")] == ["", ""]
    assert page.focusWidget() is form.code and page.opened is None
    assert not (tmp_path / "station.db").exists()  # no half-made station is left behind
    # A code another station uses (a station's rule; it cannot happen on an empty one) goes there too.
    form.refused("short_code_taken", {})
    assert _shown(form.errors["code"]) == labels.error("short_code_taken")


def test_the_welcome_page_switches_language_and_direction(first_start, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    page = first_start("fa")
    QTest.mouseClick(page.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert page.windowTitle() == "Crisis Room — welcome" and not page.isRightToLeft()
    assert page.join_button.text() == "Join a hub" and page.go.text() == "&Create the station"
    assert Settings(tmp_path / "settings.ini").get("ui/language") == "en"  # the next start speaks it too
    QTest.keyClick(page, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # a choice by keyboard, any layout
    assert page.pages.currentWidget() is page.demo_form and page.go.text() == "&Open the demo"
    QTest.mouseClick(page.language_buttons["fa"], Qt.MouseButton.LeftButton)
    assert page.go.text() == "&باز کردن نسخهٔ نمایشی" and page.isRightToLeft()


def test_demo_data_opens_in_a_window_that_says_it_is_a_demo(first_start, qtbot) -> None:  # noqa: ANN001
    page = first_start("fa")
    QTest.keyClick(page, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert page.focusWidget() is page.go
    QTest.keyClick(page.go, Qt.Key.Key_Return)
    ctx, window = _opened(qtbot, page, timeout=60_000)
    assert ctx.store.station.demo
    assert window.windowTitle() == "اتاق بحران — داده نمایشی (به هیچ هابی وصل نیست)"
    qtbot.waitUntil(lambda: window.board.model.rowCount() > 0)
    assert window.station_label.text().endswith("داده نمایشی")  # in the window too, not only its title
    window.switch_language("en")
    assert window.windowTitle() == "Crisis Room — demo data (not connected to any hub)"


def _stand_in_organisation(hub_admin_url: str, station_name: str, tmp_path: Path) -> tuple[str, int]:  # noqa: F811
    """Station A of an organisation (the demo's content as its data, not marked as a demo) has
    pushed everything to a new hub; returns the line add-station printed for the newcomer B
    and how many incidents A has."""
    from desktop.services import demo
    from desktop.sync import hub
    from desktop.sync.client import sync_once

    hub.init(hub_admin_url)
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    a = new_store(tmp_path / "a.db", "A")
    demo.generate(a, mark=False)
    sync_once(a, url_a)
    incidents = rows(a, "SELECT count(*) FROM incidents")[0][0]
    a.close()
    return url_b, incidents


def test_joining_a_real_hub_pulls_the_organisation_then_asks_who_is_operating(  # noqa: ANN001
        first_start, qtbot, tmp_path: Path, hub_admin_url: str, station_name: str) -> None:  # noqa: F811
    url_b, incidents = _stand_in_organisation(hub_admin_url, station_name, tmp_path)
    page = first_start("fa", "b.db")
    QTest.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    form = page.join_form
    assert page.focusWidget() is form.paste and page.go.text() == "&پیوستن به هاب"
    QGuiApplication.clipboard().setText(url_b)  # the line add-station printed, pasted whole
    QTest.keyClick(form.paste, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert form.station.text() == f"{station_name}b" and form.host.text() and form.password.text()
    QTest.keyClick(form.paste, Qt.Key.Key_Return)
    ctx, window = _opened(qtbot, page)

    assert ctx.sync is not None and ctx.store.station.short_code == code_for(f"{station_name}b")
    assert "password" not in (ctx.store.hub_url() or "")  # the password went to the keyring (a 0600 file here)
    # Everything A had arrives (the catch-up), and the board shows A's incidents.
    qtbot.waitUntil(lambda: rows(ctx.store, "SELECT count(*) FROM incidents") == [(incidents,)], timeout=60_000)
    qtbot.waitUntil(lambda: window.board.model.rowCount() > 0, timeout=10_000)
    assert {row.ref.split("-")[1] for row in window.board.model.rows()} == {"A"}
    # Nobody is named yet: the sign-in asks, with the directory that arrived from the hub.
    qtbot.waitUntil(lambda: window.sign_in is not None and window.sign_in.person.count() > 1, timeout=10_000)
    dialog = window.sign_in
    assert "کسی" in window.operator_status.text()  # the status bar says nobody is operating
    index = dialog.person.findText("علی رضایی", Qt.MatchFlag.MatchContains)
    dialog.person.setCurrentIndex(index)
    chosen = dialog.person.currentData()
    with qtbot.waitSignal(dialog.signed_in, timeout=5_000):
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert ctx.store.station.operator_id == chosen
    qtbot.waitUntil(lambda: "علی رضایی" in window.operator_status.text())


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_joining_with_wrong_input_says_what_is_wrong_and_an_unreachable_hub_still_gives_a_station(  # noqa: ANN001
        first_start, qtbot, tmp_path: Path, lang: str) -> None:
    page = first_start(lang)
    page.choose(1)
    form = page.join_form
    type_text(form.paste, "this is not a connection line")
    words = {"fa": "این خط اتصال نیست. آخرین خطی را که «crisisroom hub add-station» چاپ کرد اینجا بچسبانید.",
             "en": "This is not a connection line. Paste the last line “crisisroom hub add-station” printed."}
    QTest.keyClick(form.paste, Qt.Key.Key_Return)
    assert _shown(form.errors["paste"]) == words[lang] and not page.working

    form.paste.clear()
    form.host.clear()
    QTest.keyClick(form.host, Qt.Key.Key_Return)
    assert _shown(form.errors["host"]) == {"fa": "نشانی هاب را وارد کنید.", "en": "Enter the hub's address."}[lang]
    QTest.keyClicks(form.host, "127.0.0.1")
    form.port.setText("70000")
    QTest.keyClick(form.port, Qt.Key.Key_Return)
    assert _shown(form.errors["port"]) == {"fa": "درگاه (پورت) عددی از ۱ تا ۶۵۵۳۵ است.",
                                           "en": "The port is a number from 1 to 65535."}[lang]
    assert page.focusWidget() is form.port
    form.port.setText("1")  # nothing listens there
    QTest.keyClicks(form.station, "laptop7")
    QTest.keyClick(form.station, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.working, timeout=30_000)
    said = _shown(form.errors["host"])
    assert "127.0.0.1:1" in said and said.startswith({"fa": "در ", "en": "Nothing answers at"}[lang]), said
    assert {"fa": "به‌محض پاسخ هاب همگام می‌شود", "en": "it syncs as soon as the hub answers"}[lang] in said
    assert page.opened is None and not (tmp_path / "station.db").exists()  # not made behind their back
    assert page.go.text() == {"fa": "&با این حال بپیوند و آفلاین کار کن", "en": "&Join anyway and work offline"}[lang]

    QTest.mouseClick(page.go, Qt.MouseButton.LeftButton)  # made all the same: it works offline
    ctx, window = _opened(qtbot, page)
    assert ctx.sync is not None and ctx.store.station.short_code == "LAPTOP7"
    qtbot.waitUntil(lambda: ctx.sync.last is not None and not ctx.sync.last.online, timeout=10_000)
    assert "127.0.0.1:1" in window.sync_indicator.label.text()


def test_the_welcome_page_renders_to_a_screenshot_and_touches_no_database(demo_db: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from tests.test_cli import crisisroom

    before = demo_db.read_bytes()
    out = tmp_path / "welcome.png"
    crisisroom("screenshot", "--db", str(demo_db), "--view", "welcome", "--size", "1280x720", "--out", str(out))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    assert len({image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 720, 23)}) > 5
    assert demo_db.read_bytes() == before
