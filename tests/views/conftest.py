from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.app import close_context, open_context
from desktop.context import AppContext
from desktop.settings import Settings


@pytest.fixture
def make_ctx(app, demo_db: Path, tmp_path: Path) -> Iterator[Callable[..., AppContext]]:  # noqa: ANN001
    made: list[AppContext] = []

    def make(lang: str = "fa", db: Path | None = None, operator: bool = True) -> AppContext:
        from desktop import i18n

        i18n.install(lang)
        ctx = open_context(db or demo_db, lang, Settings(tmp_path / "settings.ini"), demo_if_new=False)
        made.append(ctx)
        someone = ctx.store.read(lambda c: c.execute("SELECT id FROM people ORDER BY name LIMIT 1").fetchone())
        if operator and someone and ctx.store.station.operator_id is None and not ctx.store.readonly:
            ctx.store.set_station(operator_id=someone[0])  # a station in use has someone at it
        return ctx

    yield make
    for ctx in made:
        close_context(ctx)


@pytest.fixture
def window(make_ctx, qtbot):  # noqa: ANN001, ANN201
    from desktop.views.mainwindow import MainWindow

    def open_window(lang: str = "fa"):  # noqa: ANN202
        ctx = make_ctx(lang)
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.board.loaded, timeout=10_000):
            win.show()
        qtbot.waitUntil(lambda: ctx.selection.incident_id is not None and ctx.worker.idle, timeout=10_000)
        return win

    return open_window
from tests.sync.conftest import hub_admin_url, station_name  # noqa: F401 - the real hub, for GUI stations
