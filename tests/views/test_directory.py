"""The directory page through its widgets: people, services and stakeholder groups added, edited,
archived and brought back by Edit ▸ Undo (each change one undo step), refusals said beside the
field in the person's language, the lists refreshed by diff (never reset), and one search with the
board's Persian normalisation (Arabic letters, digits of any script)."""

from __future__ import annotations

from shiboken6 import isValid
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from desktop import labels
from desktop.views.directory import DirectoryPage
from desktop.views.mainwindow import PAGES, MainWindow
from tests.helpers.typing import type_text


def _open(win: MainWindow, qtbot) -> DirectoryPage:  # noqa: ANN001
    """Ctrl+7 (View ▸ Directory), as a person would; the page loads when first shown."""
    page = win.directory
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    action = win.page_actions[PAGES.index("directory")]
    assert action.shortcut().toString() == "Ctrl+7"
    with qtbot.waitSignal(page.loaded, timeout=10_000), qtbot.waitSignal(action.triggered, timeout=2_000):
        qtbot.keyClick(win.board.table, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert win.tabs.currentWidget() is page
    return page


def _db(win: MainWindow, sql: str, params: tuple = ()) -> list[tuple]:
    return win.ctx.store.read(lambda c: [tuple(r) for r in c.execute(sql, params)])


def _save(dialog, qtbot) -> None:  # noqa: ANN001
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def _click_row(table, row: int) -> None:  # noqa: ANN001
    """A click on the row, as a person chooses it (QTableView.selectRow misses in RTL)."""
    rect = table.visualRect(table.model().index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _plain(text: str) -> str:
    return text.strip("\u2066\u2067\u2068\u2069\u200f\u200e")


def _shown(tab) -> list:  # noqa: ANN001 - the rows the (filtered) list shows, in order
    return [tab.found.row(tab.found.index(n, 0)) for n in range(tab.found.rowCount())]


def test_a_person_is_added_edited_archived_and_brought_back(window, qtbot) -> None:  # noqa: ANN001, PLR0915
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    people = page.people
    before = people.model.rowCount()
    with qtbot.waitSignal(people.dialog_opened) as opened:
        QTest.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    type_text(dialog.fields["name"], "علي كاظمي")  # an Arabic keyboard's ي and ك
    dialog.fields["team"].setText("شبکه")  # (typing would pop the team names up: offscreen Qt warns)
    QTest.keyClicks(dialog.fields["email"], "not-an-address")
    groups = {dialog.groups.item(i).text(): dialog.groups.item(i) for i in range(dialog.groups.count())}
    groups[labels.group_kind("management")].setCheckState(Qt.CheckState.Checked)

    # Refused: said under the email field, in Persian, and nothing is written.
    _save(dialog, qtbot)
    error = dialog.errors["email"]
    qtbot.waitUntil(error.isVisible)
    assert error.text() == labels.error("bad_email", {"value": "not-an-address"}) and "ایمیل" in error.text()
    assert not dialog.errors["name"].isVisible() and dialog.isVisible()
    assert _db(win, "SELECT count(*) FROM people WHERE name = 'علی کاظمی'") == [(0,)]

    dialog.fields["email"].clear()
    QTest.keyClicks(dialog.fields["email"], "Ali.Kazemi@Example.ir")
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    qtbot.waitUntil(lambda: not isValid(dialog))  # closed (and deleted)
    assert people.model.rowCount() == before + 1
    added = people.selected()  # the new person is chosen in the list
    assert (added.name, added.team, added.email) == ("علی کاظمی", "شبکه", "ali.kazemi@example.ir")
    assert [g.kind for g in added.groups] == ["management"]
    assert win.undo_action.text() == "&واگرد: افزودن فرد: علی کاظمی"  # one step, in Persian
    management = next(r for r in page.groups.model.rows() if r.kind == "management")
    assert "علی کاظمی" in [m.name for m in management.members]  # the groups list followed

    # Edited: the row changes in place (no reset), the other rows are left alone.
    dialog = people.edit()
    dialog.fields["title"].clear()
    type_text(dialog.fields["title"], "سرپرست شبکه")
    changed = []
    people.model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    with qtbot.assertNotEmitted(people.model.modelReset), qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    row = people.model.row_of(added.id)
    assert people.model.row_at(row).title == "سرپرست شبکه" and changed == [(row, row)]
    steps = win.ctx.undo.count()

    # Archived: out of the list (never deleted); Edit ▸ Undo brings them back.
    with qtbot.assertNotEmitted(people.model.modelReset), qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(people.archive_button, Qt.MouseButton.LeftButton)
    assert people.model.row_of(added.id) is None and people.model.rowCount() == before
    assert _db(win, "SELECT archived FROM people WHERE id = ?", (added.id,)) == [(1,)]
    assert win.ctx.undo.count() == steps + 1
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()
    assert people.model.row_at(people.model.row_of(added.id)).title == "سرپرست شبکه"
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()  # the edit
    assert people.model.row_at(people.model.row_of(added.id)).title == ""
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()  # the adding: gone again, and out of the group
    assert people.model.row_of(added.id) is None
    management = next(r for r in page.groups.model.rows() if r.kind == "management")
    assert "علی کاظمی" not in [m.name for m in management.members]


def test_an_outside_expert_needs_an_organisation(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("en")
    page = _open(win, qtbot)
    dialog = page.people.add(outside=True)
    assert dialog.outside.isChecked() and dialog.fields["organisation"].isEnabled()
    QTest.keyClicks(dialog.fields["name"], "John Smith")
    _save(dialog, qtbot)
    qtbot.waitUntil(dialog.errors["organisation"].isVisible)
    assert dialog.errors["organisation"].text() == "Say which organisation the outside expert comes from."
    type_text(dialog.fields["organisation"], "ابر پارس")
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    john = page.people.selected()
    assert (john.outside_expert, john.organisation) == (True, "ابر پارس")
    column = page.people.model.columns.index("outside")
    shown = page.people.found.index(page.people.table.currentIndex().row(), column).data()
    assert _plain(shown) == "ابر پارس"


def test_a_service_is_added_edited_archived_and_brought_back(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    page.tabs.setCurrentWidget(page.services)
    services = page.services
    before = services.model.rowCount()
    dialog = services.add()
    _save(dialog, qtbot)  # no name: said beside the name
    qtbot.waitUntil(dialog.errors["name"].isVisible)
    assert dialog.errors["name"].text() == "نام نمی‌تواند خالی باشد."
    type_text(dialog.name, "سامانه حقوق و دستمزد")
    dialog.owner_team.setText("منابع انسانی")  # (typing would pop the team names up)
    dialog.criticality.setCurrentIndex(dialog.criticality.findData("high"))
    type_text(dialog.sla["sla_sev1"].lineEdit(), "۶۰")  # Persian digits
    type_text(dialog.sla["sla_sev2"].lineEdit(), "240")
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    added = services.selected()
    assert (added.name, added.owner_team, added.criticality, added.sla) == (
        "سامانه حقوق و دستمزد", "منابع انسانی", "high", (60, 240, None, None))
    row = services.found.mapFromSource(services.model.index(services.model.row_of(added.id), 0)).row()
    shown = [services.found.index(row, c).data() for c in range(services.model.columnCount())]
    assert shown[2:5] == ["بالا", "۶۰ دقیقه", "۲۴۰ دقیقه"]
    team = next(t for t in page.teams.model.rows() if t.name == "منابع انسانی")  # a team of its own now
    assert [n for _, n in team.services] == ["سامانه حقوق و دستمزد"] and team.people == ()

    dialog = services.edit()
    dialog.owner_team.setText("پرداخت")
    with qtbot.assertNotEmitted(services.model.modelReset), qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    assert services.model.row_at(services.model.row_of(added.id)).owner_team == "پرداخت"
    assert _db(win, "SELECT sla_sev1, sla_sev2 FROM services WHERE id = ?", (added.id,)) == [(60, 240)]  # untouched
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(services.archive_button, Qt.MouseButton.LeftButton)
    assert services.model.row_of(added.id) is None and services.model.rowCount() == before
    assert _db(win, "SELECT archived FROM services WHERE id = ?", (added.id,)) == [(1,)]
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()
    assert services.model.row_at(services.model.row_of(added.id)).owner_team == "پرداخت"


def test_groups_and_their_members(window, qtbot) -> None:  # noqa: ANN001, PLR0915
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    page.tabs.setCurrentWidget(page.groups)
    groups = page.groups
    assert [_plain(groups.found.index(n, 0).data()) for n in range(4)] == [
        "تیم فنی", "مدیریت ارشد", "ذی‌نفعان کلیدی", "کاربران"]  # the built-in kinds, named by the app
    assert groups.select_kind("management") and not groups.rename_button.isEnabled()
    assert not groups.archive_button.isEnabled()  # the built-in groups are kept

    dialog = groups.add()
    type_text(dialog.name, "\u200c ")  # a half-space only: nothing to see
    _save(dialog, qtbot)
    qtbot.waitUntil(dialog.errors["name"].isVisible)
    assert dialog.errors["name"].text() == "نام نمی‌تواند خالی باشد."
    dialog.name.clear()
    type_text(dialog.name, "مديران شعب")
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    custom = groups.selected()
    assert (custom.kind, custom.name, custom.members) == ("custom", "مدیران شعب", ())

    # Members: added from the directory's people, removed, brought back.
    qtbot.waitUntil(lambda: groups.person.count() == page.people.model.rowCount())
    groups.person.setCurrentIndex(groups.person.findData(page.people.model.row_at(0).id))
    first = page.people.model.row_at(0)
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(groups.add_member_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in groups.selected().members] == [first.name]
    assert groups.members.rowCount() == 1
    assert custom.id in {g.id for g in page.people.model.row_at(page.people.model.row_of(first.id)).groups}
    _click_row(groups.member_table, 0)
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(groups.remove_member_button, Qt.MouseButton.LeftButton)
    assert groups.selected().members == () and groups.members.rowCount() == 0
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()
    assert [m.name for m in groups.selected().members] == [first.name]

    # Renamed, archived, brought back.
    dialog = groups.rename()
    dialog.name.clear()
    type_text(dialog.name, "مدیران شعبه‌ها")
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    assert groups.selected().name == "مدیران شعبه‌ها"
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(groups.archive_button, Qt.MouseButton.LeftButton)
    assert groups.model.row_of(custom.id) is None
    assert _db(win, "SELECT archived FROM stakeholder_groups WHERE id = ?", (custom.id,)) == [(1,)]
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()
    assert groups.model.row_at(groups.model.row_of(custom.id)).name == "مدیران شعبه‌ها"


def test_a_built_in_group_nobody_was_in_is_made_by_its_first_member(window, qtbot, demo_db) -> None:  # noqa: ANN001
    import sqlite3

    with sqlite3.connect(demo_db) as conn:  # as a new organisation starts: no group rows at all
        conn.execute("UPDATE stakeholder_groups SET archived = 1")
    win: MainWindow = window("en")
    page = _open(win, qtbot)
    page.tabs.setCurrentWidget(page.groups)
    groups = page.groups
    assert [r.exists for r in groups.model.rows()] == [False] * 4
    groups.select_kind("users")
    qtbot.waitUntil(lambda: groups.person.count() > 0)
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(groups.add_member_button, Qt.MouseButton.LeftButton)
    users = groups.selected()
    assert users.kind == "users" and users.exists and len(users.members) == 1  # still the one chosen
    from desktop.services.directory import stable_id

    assert users.id == stable_id("group", "kind", "users")  # the id any station (or an import) gives it
    assert _db(win, "SELECT kind FROM stakeholder_groups WHERE NOT archived") == [("users",)]
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()  # one step: the member and the group it made
    assert [r.exists for r in groups.model.rows()] == [False] * 4


def test_search_in_persian_with_arabic_letters_and_any_digits(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    people = page.people

    def search(text: str) -> list[str]:
        page.search.clear()
        with qtbot.waitSignal(page.searched, timeout=2_000):
            type_text(page.search, text)
        return sorted(p.name for p in _shown(people))

    assert search("علي رضايي") == ["علی رضایی"]  # Arabic ي for the stored ی
    assert search("كاربر مديريت") == ["فاطمه قاسمی"]  # persian.md's test string 4, a job title
    assert search("۰۹۱۲ ۲۲۲") == ["علی رضایی"]  # Persian digits for the phone's ASCII ones
    assert search("٠٩١٣٢٢٢") == ["کاوه عباسی"]  # Arabic-Indic digits, the spaces left out
    assert search("پایگاهداده") == ["حمید موسوی"]  # «کارشناس پایگاه‌داده» typed without the half-space
    assert search("مرکز عملیات") == ["رضا کریمی", "مریم احمدی"]
    assert [_plain(page.tabs.tabText(n)) for n in range(4)][0] == "افراد (۲)"  # counts in Persian digits
    assert [t.name for t in _shown(page.teams)] == ["مرکز عملیات"]
    search("پرداخت")
    assert [s.name for s in _shown(page.services)] == ["درگاه پرداخت"]
    assert [t.name for t in _shown(page.teams)] == ["پرداخت"]
    assert search("ذی‌نفعان کلیدی") == ["نرگس حسینی", "کاوه عباسی"]  # a built-in group, by its Persian name
    page.search.clear()
    assert people.found.rowCount() == people.model.rowCount() == 12


def test_ctrl_f_goes_to_the_search_and_the_models_pass_qtmodeltester(window, qtbot, qtmodeltester) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    page.people.table.setFocus()
    qtbot.keyClick(page.people.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    page.tabs.setCurrentWidget(page.groups)
    qtbot.waitUntil(lambda: page.groups.members.rowCount() > 0)  # the first group is chosen
    for model in (page.people.model, page.teams.model, page.services.model, page.groups.model, page.groups.members,
                  page.people.found):
        qtmodeltester.check(model)


def test_the_command_line_renders_the_directory_page(tmp_path, demo_db) -> None:  # noqa: ANN001
    import os
    import subprocess
    import sys
    from pathlib import Path

    from PySide6.QtGui import QImage

    root = Path(__file__).resolve().parents[2]
    images = {}
    for view in ("board", "directory"):
        out = tmp_path / f"{view}.png"
        subprocess.run([sys.executable, "-m", "desktop", "screenshot", "--db", str(demo_db), "--view", view,
                        "--size", "1280x720", "--out", str(out)], check=True, capture_output=True, cwd=root,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
        images[view] = QImage(str(out))
    board, directory = images["board"], images["directory"]
    assert (directory.width(), directory.height()) == (1280, 720)
    differ = sum(board.pixel(x, y) != directory.pixel(x, y) for x in range(0, 1280, 16) for y in range(150, 720, 16))
    assert differ > 300  # the page below the tabs is another one: the people list, not the board


def test_teams_with_a_lead_renamed_everywhere_in_one_step_and_archived_only_when_empty(window, qtbot) -> None:  # noqa: ANN001, PLR0915
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    page.tabs.setCurrentWidget(page.teams)
    teams = page.teams
    noc = next(t for t in teams.model.rows() if t.name == "مرکز عملیات")  # the demo's: a record with its lead
    row = teams.found.mapFromSource(teams.model.index(teams.model.row_of(noc.id), 0)).row()
    shown = [_plain(teams.found.index(row, c).data() or "") for c in range(teams.model.columnCount())]
    assert shown[:3] == ["مرکز عملیات", "مریم احمدی", "داخلی ۲۱۰، کانال #noc"]

    # A new team, nobody in it yet, with a lead chosen from the directory.
    dialog = teams.add()
    type_text(dialog.name, "امنیت شبکه")
    dialog.lead.setCurrentIndex(dialog.lead.findText("لیلا صادقی", Qt.MatchFlag.MatchContains))
    type_text(dialog.contact, "داخلی ۳۳۰")
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    added = teams.selected()
    assert (added.name, added.record.lead, added.record.contact, added.people) == (
        "امنیت شبکه", "لیلا صادقی", "داخلی ۳۳۰", ())
    dialog = teams.add()  # the same name typed on an Arabic keyboard: said beside the name
    type_text(dialog.name, "امنيت شبكه")
    _save(dialog, qtbot)
    qtbot.waitUntil(dialog.errors["name"].isVisible)
    assert dialog.errors["name"].text() == ("تیمی به نام «\u2067امنیت شبکه\u2069» از پیش هست: نام دیگری بگذارید، "
                                            "یا افراد را از فرم خودشان به آن ببرید.")  # the name as stored, isolated
    dialog.reject()

    # A team known by its people's name alone, renamed: its people and services follow, one undo step.
    infra = next(t for t in teams.model.rows() if t.name == "زیرساخت")
    people, services = {n for _, n in infra.people}, {n for _, n in infra.services}
    assert people == {"علی رضایی", "زهرا کاظمی"} and services
    teams.select(infra.id)
    dialog = teams.edit()
    dialog.name.clear()
    type_text(dialog.name, "زیرساخت ابری")
    steps = win.ctx.undo.count()
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        _save(dialog, qtbot)
    assert win.ctx.undo.count() == steps + 1
    assert {p.name for p in page.people.model.rows() if p.team == "زیرساخت ابری"} == people
    assert {s.name for s in page.services.model.rows() if s.owner_team == "زیرساخت ابری"} == services
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()
    qtbot.waitUntil(lambda: {p.name for p in page.people.model.rows() if p.team == "زیرساخت"} == people)
    assert "زیرساخت ابری" not in {t.name for t in teams.model.rows()}

    # Archived only once nobody carries it; said in words and digits of the language.
    teams.select(next(t for t in teams.model.rows() if t.name == "زیرساخت").id)
    QTest.mouseClick(teams.archive_button, Qt.MouseButton.LeftButton)
    assert teams.message.isVisible()
    assert teams.message.text() == f"۲ نفر و {win.ctx.formatter.number(len(services))} سرویس هنوز نام این تیم را دارند: اول آن‌ها را به تیم دیگری ببرید."
    win.switch_language("en")
    QTest.mouseClick(teams.archive_button, Qt.MouseButton.LeftButton)
    assert teams.message.text() == (f"2 people and {len(services)} services still carry this team's name: "
                                    "move them to another team first.")
    teams.select(added.id)
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(teams.archive_button, Qt.MouseButton.LeftButton)
    assert teams.model.row_of(added.id) is None
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        win.undo_action.trigger()
    assert teams.model.row_at(teams.model.row_of(added.id)).record.lead == "لیلا صادقی"
