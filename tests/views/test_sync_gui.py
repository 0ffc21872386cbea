"""Two GUI stations in one process, syncing in the background through the real hub."""

from __future__ import annotations

from pathlib import Path

from desktop.background_sync import start_sync
from desktop.services import incidents
from desktop.services.store import Store
from desktop.sync import credentials, hub
from desktop.views.mainwindow import MainWindow
from tests.helpers.stations import new_store


def _station(make_ctx, qtbot, db: Path, url: str, lang: str = "fa") -> MainWindow:  # noqa: ANN001
    store = Store(db)
    store.remember_hub(credentials.strip(url))
    store.close()
    ctx = make_ctx(lang, db=db)
    start_sync(ctx, fallback=30.0)  # long: what B sees must come by LISTEN/NOTIFY, not the timer
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _behind(hub_admin_url: str, station_name: str, demo_db: Path, tmp_path: Path) -> tuple[Path, str, int]:
    """The demo pushed to a new hub by station A, and an empty station B set to sync with it:
    (B's database, B's URL, how many ops wait for B)."""
    from desktop.sync.client import sync_once

    hub.init(hub_admin_url)
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    source = Store(demo_db)
    total = sync_once(source, url_a).pushed
    source.close()
    empty = tmp_path / "b.db"
    store = new_store(empty, "B")
    store.remember_hub(credentials.strip(url_b))
    store.close()
    return empty, url_b, total


def _title(win: MainWindow, incident_id: str) -> str | None:
    row = win.board.model.row_of(incident_id)
    return None if row is None else win.board.model.row_at(row).title


def test_two_stations_see_each_others_edits_through_the_hub(make_ctx, qtbot, demo_db: Path, tmp_path: Path,  # noqa: ANN001
                                                            hub_admin_url: str, station_name: str) -> None:
    hub.init(hub_admin_url)
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    empty = tmp_path / "b.db"
    new_store(empty, "B").close()
    a = _station(make_ctx, qtbot, demo_db, url_a)
    b = _station(make_ctx, qtbot, empty, url_b)
    # B starts empty and catches up with everything A had, in the background.
    qtbot.waitUntil(lambda: a.board.model.rowCount() > 0
                    and b.board.model.rowCount() == a.board.model.rowCount(), timeout=60_000)
    incident = a.board.model.row_at(0).id

    # B's operator signs in: the directory came with the catch-up.
    b.ctx.store.set_station(operator_id=b.ctx.store.read(lambda c: c.execute("SELECT min(id) FROM people").fetchone()[0]))
    a.ctx.command(incidents.edit, incident, title="قطعی سراسری درگاه پرداخت")  # on A …
    qtbot.waitUntil(lambda: _title(b, incident) == "قطعی سراسری درگاه پرداخت", timeout=5_000)  # … on B's board
    b.ctx.command(incidents.edit, incident, severity="sev2")  # and back
    qtbot.waitUntil(lambda: a.board.model.row_at(a.board.model.row_of(incident)).severity == "sev2", timeout=5_000)

    qtbot.waitUntil(lambda: b.ctx.sync.last is not None and b.ctx.sync.last.waiting == 0, timeout=5_000)
    text = b.sync_indicator.label.text()
    assert text.startswith("آنلاین") and "آخرین همگام‌سازی" in text and "۱۴۰" in text  # a Jalali date
    assert "۰ در انتظار ارسال" in text


def test_an_unreachable_hub_is_said_and_the_station_keeps_working(make_ctx, qtbot, demo_db: Path) -> None:  # noqa: ANN001
    win = _station(make_ctx, qtbot, demo_db, "postgresql://nobody@127.0.0.1:1/none", lang="en")
    qtbot.waitUntil(lambda: win.ctx.sync.last is not None and win.board.model.rowCount() > 0, timeout=10_000)
    assert win.sync_indicator.label.text().startswith("Offline")
    # Why, in words, naming the address; libpq's English is in the log, not on the screen.
    assert "Nothing answers at" in win.sync_indicator.label.text() and "127.0.0.1:1" in win.sync_indicator.label.text()
    assert "Connection refused" not in win.sync_indicator.label.text() + win.sync_indicator.label.toolTip()
    waiting = win.ctx.sync.last.waiting
    incident = win.board.model.row_at(0).id
    with qtbot.waitSignal(win.board.refreshed, timeout=5_000):  # editing goes on offline
        win.ctx.command(incidents.edit, incident, title="Payment gateway down (offline edit)")
    # The edit wakes the sync thread, which fails again and says one more op waits.
    qtbot.waitUntil(lambda: win.ctx.sync.last.waiting == waiting + 1, timeout=10_000)
    assert f"{waiting + 1} waiting to be sent" in win.sync_indicator.label.text()


