"""File ▸ Sync hub: paste the line add-station printed, test, save; wrong input said in Persian."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.paths import config_dir
from desktop.sync import hub
from desktop.views.mainwindow import MainWindow
from tests.helpers.typing import type_text


def _window(make_ctx, qtbot, lang: str = "fa") -> MainWindow:  # noqa: ANN001
    win = MainWindow(make_ctx(lang))
    qtbot.addWidget(win)
    win.show()
    return win


def test_pasting_the_stations_line_sets_the_hub_and_sync_starts(hub_admin_url: str, station_name: str,  # noqa: ANN001
                                                                 make_ctx, qtbot) -> None:  # (the hub outlives the app)
    hub.init(hub_admin_url)
    line = hub.add_station(hub_admin_url, station_name)
    win = _window(make_ctx, qtbot)
    assert win.ctx.sync is None and win.sync_indicator.label.text() == "بدون هاب همگام‌سازی: این ایستگاه به‌تنهایی کار می‌کند"
    dialog = win.sync_settings()
    QTest.keyClicks(dialog.paste, line)
    assert dialog.station.text() == station_name and dialog.port.text() == "5432" and dialog.password.text()
    dialog.tls.setCurrentIndex(dialog.tls.findData("disable"))
    QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "وصل شد: این ایستگاه می‌تواند با هاب همگام شود.", timeout=10_000)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    stored = win.ctx.store.hub_url()
    assert "password" not in stored and f"_{station_name}" in stored and "sslmode=disable" in stored
    saved = config_dir() / "hub-passwords.json"  # no keyring on this machine: a file only the user reads
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and len(json.loads(saved.read_text())) == 1
    # The background sync runs with it: the demo's ops go out and the status bar says online.
    qtbot.waitUntil(lambda: win.ctx.sync.last is not None and win.ctx.sync.last.waiting == 0, timeout=30_000)
    assert win.sync_indicator.label.text().startswith("آنلاین")


def test_wrong_input_is_said_in_the_users_language_and_nothing_is_saved(hub_admin_url: str, station_name: str,  # noqa: ANN001
                                                                         make_ctx, qtbot) -> None:
    hub.init(hub_admin_url)
    line = hub.add_station(hub_admin_url, station_name)
    win = _window(make_ctx, qtbot)
    dialog = win.sync_settings()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    QTest.keyClicks(dialog.paste, "not a url=")
    assert dialog.message.text().startswith("این خط اتصال نیست")
    QTest.keyClicks(dialog.paste, "")
    dialog.paste.clear()
    QTest.keyClicks(dialog.paste, line)
    dialog.port.clear()
    type_text(dialog.port, "۵۴۳۲")  # Persian digits are a port like any other
    assert dialog.address().port == 5432
    dialog.port.clear()
    type_text(dialog.port, "پنج")
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "درگاه (پورت) عددی از ۱ تا ۶۵۵۳۵ است." and dialog.isVisible()
    dialog.port.setText("5432")
    dialog.station.setText("ایستگاه یک")
    QTest.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("نام ایستگاه همان نامی است") and dialog.isVisible()
    dialog.station.setText(f"{station_name}x")  # a station the hub never added
    QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=10_000)
    assert dialog.message.text() == "هاب نام یا گذرواژهٔ این ایستگاه را نپذیرفت."
    dialog.port.setText("1")
    QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=10_000)
    assert dialog.message.text().startswith("در \u2066127.0.0.1:1\u2069 چیزی پاسخ نمی‌دهد")  # why, naming where
    assert "Connection" not in dialog.message.text() + dialog.message.toolTip()
    assert win.ctx.store.hub_url() is None and win.ctx.sync is None  # nothing was saved


def test_work_alone_forgets_the_hub_and_its_password(make_ctx, qtbot, tmp_path: Path, demo_db: Path) -> None:  # noqa: ANN001
    from desktop.services.store import Store
    from desktop.sync import credentials

    store = Store(demo_db)
    url = credentials.strip("host=127.0.0.1 port=1 dbname=none user=crisisroom_gone password=s3cret")
    store.remember_hub(url)
    store.close()
    passwords = config_dir() / "hub-passwords.json"  # no keyring in the tests: the 0600 file
    assert "s3cret" in passwords.read_text()
    from desktop.background_sync import start_sync

    ctx = make_ctx("en")
    start_sync(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    dialog = win.sync_settings()
    qtbot.waitUntil(lambda: dialog.host.text() == "127.0.0.1" and dialog.station.text() == "gone")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        QTest.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
    assert ctx.sync is None and ctx.store.hub_url() is None
    assert win.sync_indicator.label.text() == "No sync hub: this station works alone"
    assert "s3cret" not in passwords.read_text() and credentials.with_password(url) == url
    assert stat.S_IMODE(passwords.stat().st_mode) == 0o600


def test_a_demo_database_is_never_connected_to_a_hub(make_ctx, qtbot, marked_demo_db: Path) -> None:  # noqa: ANN001
    """Its incidents are invented: Save refuses, says why in the user's language, keeps nothing."""
    for lang, words in (("fa", "این پایگاه‌داده نمایشی است"), ("en", "This is a demo database")):
        win = MainWindow(make_ctx(lang, db=marked_demo_db))
        qtbot.addWidget(win)
        win.show()
        dialog = win.sync_settings()
        QTest.keyClicks(dialog.paste, "postgresql://crisisroom_hub_hq:s3cret@127.0.0.1:5432/hub")
        assert dialog.station.text() == "hq"  # the line was read: only the demo stands in the way
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        assert dialog.message.text().startswith(words) and dialog.isVisible()
        assert win.ctx.store.hub_url() is None and win.ctx.sync is None
        assert not (config_dir() / "hub-passwords.json").exists()  # the password went nowhere either
        dialog.reject()
        win.close()
