"""The hub and sync commands, run as an administrator and a station would."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.stations import export, new_store
from tests.test_cli import crisisroom


def test_init_add_station_and_sync_from_the_command_line(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    assert crisisroom("hub", "init", "--url", hub_admin_url, "--lang", "en").returncode == 0
    urls = []
    for n in range(2):
        out = crisisroom("hub", "add-station", f"{station_name}{n}", "--url", hub_admin_url).stdout
        urls.append(out.strip().splitlines()[-1])  # the URL is the last line
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    crisisroom("demo", "--db", str(a))
    new_store(b, "B").close()
    sent = crisisroom("sync", "--db", str(a), "--hub", urls[0], "--once", "--lang", "en").stdout
    assert sent.startswith("sent ") and "received" in sent
    crisisroom("sync", "--db", str(b), "--hub", urls[1], "--once")
    stores = [new_store(a, "A"), new_store(b, "B")]
    assert export(stores[0]) == export(stores[1])
    for store in stores:
        store.close()
    unreachable = crisisroom("sync", "--db", str(b), "--hub", "postgresql://x@127.0.0.1:1/none", "--once",
                             "--lang", "fa", check=False)
    assert unreachable.returncode == 2 and "آفلاین" in unreachable.stderr
    bad = crisisroom("hub", "add-station", "نام-بد", "--url", hub_admin_url, "--lang", "en", check=False)
    assert bad.returncode == 2 and "letters, digits" in bad.stderr