def test_a_wall_station_pulls_and_never_pushes(make_ctx, qtbot, demo_db: Path, tmp_path: Path,  # noqa: ANN001
                                              hub_admin_url: str, station_name: str) -> None:
    import psycopg

    from desktop.views.wall import WallWindow

    hub.init(hub_admin_url)
    url_a, url_wall = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "aw")
    wall_db = tmp_path / "wall.db"
    store = new_store(wall_db, "W")
    store.run(incidents.declare, title="عملیاتی که روی دیوار مانده")  # an op of its own, never to be sent
    store.remember_hub(credentials.strip(url_wall))
    wall_station = store.station.station_id
    store.close()
    a = _station(make_ctx, qtbot, demo_db, url_a)
    ctx = make_ctx("fa", db=wall_db)
    start_sync(ctx, push=False, fallback=30.0)
    wall = WallWindow(ctx)
    qtbot.addWidget(wall)
    wall.show()

    def active(win: MainWindow) -> list[str]:
        return [r.id for r in win.board.model.rows() if r.status in ("declared", "contained")]

    qtbot.waitUntil(lambda: wall.picture is not None and active(a)
                    and len(wall.picture.incidents) == len(active(a)) + 1, timeout=60_000)
    incident = active(a)[0]
    a.ctx.command(incidents.edit, incident, title="دیوار این را می‌بیند")
    qtbot.waitUntil(lambda: any(r.id == incident and r.title == "دیوار این را می‌بیند" for r in wall.picture.incidents)
                    and any("دیوار این را می‌بیند" in line for b in wall.layout_sheet().boxes for line in b.lines),
                    timeout=5_000)  # by LISTEN/NOTIFY: tens of milliseconds (benchmarks)
    assert ctx.store.sync_status()[1] == 1 and len(ctx.store.unacked()) == 1  # still waiting, untouched
    with psycopg.connect(hub_admin_url) as conn:
        assert conn.execute("SELECT count(*) FROM ops WHERE station_id = %s", (wall_station,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM ops").fetchone()[0] > 0


def test_a_long_catch_up_shows_its_progress(hub_admin_url: str, station_name: str, make_ctx, qtbot,  # noqa: ANN001
                                            demo_db: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from desktop.sync import client

    empty, _url_b, total = _behind(hub_admin_url, station_name, demo_db, tmp_path)
    monkeypatch.setattr(client, "PULL_PAGE", 20)
    monkeypatch.setattr(client, "CATCH_UP", 40)  # as 5,000 ops would, in a test-sized hub
    ctx = make_ctx("fa", db=empty)
    start_sync(ctx, fallback=30.0)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    shown: list[tuple[int, int, bool, str]] = []
    ctx.sync.status.connect(lambda s: s.progress and shown.append(  # after the status bar's own slot
        (*s.progress, win.sync_indicator.bar.isVisibleTo(win), win.sync_indicator.bar.text())))
    win.show()
    qtbot.waitUntil(lambda: ctx.sync.last is not None and ctx.sync.last.progress is None
                    and win.board.model.rowCount() > 0, timeout=30_000)
    assert [done for done, *_ in shown] == list(range(20, total, 20)) + [total]
    assert all(of == total for _, of, _, _ in shown)
    assert shown[0][2:] == (True, f"در حال رسیدن به هاب {_fa(100 * 20 // total)}٪")  # Persian digits and ٪
    assert not shown[-1][2]  # gone once caught up
    assert not win.sync_indicator.bar.isVisibleTo(win)


def _fa(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_pages_applied_before_the_hub_goes_away_are_on_the_board(hub_admin_url: str, station_name: str,  # noqa: ANN001
                                                                make_ctx, qtbot, demo_db: Path, tmp_path: Path,
                                                                monkeypatch) -> None:  # noqa: ANN001
    import psycopg

    from desktop.sync import client

    empty, url_b, _total = _behind(hub_admin_url, station_name, demo_db, tmp_path)
    monkeypatch.setattr(client, "PULL_PAGE", 10)
    monkeypatch.setattr(client, "CATCH_UP", 20)
    ctx = make_ctx("fa", db=empty)
    role = psycopg.conninfo.conninfo_to_dict(url_b)["user"]

    from desktop.background_sync import BackgroundSync

    progress = BackgroundSync._progress

    def cut_after_four_pages(self, store):  # noqa: ANN001, ANN202 - on the sync thread, between pages
        said = progress(self, store)

        def hook(done: int, total: int) -> None:
            said(done, total)
            if done > 40:  # the hub shuts B out a few pages into its catch-up
                with psycopg.connect(hub_admin_url, autocommit=True) as admin:
                    admin.execute(f'ALTER ROLE "{role}" NOLOGIN')
                    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                                  (role,))
        return hook

    monkeypatch.setattr(BackgroundSync, "_progress", cut_after_four_pages)
    start_sync(ctx, fallback=30.0)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: ctx.sync.last is not None and ctx.sync.last.problem == "revoked", timeout=30_000)
    held = ctx.store.read(lambda c: c.execute("SELECT count(*) FROM incidents WHERE NOT archived").fetchone()[0])
    total = Store(demo_db).read(lambda c: c.execute("SELECT count(*) FROM incidents").fetchone()[0])
    assert 0 < held < total  # cut short: some pages are in
    qtbot.waitUntil(lambda: win.board.model.rowCount() == held)  # and on the board, not waiting for a round


def test_a_sync_failing_on_a_locked_database_says_so_and_recovers(hub_admin_url: str, station_name: str,  # noqa: ANN001
                                                                  make_ctx, qtbot, demo_db: Path, tmp_path: Path,
                                                                  monkeypatch) -> None:  # noqa: ANN001
    import sqlite3

    from desktop import db

    empty, _url_b, _total = _behind(hub_admin_url, station_name, demo_db, tmp_path)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    ctx = make_ctx("fa", db=empty)
    other = sqlite3.connect(empty, isolation_level=None)  # another program holds the database
    other.execute("BEGIN IMMEDIATE")
    start_sync(ctx, fallback=30.0)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: ctx.sync.last is not None and ctx.sync.last.problem == "error", timeout=10_000)
    assert "همگام‌سازی در این ایستگاه با خطا روبه‌رو شد" in win.sync_indicator.label.text()
    other.execute("ROLLBACK")
    other.close()
    qtbot.waitUntil(lambda: ctx.sync.last.online and win.board.model.rowCount() > 0, timeout=10_000)


def test_held_and_refused_edits_and_a_clock_ahead_are_said_in_the_status_bar(  # noqa: ANN001
        hub_admin_url: str, station_name: str, make_ctx, qtbot, tmp_path: Path) -> None:
    import json

    import psycopg

    from desktop.services import hlc
    from desktop.wire import new_id

    hub.init(hub_admin_url)
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    a = new_store(tmp_path / "a.db", "A")
    incident = a.run(incidents.declare, title="اصلی").value
    from desktop.sync.client import sync_once

    sync_once(a, url_a)
    sid = a.station.station_id
    crafted = [json.dumps({"op_id": new_id(), "station_id": sid, "station_seq": n, "hlc": stamp, "operator_id": None,
                           "schema_version": 1, "changes": [["incident", incident, fields]]})
               for n, stamp, fields in ((2, hlc.pack(hlc.wall_millis(), 5), {"status": "vanished"}),
                                        (3, hlc.pack(hlc.wall_millis(), 6), {"title": "x" * 400}))]
    with psycopg.connect(url_a) as conn:
        conn.execute("SELECT crisisroom_station(%s)", (sid,))
        conn.execute("SELECT crisisroom_push(%s, %s)", ([2, 3], crafted))
    a.close()
    new_store(tmp_path / "b.db", "B").close()
    win = _station(make_ctx, qtbot, tmp_path / "b.db", url_b)
    label = win.sync_indicator.label
    qtbot.waitUntil(lambda: "۲ ویرایش طبق قواعد همگام‌سازی پذیرفته نشد" in label.text(), timeout=10_000)
    assert "ویرایشِ جایگاه ۲ هاب پذیرفته نشد: مقدار آن برای «وضعیت» برای این نسخه ناشناخته است" in label.toolTip()
    assert "«عنوان» آن از ۳۰۰ نویسه بلندتر است" in label.toolTip()


def test_a_clock_ahead_of_the_hubs_is_said_and_nothing_is_sent(hub_admin_url: str, station_name: str,  # noqa: ANN001
                                                               make_ctx, qtbot, tmp_path: Path) -> None:
    from desktop.services import hlc

    hub.init(hub_admin_url)
    url = hub.add_station(hub_admin_url, station_name)
    db = tmp_path / "s.db"
    store = new_store(db, "S")
    store.remember_hub(credentials.strip(url))
    store.close()
    ctx = make_ctx("fa", db=db)
    ctx.store.wall_clock = lambda: hlc.wall_millis() + 3 * 3_600_000  # this computer's clock, three hours ahead
    ctx.store.run(incidents.declare, title="با ساعت غلط")
    start_sync(ctx, fallback=30.0)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: ctx.sync.last is not None and ctx.sync.last.problem == "clock_ahead", timeout=10_000)
    text = win.sync_indicator.label.text()
    assert "ساعت این رایانه ۱۸۰ دقیقه از ساعت هاب جلوتر است" in text or "ساعت این رایانه ۱۷۹ دقیقه" in text
    assert "۱ در انتظار ارسال" in text and len(ctx.store.unacked()) == 1
