"""Shared fixtures: real SQLite station files, the demo database, a Qt app with translations."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Hub passwords go to a file under a throwaway config folder, never the developer's keyring.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from desktop.db import open_database  # noqa: E402
from desktop.services import demo  # noqa: E402
from desktop.services.store import Store  # noqa: E402
from tests.helpers.stations import new_store  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    station = new_store(tmp_path / "station.db")
    yield station
    station.close()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's data as a stand-in for an organisation's: not marked as a demo, because tests
    sync it (tests/views/test_sync_gui.py) and a marked demo never joins a hub."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    station = new_store(path, "HQ")
    demo.generate(station, mark=False)
    station.close()
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, free to change."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_template, path)
    return path


@pytest.fixture
def marked_demo_db(demo_db: Path) -> Path:
    """A private copy of the demo database marked as a demo, as `crisisroom demo` and the
    welcome page's demo make it: it refuses to join a hub."""
    station = Store(demo_db)
    station.set_station(demo=True)
    station.close()
    return demo_db


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    station = Store(open_database(demo_db))
    yield station
    station.close()


@pytest.fixture
def app(qapp):  # noqa: ANN001, ANN201 - pytest-qt's QApplication with our fonts and Persian installed
    from desktop.app import make_application
    from desktop import i18n

    make_application("fa")
    yield qapp
    i18n.install("fa")


@pytest.fixture(autouse=True)
def _private_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISISROOM_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("CRISISROOM_DATA_DIR", str(tmp_path_factory.mktemp("data")))  # e.g. crisisroom.log


@pytest.fixture(scope="session")
def qasync_loop(qapp):  # noqa: ANN001, ANN201 - style.md: one loop for the whole session, never stopped
    import asyncio

    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    return loop
