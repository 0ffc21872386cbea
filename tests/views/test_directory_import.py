"""The directory page's import window through its widgets: a file chosen (the file dialog's answer
given as a path), read and planned on the worker, the preview (counts, line numbers, what
happens, the reasons of refused rows in Persian and English digits and words), Import only when
nothing is refused, the good rows alone when the person says so, the encoding asked for when the
file cannot tell it, a second import that updates instead of duplicating, Cancel and a failed
import that write nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from shiboken6 import isValid
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop import labels
from desktop.views.directory import DirectoryPage
from desktop.views.directory_import import ImportDialog, PreviewModel
from desktop.views.mainwindow import PAGES, MainWindow

PEOPLE = (
    "name,email,phone,team,title,groups,organisation\n"
    "علی رضوانی,Ali.Rezaei@Example.ir,۰۹۱۲ ۱۱۱ ۲۲۳۳,زیرساخت,سرپرست شبکه,تیم فنی;هیئت مدیره,\n"
    "John Smith,john@abrpars.example,+98 21 8888 1234,,Network consultant,technical team,ابر پارس\n"
    "سارا محمدزاده,sara@example.ir,,روابط عمومی,كارشناس ارتباطات,ذی‌نفعان کلیدی؛ هیئت مدیره,\n"
)
BAD = (
    "name,email,phone\n"
    "نرگس امینی,narges@example.ir,0912 111 2233\n"
    "بی‌نشان,not-an-address,\n"
    "کاوه نادری,kaveh.n@example.ir,call me\n"
    ",nameless@example.ir,\n"
    "نرگس دیگر,narges@example.ir,\n"
    "پیمان راد,peyman.rad@example.ir,\n"
)


def _open(win: MainWindow, qtbot) -> DirectoryPage:  # noqa: ANN001
    page = win.directory
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.tabs.setCurrentIndex(PAGES.index("directory"))
    return page


def _preview(page: DirectoryPage, qtbot, path: Path) -> ImportDialog:  # noqa: ANN001
    """The page's "Import from CSV…" with ``path`` as the file dialog's answer; the preview in."""
    with qtbot.waitSignal(page.import_opened) as opened:
        page.import_csv(str(path))
    dialog = opened.args[0]
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        pass
    return dialog


def _press(button, qtbot, signal) -> None:  # noqa: ANN001
    assert button.isVisible() and button.isEnabled(), button.text()
    with qtbot.waitSignal(signal, timeout=15_000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _db(win: MainWindow, sql: str, params: tuple = ()) -> list[tuple]:
    return win.ctx.store.read(lambda c: [tuple(r) for r in c.execute(sql, params)])


def _plain(text: str | None) -> str:
    return (text or "").translate({c: None for c in (0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F)})


def _table(dialog: ImportDialog) -> list[tuple[str, str, str, str]]:
    """What the preview shows, row by row: line, what happens, name, detail."""
    shown = dialog.shown
    return [tuple(_plain(shown.index(r, c).data()) for c in range(len(PreviewModel.columns)))
            for r in range(shown.rowCount())]


def _written(win: MainWindow) -> tuple:
    return _db(win, "SELECT count(*) FROM people")[0][0], _db(win, "SELECT count(*) FROM outbox")[0][0]


def test_a_good_file_is_previewed_then_imported_with_its_groups(window, qtbot, tmp_path, qtmodeltester) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    assert page.import_button.text() == "&واردکردن از CSV…" and page.import_button.isEnabled()
    before, steps = _written(win), win.ctx.undo.count()
    path = tmp_path / "staff.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    dialog = _preview(page, qtbot, path)
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.shown)

    assert _written(win) == before  # a preview writes nothing
    assert dialog.counts.text() == "افزودنی: ۳ · به‌روزرسانی: ۰ · بدون تغییر: ۰ · ردشده: ۰"
    assert dialog.encoding.itemText(0) == "تشخیص از روی پرونده: UTF-8"
    rows = _table(dialog)
    assert [(line, action, name) for line, action, name, _ in rows] == [
        ("۲", "افزودن", "علی رضوانی"), ("۳", "افزودن", "John Smith"), ("۴", "افزودن", "سارا محمدزاده")]
    assert rows[0][3] == "می‌پیوندد به: تیم فنی، هیئت مدیره"
    assert dialog.import_button.isEnabled() and not dialog.good_rows_button.isVisible()

    _press(dialog.import_button, qtbot, page.refreshed)
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    said = "وارد شد: ۳ افزوده، ۰ به‌روزشده، ۰ بدون تغییر، ۰ ردشده."
    assert dialog.message.text() == said and win.statusBar().currentMessage() == said
    assert not dialog.import_button.isVisible() and dialog.cancel_button.text() == "بستن"
    people = {row.name: row for row in page.people.model.rows()}
    assert {"علی رضوانی", "John Smith", "سارا محمدزاده"} <= set(people)
    assert people["John Smith"].outside_expert and people["John Smith"].organisation == "ابر پارس"
    assert people["سارا محمدزاده"].title == "کارشناس ارتباطات"  # Arabic ك stored as Persian ک
    assert {g.kind for g in people["علی رضوانی"].groups} == {"technical_team", "custom"}
    board = next(g for g in page.groups.model.rows() if g.name == "هیئت مدیره")
    assert sorted(m.name for m in board.members) == ["سارا محمدزاده", "علی رضوانی"]
    assert _written(win)[0] == before[0] + 3
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(dialog))

    # The whole import is one step of Edit ▸ Undo, named by its file; undone, then redone.
    assert win.ctx.undo.count() == steps + 1
    assert _plain(win.undo_action.text()) == "&واگرد: واردکردن staff.csv"
    names = {"علی رضوانی", "John Smith", "سارا محمدزاده"}
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        win.undo_action.trigger()
    qtbot.waitUntil(lambda: not names & {row.name for row in page.people.model.rows()}, timeout=10_000)
    assert _written(win)[0] == before[0] + 3  # archived, not deleted (an op each part, as any undo)
    assert not any(m.name in names for g in page.groups.model.rows() for m in g.members)
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        win.redo_action.trigger()
    qtbot.waitUntil(lambda: names <= {row.name for row in page.people.model.rows()}, timeout=10_000)
    board = next(g for g in page.groups.model.rows() if g.name == "هیئت مدیره")
    assert sorted(m.name for m in board.members) == ["سارا محمدزاده", "علی رضوانی"]


@pytest.mark.parametrize(("lang", "lines", "add", "reasons", "good"), [
    ("fa", ["۳", "۴", "۵", "۶"], "افزودن", ["«not-an-address» نشانی ایمیل نیست.",
                                            "«call me» شمارهٔ تلفن نیست",
                                            "نام نمی‌تواند خالی باشد.",
                                            "همان شخص، سرویس یا گروه سطر ۲."], "فقط سطرهای درست را وارد کن (۲)"),
    ("en", ["3", "4", "5", "6"], "Add", ["“not-an-address” is not an email address.",
                                        "“call me” is not a phone number",
                                        "The name cannot be empty.",
                                        "The same person, service or group as on line 2."], "Import only the good rows (2)"),
])
def test_bad_rows_are_said_by_line_and_only_the_good_rows_are_imported(
        window, qtbot, tmp_path, lang: str, lines: list[str], add: str, reasons: list[str], good: str) -> None:  # noqa: ANN001
    win: MainWindow = window(lang)
    page = _open(win, qtbot)
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    before = _written(win)
    dialog = _preview(page, qtbot, path)

    # The preview opens on the refused rows, each with its line and its reason in the language.
    assert dialog.which.currentData() == "refused"
    refused = _table(dialog)
    assert [line for line, *_ in refused] == lines
    for (_line, action, _name, detail), reason in zip(refused, reasons, strict=True):
        assert action == ("ردشده" if lang == "fa" else "Refused") and detail.startswith(reason), (detail, reason)
    assert refused[0][2] == "بی‌نشان"  # the name of a refused row, as the file has it
    assert dialog.shown.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) == PreviewModel.REFUSED
    dialog.which.setCurrentIndex(dialog.which.findData(None))  # all rows, in the file's order
    assert [(line, action) for line, action, *_ in _table(dialog)][:2] == [
        ("۲" if lang == "fa" else "2", add), (lines[0], refused[0][1])]

    # Import refuses (disabled); the good rows are offered, with how many.
    assert not dialog.import_button.isEnabled()
    assert dialog.good_rows_button.isVisible() and dialog.good_rows_button.text() == good
    assert dialog.message.isVisible() and ("۴" if lang == "fa" else "4") in dialog.message.text()
    assert _written(win) == before

    _press(dialog.good_rows_button, qtbot, dialog.imported)
    emails = {e for (e,) in _db(win, "SELECT email FROM people")}
    assert {"narges@example.ir", "peyman.rad@example.ir"} <= emails
    assert not {"not-an-address", "kaveh.n@example.ir", "nameless@example.ir"} & emails
    assert _written(win)[0] == before[0] + 2


def test_a_windows_persian_file_is_read_as_persian(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    """cp1256, as older Excel writes Persian: Arabic ي and ك, ZWNJ as byte 0x9D, Persian headers."""
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    text = ("نام,ایمیل,تیم\r\n"
            "فاطمه قاسمی نژاد,fatemeh.q@example.ir,پشتیبانی\r\n"
            "کاوه عباسی پور,kaveh.a@example.ir,پایگاه\u200cداده\r\n").replace("ی", "ي").replace("ک", "ك")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1256"))
    dialog = _preview(page, qtbot, path)
    assert dialog.encoding.itemText(0) == "تشخیص از روی پرونده: فارسی ویندوز (cp1256)"
    assert [name for _line, _action, name, _detail in _table(dialog)] == ["فاطمه قاسمی نژاد", "کاوه عباسی پور"]
    _press(dialog.import_button, qtbot, page.refreshed)
    assert _db(win, "SELECT name, team FROM people WHERE email LIKE '%.a@example.ir' OR email LIKE '%.q@example.ir' "
                    "ORDER BY email") == [("فاطمه قاسمی نژاد", "پشتیبانی"), ("کاوه عباسی پور", "پایگاه\u200cداده")]


def test_a_file_whose_encoding_is_unsure_asks_for_it(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    """Windows Persian with a German name in it: cp1256 reads ü, but not as text anyone writes in
    Persian, so the window asks instead of guessing, and reads the file as the person says."""
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    path = tmp_path / "mixed.csv"
    path.write_bytes("name,email\nفاطمه قاسمي,fatemeh.q@example.ir\nJürgen Müller,juergen@example.de\n".encode("cp1256"))
    dialog = _preview(page, qtbot, path)

    assert dialog.message.text() == labels.import_problem("unsure_encoding") and dialog.message.isVisible()
    assert dialog.encoding.itemText(0) == "معلوم نیست: یکی را انتخاب کنید"
    qtbot.waitUntil(dialog.encoding.hasFocus)
    assert dialog.shown.rowCount() == 0 and not dialog.import_button.isEnabled()  # nothing guessed, nothing shown
    utf8 = dialog.encoding.findData("utf-8")
    assert not dialog.encoding.model().item(utf8).isEnabled()  # the file cannot be UTF-8

    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        qtbot.keyClick(dialog.encoding, Qt.Key.Key_Down)  # past UTF-8, which it cannot be: Windows Persian
    assert dialog.encoding.currentData() == "cp1256"
    assert [name for _line, _action, name, _detail in _table(dialog)] == ["فاطمه قاسمی", "Jürgen Müller"]
    _press(dialog.import_button, qtbot, page.refreshed)
    assert _db(win, "SELECT name FROM people WHERE email = 'juergen@example.de'") == [("Jürgen Müller",)]


def test_the_same_file_twice_updates_and_never_duplicates(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    path = tmp_path / "staff.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    dialog = _preview(page, qtbot, path)
    _press(dialog.import_button, qtbot, page.refreshed)
    count = _written(win)[0]

    # Read again, unchanged: every row says so, and there is nothing to import.
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        QTest.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.counts.text() == "افزودنی: ۰ · به‌روزرسانی: ۰ · بدون تغییر: ۳ · ردشده: ۰"
    assert {action for _line, action, _name, _detail in _table(dialog)} == {"بدون تغییر"}
    assert not dialog.import_button.isEnabled()
    assert dialog.message.text() == "چیزی برای واردکردن نیست: فهرست همهٔ سطرها را همان‌طور که در پرونده است دارد."

    # The file corrected in a spreadsheet: one title changed, one more group.
    path.write_text(PEOPLE.replace("Network consultant", "Senior consultant").replace(
        "ذی‌نفعان کلیدی؛ هیئت مدیره", "ذی‌نفعان کلیدی؛ هیئت مدیره؛ کمیته بحران"), encoding="utf-8")
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        QTest.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    changed = [(line, action, detail) for line, action, _name, detail in _table(dialog) if action != "بدون تغییر"]
    assert changed == [("۳", "به‌روزرسانی", "تغییر: title"), ("۴", "به‌روزرسانی", "تغییر: groups")]
    tip = dialog.shown.index(1, PreviewModel.columns.index("detail")).data(Qt.ItemDataRole.ToolTipRole)
    assert _plain(tip) == "title: Senior consultant"
    _press(dialog.import_button, qtbot, page.refreshed)
    assert _written(win)[0] == count  # updated in place: nobody twice
    assert _db(win, "SELECT title FROM people WHERE email = 'john@abrpars.example'") == [("Senior consultant",)]
    sara = next(r for r in page.people.model.rows() if r.name == "سارا محمدزاده")
    assert "کمیته بحران" in {g.name for g in sara.groups}


def test_cancel_writes_nothing(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    path = tmp_path / "staff.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    before = _written(win)
    dialog = _preview(page, qtbot, path)
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(dialog))

    # Cancelled while the file is still being read: its answer is dropped when it comes.
    with qtbot.waitSignal(page.import_opened) as opened:
        page.import_csv(str(path))
    opened.args[0].reject()
    qtbot.waitUntil(lambda: win.ctx.worker.idle)
    assert _written(win) == before
    assert {"علی رضوانی", "John Smith"}.isdisjoint(row.name for row in page.people.model.rows())


def test_a_failed_import_is_said_in_words_and_writes_nothing(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    """Another program holds the database while Import is pressed: the import waits its time,
    then says so, and nothing of it is written (one transaction); once free, it goes through."""
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    path = tmp_path / "staff.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    dialog = _preview(page, qtbot, path)
    before = _written(win)
    other = sqlite3.connect(win.ctx.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
            QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
            assert not dialog.cancel_button.isEnabled()  # one transaction: it ends by itself
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert failed.args[0] == labels.error("locked") == dialog.message.text()
    assert _written(win) == before
    assert dialog.import_button.isEnabled() and dialog.cancel_button.isEnabled()
    _press(dialog.import_button, qtbot, page.refreshed)
    assert _written(win)[0] == before[0] + 3


def test_a_row_the_directory_refuses_when_written_leaves_all_of_it_out(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    """Between the preview and Import someone archives a person the file updates: nothing is
    written, the row is marked with why, and the good rows can still be imported."""
    win: MainWindow = window("en")
    page = _open(win, qtbot)
    path = tmp_path / "staff.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    _press(_preview(page, qtbot, path).import_button, qtbot, page.refreshed)
    path.write_text(PEOPLE.replace("Network consultant", "Consultant").replace("سرپرست شبکه", "مدیر شبکه"),
                    encoding="utf-8")
    dialog = _preview(page, qtbot, path)
    ali = next(r for r in page.people.model.rows() if r.name == "علی رضوانی")
    page.people.select(ali.id)
    with qtbot.waitSignal(page.refreshed, timeout=5_000):
        QTest.mouseClick(page.people.archive_button, Qt.MouseButton.LeftButton)
    before = _written(win)

    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert failed.args[0].splitlines() == [labels.error("row_refused", {"line": 2}), "Line 2: No such person."]
    assert _written(win) == before
    dialog.which.setCurrentIndex(dialog.which.findData("refused"))
    assert [(line, detail) for line, _action, _name, detail in _table(dialog)] == [("2", "No such person.")]
    assert not dialog.import_button.isEnabled() and dialog.good_rows_button.text() == "Import only the good rows (1)"
    _press(dialog.good_rows_button, qtbot, dialog.imported)
    assert _db(win, "SELECT title FROM people WHERE email = 'john@abrpars.example'") == [("Consultant",)]
    assert _db(win, "SELECT title FROM people WHERE id = ?", (ali.id,)) == [("سرپرست شبکه",)]


def test_a_big_import_reaches_the_lists_in_one_step_in_their_order(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    """250 people: the people list takes them in one reset, not 250 inserts each passed through the
    search filter (5,000 of them held the GUI thread for a tenth of a second), and keeps its order."""
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    first = ["مهسا", "بابک", "یاسمن", "آرش", "ژیلا", "چنگیز", "گلاره", "پرویز"]
    path = tmp_path / "many.csv"
    path.write_text("name,email\n" + "".join(f"{first[n % 8]} نمونه {n},p{n}@example.ir\n" for n in range(250)),
                    encoding="utf-8")
    dialog = _preview(page, qtbot, path)
    inserted, reset = [], []
    page.people.model.rowsInserted.connect(lambda *args: inserted.append(args))
    page.people.model.modelReset.connect(lambda: reset.append(True))
    _press(dialog.import_button, qtbot, page.refreshed)
    assert (len(inserted), len(reset)) == (0, 1)
    rows = page.people.model.rows()
    assert len([r for r in rows if r.email.endswith("@example.ir") and "نمونه" in r.name]) == 250
    assert [r.sort for r in rows] == sorted(r.sort for r in rows)
    assert page.people.found.rowCount() == len(rows)
    assert page.tabs.tabText(0) == f"افراد ({win.ctx.formatter.number(len(rows))})"


@pytest.mark.parametrize(("name", "content", "code"), [
    ("gone.csv", None, "no_file"),
    ("folder.csv", "folder", "unreadable"),
    ("services.csv", "name,criticality\nدرگاه پرداخت,بحرانی\n", "unknown_column"),
    ("empty.csv", "", "empty_file"),
])
def test_a_file_that_cannot_be_imported_says_why_and_offers_nothing(window, qtbot, tmp_path, name, content, code) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    dialog = _preview(page, qtbot, path)
    assert dialog.preview.problem[0] == code
    assert dialog.message.isVisible() and dialog.message.text() == labels.import_problem(*dialog.preview.problem)
    assert dialog.shown.rowCount() == 0 and not dialog.import_button.isEnabled()
    assert not dialog.good_rows_button.isVisible() and dialog.reload_button.isEnabled()


def test_groups_from_the_groups_tab_and_a_kind_chosen_in_the_window(window, qtbot, tmp_path) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = _open(win, qtbot)
    people = tmp_path / "staff.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    _press(_preview(page, qtbot, people).import_button, qtbot, page.refreshed)
    page.tabs.setCurrentWidget(page.groups)
    groups = tmp_path / "groups.csv"
    groups.write_text("نام,نوع,اعضا\nکمیته بحران,,john@abrpars.example؛ali.rezaei@example.ir\n,مدیریت ارشد,sara@example.ir\n",
                      encoding="utf-8")
    dialog = _preview(page, qtbot, groups)
    assert dialog.kind.currentData() == "groups"
    assert [(line, action, name) for line, action, name, _ in _table(dialog)] == [
        ("۲", "افزودن", "کمیته بحران"), ("۳", "به‌روزرسانی", labels.group_kind("management"))]
    _press(dialog.import_button, qtbot, page.refreshed)
    committee = next(g for g in page.groups.model.rows() if g.name == "کمیته بحران")
    assert sorted(m.name for m in committee.members) == ["John Smith", "علی رضوانی"]

    # The same file taken as people (the kind chosen in the window): its columns are not people's.
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.kind.setCurrentIndex(dialog.kind.findData("people"))
    assert dialog.preview.problem[0] == "unknown_column"
    assert dialog.import_button.isVisible() and not dialog.import_button.isEnabled()  # shown again, nothing to import
