"""An edit on station A on station B's board, through the real hub on loopback: two GUI
stations in one process, each with its background sync (LISTEN/NOTIFY, no timer help)."""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

SERVER = os.environ.get("CRISISROOM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def latency(runs: int = 100) -> tuple[float, float]:
    """(p50, p99) ms from A's commit to B's board row refreshed."""
    import psycopg
    from psycopg import sql

    from desktop.app import close_context, make_application, open_context, start_sync
    from desktop.db import open_database
    from desktop.services import demo, incidents
    from desktop.services.store import Store
    from desktop.settings import Settings
    from desktop.sync import credentials, hub
    from desktop.views.board import BoardPage

    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    os.environ["CRISISROOM_CONFIG_DIR"] = tempfile.mkdtemp()
    app = make_application("fa")
    folder = Path(tempfile.mkdtemp())
    name = f"crisisroom_bench_{secrets.token_hex(4)}"
    admin = psycopg.connect(SERVER, autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = psycopg.conninfo.make_conninfo(SERVER, dbname=name)
    roles = [f"lat{secrets.token_hex(2)}{n}" for n in range(2)]
    contexts = []
    try:
        hub.init(url)
        pages = []
        for n, role in enumerate(roles):
            store = Store(open_database(folder / f"{n}.db", short_code=f"L{n}"))
            if n == 0:
                demo.generate(store)
            store.remember_hub(credentials.strip(hub.add_station(url, role)))
            store.close()
            ctx = open_context(folder / f"{n}.db", "fa", Settings(folder / f"{n}.ini"), demo_if_new=False)
            contexts.append(ctx)
            start_sync(ctx, fallback=60.0)
            page = BoardPage(ctx)
            page.resize(1920, 1000)
            page.show()
            pages.append(page)
        a, b = contexts
        loop = QEventLoop()
        caught_up = lambda: pages[0].model.rowCount() > 0 and pages[1].model.rowCount() == pages[0].model.rowCount()  # noqa: E731
        while not caught_up():
            QTimer.singleShot(50, loop.quit)
            loop.exec()
        incident = pages[0].model.row_at(0).id
        seen = {}

        def refreshed(changes):  # noqa: ANN001, ANN202
            if incident in changes.incidents and "at" not in seen:
                seen["at"] = time.perf_counter()
                loop.quit()

        pages[1].refreshed.connect(refreshed)
        times = []
        for n in range(runs):
            committed = {}
            seen.clear()

            def work(store, n=n):  # noqa: ANN001, ANN202
                outcome = store.run(incidents.edit, incident, title=f"قطعی درگاه پرداخت ({n})")
                committed["at"] = time.perf_counter()
                return outcome

            a.worker.submit(work, lambda outcome: a.bus.changed.emit(outcome.changes, None))
            QTimer.singleShot(10_000, loop.quit)
            loop.exec()
            if "at" in seen:
                times.append((seen["at"] - committed["at"]) * 1000)
            else:
                times.append(10_000.0)
        times.sort()
        return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
    finally:
        for ctx in contexts:
            close_context(ctx)
        with psycopg.connect(url, autocommit=True) as conn:
            for role in roles:
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(hub.role_name(role))))
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        for role in roles:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(hub.role_name(role))))
        admin.close()


if __name__ == "__main__":
    print(latency())
