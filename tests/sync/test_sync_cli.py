"""The hub and sync commands, run as an administrator and a station would."""

from __future__ import annotations

from pathlib import Path

from desktop.services import demo
from desktop.sync.hub import HUB_SCHEMA_VERSION
from tests.helpers.stations import export, new_store
from tests.test_cli import crisisroom


def test_init_add_station_and_sync_from_the_command_line(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    assert crisisroom("hub", "init", "--url", hub_admin_url, "--lang", "en").returncode == 0
    urls = []
    for n in range(2):
        out = crisisroom("hub", "add-station", f"{station_name}{n}", "--url", hub_admin_url).stdout
        urls.append(out.strip().splitlines()[-1])  # the URL is the last line
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    stand_in = new_store(a, "A")  # the demo's data as an organisation's (a marked demo never syncs)
    demo.generate(stand_in, mark=False)
    stand_in.close()
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
    # Said in Persian, naming the address; the driver's English stays in the log.
    assert unreachable.returncode == 2 and "آفلاین" in unreachable.stderr and "127.0.0.1:1" in unreachable.stderr
    assert "refused" not in unreachable.stderr and "Is the server" not in unreachable.stderr
    bad = crisisroom("hub", "add-station", "نام-بد", "--url", hub_admin_url, "--lang", "en", check=False)
    assert bad.returncode == 2 and "letters, digits" in bad.stderr


def test_station_names_and_hub_failures_are_worded(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    """A pasted name's line break is not part of it; an empty or too long name is said so; a
    station's own login cannot set up a hub; nothing of the driver's English reaches the person."""
    crisisroom("hub", "init", "--url", hub_admin_url)
    pasted = crisisroom("hub", "add-station", f" {station_name}\n", "--url", hub_admin_url).stdout
    url = pasted.strip().splitlines()[-1]
    assert f"_{station_name}:" in url and "\n" not in url.split("@")[0]
    empty = crisisroom("hub", "add-station", "\n", "--url", hub_admin_url, "--lang", "en", check=False)
    assert empty.returncode == 2 and "empty" in empty.stderr
    long = crisisroom("hub", "add-station", "a" * 31, "--url", hub_admin_url, "--lang", "en", check=False)
    assert long.returncode == 2 and "at most 30" in long.stderr and "letters" not in long.stderr
    for lang, words in (("en", "superuser"), ("fa", "ابرکاربر")):
        station = crisisroom("hub", "init", "--url", url, "--lang", lang, check=False)
        assert station.returncode == 2 and words in station.stderr, station.stderr
        assert "CONTEXT" not in station.stderr and "permission denied" not in station.stderr
    gone = crisisroom("hub", "add-station", "x", "--url", "postgresql://postgres@127.0.0.1:1/none", "--lang", "fa",
                      check=False)
    assert gone.returncode == 2 and "127.0.0.1:1" in gone.stderr and "Connection" not in gone.stderr


def test_the_hub_is_remembered_without_its_password_and_versions_are_checked(
        tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    import os
    import stat

    import psycopg

    from desktop.paths import config_dir

    crisisroom("hub", "init", "--url", hub_admin_url)
    url = crisisroom("hub", "add-station", station_name, "--url", hub_admin_url).stdout.strip().splitlines()[-1]
    password = psycopg.conninfo.conninfo_to_dict(url)["password"]
    db = tmp_path / "s.db"
    crisisroom("init", "--db", str(db), "--station", "دفتر مرکزی", "--code", "S", "--operator", "مریم احمدی")
    none = crisisroom("sync", "--db", str(db), "--once", "--lang", "en", check=False)
    assert none.returncode == 2 and "give --hub once" in none.stderr
    crisisroom("sync", "--db", str(db), "--hub", url, "--once")
    store = new_store(db, "S")
    remembered = store.hub_url()
    store.close()
    assert remembered and password not in remembered and station_name in remembered
    secrets = config_dir() / "hub-passwords.json"  # no keyring here: a file only the user can read
    assert password in secrets.read_text() and stat.S_IMODE(os.stat(secrets).st_mode) == 0o600
    again = crisisroom("sync", "--db", str(db), "--once", "--lang", "en")
    assert again.stdout.startswith("sent 0, received ")  # the remembered hub, the stored password

    with psycopg.connect(hub_admin_url, autocommit=True) as admin:
        admin.execute("UPDATE hub_meta SET value = %s WHERE key = 'schema_version'", (str(HUB_SCHEMA_VERSION + 1),))
    newer = crisisroom("sync", "--db", str(db), "--once", "--lang", "fa", check=False)
    assert newer.returncode == 2 and "به‌روز" in newer.stderr
    with psycopg.connect(hub_admin_url, autocommit=True) as admin:
        admin.execute("UPDATE hub_meta SET value = %s WHERE key = 'schema_version'", (str(HUB_SCHEMA_VERSION - 1),))
    older = crisisroom("sync", "--db", str(db), "--once", "--lang", "en", check=False)
    assert older.returncode == 2 and "hub init" in older.stderr
