"""The command line, run as people and scripts run it: a real process, real files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.store import Store
from desktop.text.normalize import to_persian_digits
from tests.helpers.stations import apply_all, export, new_store, outbox
from tests.sync.conftest import hub_admin_url, station_name  # noqa: F401 - the real hub, for sync

ROOT = Path(__file__).resolve().parent.parent


def crisisroom(*args: str, check: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300, input=stdin)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_demo_then_export_prints_canonical_json(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    crisisroom("demo", "--db", str(path), "--lang", "en")
    first = crisisroom("export", "--db", str(path), "--format", "json").stdout
    data = json.loads(first)
    assert {"incidents", "people", "role_assignments", "tasks", "timeline_entries", "services",
            "problem_records", "change_records"} <= set(data)
    statuses = {i["status"] for i in data["incidents"]}
    assert statuses == {"proposed", "declared", "contained", "resolved", "in_review", "closed", "cancelled"}
    assert {t["column"] for t in data["tasks"]} == {"todo", "in_progress", "blocked", "done"}
    sev1 = [i for i in data["incidents"] if i["severity"] == "sev1" and i["status"] == "declared"][0]
    roles = {r["role"] for r in data["role_assignments"] if r["incident_id"] == sev1["id"]}
    assert len(roles) == 7  # a full team
    assert all(list(rows) == sorted(rows, key=lambda r: r["id"]) for rows in data.values())
    assert crisisroom("export", "--db", str(path)).stdout == first  # stable
    assert "title_key" not in data["incidents"][0]  # derived columns are not data


def test_two_synced_stations_export_identical_bytes(tmp_path: Path) -> None:
    a, b = new_store(tmp_path / "a.db", "A"), new_store(tmp_path / "b.db", "B")
    from desktop.services import demo, incidents

    demo.generate(a)
    apply_all(b, outbox(a))
    incident = b.run(incidents.declare, title="از ایستگاه B").value
    apply_all(a, outbox(b))
    a.run(incidents.edit, incident, title="ویرایش A")
    b.run(incidents.edit, incident, severity="sev1")
    apply_all(a, outbox(b))
    apply_all(b, outbox(a))
    assert export(a) == export(b)
    a.close()
    b.close()


def test_messages_come_in_the_chosen_language(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    fa = crisisroom("export", "--db", str(missing), "--lang", "fa", check=False)
    en = crisisroom("export", "--db", str(missing), "--lang", "en", check=False)
    assert fa.returncode == en.returncode == 2
    assert "پایگاه‌داده‌ای در" in fa.stderr
    assert "no database at" in en.stderr
    help_fa = crisisroom("--help", "--lang", "fa").stdout
    assert "فرمان‌ها" in help_fa and "استفاده" in help_fa
    assert "commands" in crisisroom("--help", "--lang", "en").stdout


def test_bad_input_is_refused_clearly_and_loses_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    result = crisisroom("export", "--db", str(notes), "--lang", "fa", check=False)
    assert result.returncode == 2 and "آسیب دیده" in result.stderr
    assert notes.read_text() == "not a database"
    scale = crisisroom("demo", "--db", str(tmp_path / "x.db"), "--scale", "دو", "--lang", "en", check=False)
    assert scale.returncode == 2 and "not a whole number" in scale.stderr
    path = tmp_path / "twice.db"
    crisisroom("demo", "--db", str(path))
    again = crisisroom("demo", "--db", str(path), "--lang", "fa", check=False)
    assert again.returncode == 2 and "حادثه دارد" in again.stderr


def test_a_screen_that_is_not_a_number_is_refused_before_the_wall_opens(tmp_path: Path) -> None:
    result = crisisroom("--wall", "--screen", "left", "--db", str(tmp_path / "none.db"), "--lang", "en", check=False)
    assert result.returncode == 2 and "--screen: not a whole number: left" in result.stderr, result.stderr
    assert not (tmp_path / "none.db").exists()


def test_scale_accepts_persian_digits(tmp_path: Path) -> None:
    path = tmp_path / "scaled.db"
    crisisroom("demo", "--db", str(path), "--scale", "۲")
    data = json.loads(crisisroom("export", "--db", str(path)).stdout)
    assert len(data["incidents"]) == 20
    assert len(data["tasks"]) > 12 * 20


@pytest.mark.parametrize("lang", [["--lang", "fa"], []])  # Persian unless asked otherwise
def test_screenshot_writes_a_png_of_the_asked_size(tmp_path: Path, demo_db: Path, lang: list[str]) -> None:
    from PySide6.QtGui import QImage

    out = tmp_path / "board.png"
    crisisroom("screenshot", "--db", str(demo_db), "--view", "board", "--size", "۱۲۸۰x۷۲۰",
               *lang, "--out", str(out))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 720, 23)}
    assert len(colours) > 5  # something was painted, not a blank window


def test_lifecycle_moves_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "moves.db"
    crisisroom("demo", "--db", str(path))
    ref, (me, my_name) = Store(path).read(lambda c: (
        c.execute("SELECT ref FROM incidents WHERE status = 'proposed'").fetchone()[0],
        tuple(c.execute("SELECT id, name FROM people ORDER BY name LIMIT 1").fetchone())))
    # Nobody operates this new station: a move must say who makes it (every op names its author).
    nobody = crisisroom("move", ref, "declared", "--db", str(path), "--lang", "en", check=False)
    assert nobody.returncode == 2 and "no one is operating this station" in nobody.stderr
    stranger = crisisroom("move", ref, "declared", "--db", str(path), "--by", "کسی دیگر", "--lang", "fa", check=False)
    assert stranger.returncode == 2 and "کسی دیگر" in stranger.stderr and "Traceback" not in stranger.stderr
    by = ("--by", my_name.replace("ی", "ي"))  # the Arabic yeh typed for the Persian one: the same name
    forbidden = crisisroom("move", to_persian_digits(ref), "closed", *by, "--db", str(path), "--lang", "fa", check=False)
    assert forbidden.returncode == 2
    assert "پیشنهادی" in forbidden.stderr and "بسته‌شده" in forbidden.stderr  # from what, to what
    assert "is now" in crisisroom("move", ref, "declared", *by, "--db", str(path), "--lang", "en").stdout
    crisisroom("move", ref, "acknowledged", "--by", me, "--db", str(path))
    again = crisisroom("move", ref, "acknowledged", *by, "--db", str(path), "--lang", "en", check=False)
    assert again.returncode == 2 and "already been acknowledged" in again.stderr
    status = Store(path).read(lambda c: c.execute(
        "SELECT status, acknowledged_at IS NOT NULL FROM incidents WHERE ref = ?", (ref,)).fetchone())
    assert tuple(status) == ("declared", 1)
    authors = Store(path).read(lambda c: {json.loads(p)["operator_id"] for (p,) in c.execute(
        "SELECT payload FROM outbox ORDER BY station_seq DESC LIMIT 2")})
    assert authors == {me}


def test_a_refused_move_is_worded_from_the_commands_refusal(tmp_path: Path) -> None:
    from desktop.services import incidents

    from desktop.services import directory

    path = tmp_path / "refusals.db"
    store = new_store(path)
    store.set_station(operator_id=store.run(directory.add_person, "مینا رحیمی").value)
    incident = store.run(incidents.declare, title="گزارش یک قطعی", proposed=True).value
    ref = store.read(lambda c: c.execute("SELECT ref FROM incidents WHERE id = ?", (incident,)).fetchone()[0])
    store.close()
    ack = crisisroom("move", ref, "acknowledged", "--db", str(path), "--lang", "en", check=False)
    assert ack.returncode == 2 and "Only a declared incident can be acknowledged." in ack.stderr
    review = crisisroom("move", ref, "in_review", "--db", str(path), "--lang", "en", check=False)
    assert review.returncode == 2 and f"{ref} cannot go from Proposed to Under review." in review.stderr
    assert Store(path).read(lambda c: c.execute("SELECT status FROM incidents").fetchone()[0]) == "proposed"
    usage = crisisroom("move", "--help", "--lang", "en").stdout
    assert "{declared,contained,resolved,in_review,closed,cancelled,acknowledged}" in usage


def _fingerprint(path: Path) -> tuple[str, list[str]]:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("kind", ["empty", "foreign"])
def test_export_refuses_what_is_not_a_station_and_changes_nothing(tmp_path: Path, kind: str) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    if kind == "empty":
        path.touch()
    else:
        conn = sqlite3.connect(path)  # another program's SQLite file
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    before = _fingerprint(path)
    fa = crisisroom("export", "--db", str(path), "--lang", "fa", check=False)
    en = crisisroom("export", "--db", str(path), "--lang", "en", check=False)
    assert fa.returncode == en.returncode == 2 and "Traceback" not in fa.stderr + en.stderr
    assert "پایگاه‌داده اتاق بحران نیست" in fa.stderr and str(path) in fa.stderr
    assert "not a Crisis Room database" in en.stderr and str(path) in en.stderr
    assert _fingerprint(path) == before  # the same bytes, and no -wal beside it


def test_export_reads_while_another_program_is_writing(demo_db: Path, tmp_path: Path) -> None:
    import sqlite3

    expected = crisisroom("export", "--db", str(demo_db)).stdout
    writer = sqlite3.connect(demo_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock for the whole export
    try:
        writer.execute("UPDATE station SET name = 'busy' WHERE id = 1")
        assert crisisroom("export", "--db", str(demo_db)).stdout == expected
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_out_follows_a_link_and_refuses_a_pipe(demo_db: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for lang, words in (("fa", "پرونده معمولی نیست"), ("en", "is not a regular file")):
        refused = crisisroom("export", "--db", str(demo_db), "--out", str(pipe), "--lang", lang, check=False)
        assert refused.returncode == 2 and words in refused.stderr and str(pipe) in refused.stderr
        assert "Traceback" not in refused.stderr
    assert pipe.is_fifo()
    ref = Store(demo_db).read(lambda c: c.execute("SELECT ref FROM incidents ORDER BY ref").fetchone()[0])
    real = tmp_path / "reports" / "postmortem.pdf"
    real.parent.mkdir()
    real.write_text("last week's")
    real.chmod(0o640)
    link = tmp_path / "latest.pdf"
    link.symlink_to(real)
    crisisroom("export-postmortem", ref, "--db", str(demo_db), "--out", str(link), "--lang", "en")
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF")
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)  # the owner's choice of readers is kept
    refused = crisisroom("export-postmortem", ref, "--db", str(demo_db), "--out", str(pipe), "--lang", "en",
                         check=False)
    assert refused.returncode == 2 and "is not a regular file" in refused.stderr and pipe.is_fifo()


def test_screenshot_writes_nothing_to_the_database_it_shows(demo_db: Path, tmp_path: Path) -> None:
    import sqlite3

    writer = sqlite3.connect(demo_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a screenshot never waits for (or takes) the write lock
    try:
        crisisroom("screenshot", "--db", str(demo_db), "--size", "640x400", "--out", str(tmp_path / "b.png"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert (tmp_path / "b.png").read_bytes().startswith(b"\x89PNG")


def test_writing_to_a_read_only_database_is_refused_plainly(tmp_path: Path) -> None:
    from tests.helpers.readonly import unwritable

    path = tmp_path / "readonly.db"
    crisisroom("demo", "--db", str(path))
    ref = Store(path).read(lambda c: c.execute("SELECT ref FROM incidents WHERE status = 'proposed'").fetchone()[0])
    before = _fingerprint(path)
    with unwritable(path):
        fa = crisisroom("move", ref, "declared", "--db", str(path), "--lang", "fa", check=False)
        en = crisisroom("move", ref, "declared", "--db", str(path), "--lang", "en", check=False)
        exported = crisisroom("export", "--db", str(path))  # reading still works
    assert fa.returncode == en.returncode == 2 and "Traceback" not in fa.stderr + en.stderr
    assert "فقط خواندنی" in fa.stderr and str(path) in fa.stderr
    assert "read-only" in en.stderr and str(path) in en.stderr
    assert _fingerprint(path)[0] == before[0]
    assert json.loads(exported.stdout)["incidents"]


def test_a_malformed_hub_url_is_refused_without_showing_its_password(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    new_store(path).close()
    for lang, words in (("fa", "نشانی هاب درست نیست"), ("en", "the hub URL is not valid")):
        result = crisisroom("sync", "--db", str(path), "--hub", "crisisroom_a:s3cretpw@hub example", "--once",
                            "--lang", lang, check=False)
        assert result.returncode == 2 and words in result.stderr
        assert "s3cretpw" not in result.stderr + result.stdout and "Traceback" not in result.stderr


def test_a_running_sync_keeps_its_password_out_of_ps(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    import select

    import psycopg

    from desktop.sync import hub

    hub.init(hub_admin_url)
    url = hub.add_station(hub_admin_url, station_name)
    password = psycopg.conninfo.conninfo_to_dict(url)["password"]
    path = tmp_path / "s.db"
    new_store(path).close()
    command = [str(Path(sys.executable).parent / "crisisroom"), "sync", "--db", str(path), "--hub", url, "--lang", "en"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT)
    try:
        assert select.select([process.stdout], [], [], 60)[0], "no sync round within a minute"
        first = process.stdout.readline()
        assert first.startswith("sent "), process.stderr.read() if process.poll() is not None else first
        shown = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode()  # what ps shows, for as long as it runs
        assert password not in shown
        assert "sync" in shown and station_name in shown  # the same command, the hub without its password
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
        process.stderr.close()


def test_the_password_can_come_on_standard_input(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    import psycopg

    from desktop.sync import hub

    hub.init(hub_admin_url)
    params = psycopg.conninfo.conninfo_to_dict(hub.add_station(hub_admin_url, station_name))
    password = params.pop("password")
    path = tmp_path / "s.db"
    new_store(path).close()
    bare = psycopg.conninfo.make_conninfo(**params)
    sent = crisisroom("sync", "--db", str(path), "--hub", bare, "--password-stdin", "--once", "--lang", "en",
                      stdin=password + "\n")
    assert sent.stdout.startswith("sent ")
    again = crisisroom("sync", "--db", str(path), "--once", "--lang", "en")  # remembered, password stored
    assert again.stdout.startswith("sent 0, received ")
    empty = crisisroom("sync", "--db", str(path), "--password-stdin", "--once", "--lang", "fa", stdin="\n",
                       check=False)
    assert empty.returncode == 2 and "گذرواژه" in empty.stderr


# -- issue 12: bounds named in words, Persian digits, OS errors in the user's language

def test_scale_has_an_upper_bound_said_before_anything_is_written(tmp_path: Path) -> None:
    for lang, words in (("fa", "۱٬۰۰۰"), ("en", "at most 1,000")):
        path = tmp_path / f"huge-{lang}.db"
        result = crisisroom("demo", "--db", str(path), "--scale", "5000", "--lang", lang, check=False)
        assert result.returncode == 2 and words in result.stderr and "5000" in result.stderr, result.stderr
        assert not path.exists()  # refused before the database is created: nothing half-filled


def test_screenshot_size_is_checked_and_named(tmp_path: Path, demo_db: Path) -> None:
    out = tmp_path / "big.png"
    for lang, words in (("fa", "۷۶۸۰×۴۳۲۰"), ("en", "at most 7680×4320")):
        result = crisisroom("screenshot", "--db", str(demo_db), "--size", "99999x99999", "--out", str(out),
                            "--lang", lang, check=False)
        assert result.returncode == 2 and "99999x99999" in result.stderr and words in result.stderr, result.stderr
        assert "cannot write" not in result.stderr and not out.exists()


def test_persian_output_has_persian_digits_and_words(tmp_path: Path, demo_db: Path) -> None:
    ref = Store(demo_db).read(lambda c: c.execute("SELECT ref FROM incidents ORDER BY ref").fetchone()[0])
    out = tmp_path / "pm.pdf"
    written = crisisroom("export-postmortem", ref, "--db", str(demo_db), "--out", str(out), "--lang", "fa").stdout
    assert re.search(r"\([۰-۹]+ صفحه\)", written) and not re.search("[0-9]", written.replace(str(out), "")), written
    demo = crisisroom("demo", "--db", str(tmp_path / "two.db"), "--scale", "2", "--lang", "fa")
    progress = demo.stderr.strip().splitlines()
    assert progress and all(re.search("[۰-۹]", line) and not re.search("[0-9]", line) for line in progress), progress
    help_fa = crisisroom("--help", "--lang", "fa").stdout
    assert "show program's version number and exit" not in help_fa and "نسخهٔ برنامه" in help_fa


def test_os_errors_are_worded_and_their_detail_is_logged(tmp_path: Path, demo_db: Path) -> None:
    missing = tmp_path / "no-such-folder" / "out.json"
    for lang, words in (("fa", "پوشهٔ این پرونده وجود ندارد"), ("en", "The folder for this file does not exist")):
        result = crisisroom("export", "--db", str(demo_db), "--out", str(missing), "--lang", lang, check=False)
        assert result.returncode == 2 and words in result.stderr and str(missing) in result.stderr, result.stderr
        assert "Errno" not in result.stderr and "Traceback" not in result.stderr
    shot = crisisroom("screenshot", "--db", str(demo_db), "--size", "640x400",
                      "--out", str(missing.with_suffix(".png")), "--lang", "en", check=False)
    assert shot.returncode == 2 and "The folder for this file does not exist" in shot.stderr, shot.stderr
    log = (Path(os.environ["CRISISROOM_DATA_DIR"]) / "crisisroom.log").read_text(encoding="utf-8")
    assert "No such file or directory" in log  # the raw detail, for whoever reads the log


@pytest.mark.parametrize(("number", "fa", "en"), [
    ("ENOENT", "پوشهٔ این پرونده وجود ندارد", "The folder for this file does not exist"),
    ("EACCES", "اجازهٔ نوشتن", "You may not write in this folder"),
    ("EISDIR", "این نام یک پوشه است", "This name is a folder, not a file"),
    ("ENOSPC", "دیسک پر است", "The disk is full"),
    ("EROFS", "فقط‌خواندنی", "This disk is read-only"),
])
def test_each_common_os_error_has_words_in_both_languages(app, number: str, fa: str, en: str) -> None:  # noqa: ANN001
    import errno

    from desktop import i18n, labels
    from desktop.files import error_code

    code = error_code(OSError(getattr(errno, number), os.strerror(getattr(errno, number)), "/x/y.pdf"))
    assert fa in labels.error(code, {"path": "/x/y.pdf"})
    i18n.install("en")
    try:
        assert en in labels.error(code, {"path": "/x/y.pdf"})
    finally:
        i18n.install("fa")


def test_a_postmortem_that_cannot_be_made_is_said_not_thrown(  # noqa: ANN001 - pytest's fixtures
        app, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from reportlab.platypus.doctemplate import LayoutError

    from desktop import cli
    from desktop.reports import postmortem

    def cannot(self) -> list:  # noqa: ANN001 - whatever reportlab (or a bug) may raise while laying out
        raise LayoutError("Flowable <LongTable> too large on page 3")

    monkeypatch.setattr(postmortem._Writer, "story", cannot)
    ref = Store(demo_db).read(lambda c: c.execute("SELECT ref FROM incidents ORDER BY ref").fetchone()[0])
    out = tmp_path / "x.pdf"
    for lang, words in (("en", "The postmortem could not be made"), ("fa", "گزارش پس از حادثه ساخته نشد")):
        assert cli.main(["export-postmortem", ref, "--db", str(demo_db), "--out", str(out), "--lang", lang]) == 1
        said = capsys.readouterr().err
        assert words in said and "Traceback" not in said and "LayoutError" not in said, said
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


def test_a_monthly_report_that_cannot_be_made_says_so_in_its_own_words(  # noqa: ANN001 - pytest's fixtures
        app, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from desktop import cli
    from desktop.reports import monthly

    def cannot(self) -> list:  # noqa: ANN001
        raise ValueError("a bug while laying out")

    monkeypatch.setattr(monthly._Writer, "story", cannot)
    out = tmp_path / "month.pdf"
    for lang, words in (("en", "The monthly report could not be made"), ("fa", "گزارش ماهانه ساخته نشد")):
        assert cli.main(["metrics-report", "--db", str(demo_db), "--out", str(out), "--lang", lang]) == 1
        said = capsys.readouterr().err
        assert words in said and "postmortem" not in said.lower() and "Traceback" not in said, said
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


# -- issue 13: a real organisation from the command line (init, import, joining a hub, demo kept apart)

def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_init_makes_an_empty_station_operated_by_the_person_named(tmp_path: Path) -> None:
    path = tmp_path / "org.db"
    said = crisisroom("init", "--db", str(path), "--station", " دفتر  مرکزی ", "--code", "hq", "--kind", "field",
                      "--operator", "مریم  احمدی", "--lang", "en").stdout
    assert said.startswith("Station دفتر مرکزی (HQ) is ready") and "مریم احمدی" in said
    store = Store(path)
    station = store.station
    people = store.read(lambda c: [tuple(r) for r in c.execute("SELECT id, name FROM people")])
    ops = store.read(lambda c: [r[0] for r in c.execute("SELECT json_extract(payload, '$.operator_id') FROM outbox")])
    incidents = store.read(lambda c: c.execute("SELECT count(*) FROM incidents").fetchone()[0])
    store.close()
    assert (station.name, station.short_code, station.kind, bool(station.demo)) == ("دفتر مرکزی", "HQ", "field", False)
    assert people == [(station.operator_id, "مریم احمدی")] and ops == [station.operator_id] and incidents == 0
    before = _digest(path)
    for lang, words in (("en", "A database is already there"), ("fa", "پایگاه‌داده‌ای از پیش")):
        again = crisisroom("init", "--db", str(path), "--station", "x", "--code", "X", "--operator", "y",
                           "--lang", lang, check=False)
        assert again.returncode == 2 and words in again.stderr, again.stderr
    assert _digest(path) == before  # never written over
    demo = crisisroom("demo", "--db", str(path), "--lang", "en", check=False)  # nor filled with invented data
    assert demo.returncode == 2 and "A database is already there" in demo.stderr and _digest(path) == before
    for option, value, words in (("--code", "H-Q", "short code"), ("--station", " \u200c", "Give the station a name"),
                                 ("--operator", " ", "who is operating")):
        given = {"--station": "ایستگاه", "--code": "F1", "--operator": "سارا", option: value}
        fresh = tmp_path / "fresh.db"
        refused = crisisroom("init", "--db", str(fresh), *(x for pair in given.items() for x in pair), "--lang", "en",
                             check=False)
        assert refused.returncode == 2 and words in refused.stderr, refused.stderr
        assert not fresh.exists()  # a refused station leaves nothing behind


def test_import_says_what_it_adds_updates_and_refuses(tmp_path: Path) -> None:
    from tests.services.test_csv_import import BAD, PEOPLE

    path = tmp_path / "org.db"
    crisisroom("init", "--db", str(path), "--station", "دفتر مرکزی", "--code", "HQ", "--operator", "مریم احمدی")
    good, bad = tmp_path / "people.csv", tmp_path / "bad.csv"
    good.write_text(PEOPLE, encoding="utf-8-sig")
    bad.write_text(BAD, encoding="utf-8")
    dry = crisisroom("import", "people", str(good), "--db", str(path), "--dry-run", "--lang", "en").stdout
    assert "line 2: add علی رضایی" in dry and "Nothing was written: 3 to add" in dry
    first = crisisroom("import", "people", str(good), "--db", str(path), "--lang", "fa").stdout
    assert "سطر ۲: افزودن علی رضایی" in first and "سطر ۴: افزودن سارا محمدی" in first
    assert "۳ افزوده" in first
    good.write_text(PEOPLE.replace("Network consultant", "Senior consultant"), encoding="utf-8-sig")
    second = crisisroom("import", "people", str(good), "--db", str(path), "--lang", "en").stdout
    assert "line 3: update John Smith (title)" in second and "Imported: 0 added, 1 updated, 2 unchanged" in second
    before = _digest(path)
    for lang, words in (("fa", "سطر ۳: «\u2067not-an-address\u2069» نشانی ایمیل نیست."),
                        ("en", "line 3: “\u2066not-an-address\u2069” is not an email address.")):
        refused = crisisroom("import", "people", str(bad), "--db", str(path), "--lang", lang, check=False)
        assert refused.returncode == 2 and words in refused.stderr, refused.stderr
    assert _digest(path) == before  # all or nothing: nothing
    some = crisisroom("import", "people", str(bad), "--db", str(path), "--good-rows", "--lang", "en")
    assert "Imported: 1 added, 0 updated, 0 unchanged, 4 refused." in some.stdout  # another Ali, by his email
    assert "line 7: The same person, service or group as on line 2." in some.stderr


def test_import_refuses_a_file_it_cannot_read_and_asks_for_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "org.db"
    crisisroom("init", "--db", str(path), "--station", "دفتر مرکزی", "--code", "HQ", "--operator", "مریم احمدی")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,email\nJosé Núñez,jose@example.es\n".encode("latin-1"))
    for lang, words in (("en", "--encoding"), ("fa", "--encoding")):
        unsure = crisisroom("import", "people", str(latin), "--db", str(path), "--lang", lang, check=False)
        assert unsure.returncode == 2 and words in unsure.stderr and "Traceback" not in unsure.stderr
    assert "José Núñez" in crisisroom("import", "people", str(latin), "--db", str(path), "--encoding", "latin-1").stdout
    shoes = tmp_path / "shoes.csv"
    shoes.write_text("name,shoe size\nعلی,44\n")
    unknown = crisisroom("import", "people", str(shoes), "--db", str(path), "--lang", "en", check=False)
    assert unknown.returncode == 2 and "“\u2066shoe size\u2069” is not one the import knows" in unknown.stderr
    missing = crisisroom("import", "services", str(tmp_path / "none.csv"), "--db", str(path), "--lang", "en", check=False)
    assert missing.returncode == 2 and "no file at" in missing.stderr


def test_sync_on_a_new_path_joins_the_hub_and_takes_everything(tmp_path: Path, hub_admin_url: str,
                                                               station_name: str) -> None:
    import psycopg

    from desktop.services import demo
    from desktop.sync import hub
    from desktop.sync.client import sync_once

    hub.init(hub_admin_url)
    url_a, url_b = (hub.add_station(hub_admin_url, f"{station_name}{n}") for n in "ab")
    a = new_store(tmp_path / "a.db", "A")
    demo.generate(a, mark=False)  # the other station's incidents
    sync_once(a, url_a)
    joined = tmp_path / "new" / "b.db"
    said = crisisroom("sync", "--db", str(joined), "--hub", url_b, "--once", "--lang", "en").stdout
    assert f"A new station at {joined} joined the hub." in said and "received" in said
    b = Store(joined)
    assert export(b) == export(a) and b.station.station_id != a.station.station_id and not b.station.demo
    assert b.read(lambda c: c.execute("SELECT count(*) FROM incidents").fetchone()[0]) > 0
    b.close()
    a.close()
    # A join that fails leaves no empty station behind; without --hub there is nothing to join.
    wrong = tmp_path / "wrong.db"
    refused = crisisroom("sync", "--db", str(wrong), "--hub", psycopg.conninfo.make_conninfo(url_b, user=f"crisisroom_{station_name}_nobody"), "--once",
                         "--lang", "en", check=False)
    assert refused.returncode == 2 and "name or password" in refused.stderr and not wrong.exists()
    nothing = crisisroom("sync", "--db", str(wrong), "--once", "--lang", "en", check=False)
    assert nothing.returncode == 2 and "give --hub" in nothing.stderr and not wrong.exists()


def test_a_demo_database_refuses_to_sync(tmp_path: Path, hub_admin_url: str, station_name: str) -> None:
    import psycopg

    from desktop.sync import hub

    hub.init(hub_admin_url)
    url = hub.add_station(hub_admin_url, station_name)
    path = tmp_path / "demo.db"
    crisisroom("demo", "--db", str(path))
    for lang, words in (("en", "This is a demo database: its invented incidents must never reach a real hub."),
                        ("fa", "پایگاه‌داده نمایشی")):
        refused = crisisroom("sync", "--db", str(path), "--hub", url, "--once", "--lang", lang, check=False)
        assert refused.returncode == 2 and words in refused.stderr, refused.stderr
    store = Store(path)
    assert store.station.demo and store.hub_url() is None  # not even the address was kept
    store.close()
    with psycopg.connect(hub_admin_url) as admin:
        assert admin.execute("SELECT count(*) FROM ops").fetchone()[0] == 0


def test_notify_send_delivers_what_this_station_queued_and_says_how_each_went(tmp_path: Path) -> None:
    from tests.helpers.mail import Handler, MailServer, free_port, queue_message

    path = tmp_path / "station.db"
    store = new_store(path)
    queue_message(store, ["ali@example.org", "sara@example.org"], extra=["no address"])
    store.close()
    port = free_port()
    send = ("notify", "send", "--db", str(path), "--smtp", f"127.0.0.1:{port}", "--from", "room@example.org")
    down = crisisroom(*send, "--lang", "en", check=False)  # nothing listens yet
    assert down.returncode == 1 and "The mail server cannot be reached" in down.stderr
    assert "Sent 0, not sent 0, waiting 2, may have arrived 0." in down.stdout
    handler = Handler(refuse={"sara@example.org": "550 5.1.1 <sara@example.org>: User unknown"})
    with MailServer(handler, port=port):
        partly = crisisroom(*send, "--lang", "en", check=False)  # asked now: the retry's wait is not waited out
        again = crisisroom(*send, "--lang", "en")
    assert partly.returncode == 1 and "sent: \u2066ali@example.org\u2069" in partly.stdout
    assert "not sent: \u2066sara@example.org\u2069" in partly.stderr and "550 5.1.1" in partly.stderr
    assert "Sent 1, not sent 1, waiting 0, may have arrived 0." in partly.stdout
    assert again.stdout.strip() == "Nothing to send."
    assert [r.rcpt_tos for r in handler.received] == [["ali@example.org"]]
    status = crisisroom("notify", "status", "--db", str(path), "--lang", "en").stdout
    assert "Recipients: Queued 0, Sending 0, Sent 1, Not sent 2, May have arrived 0" in status
    assert "Email  Sent:" in status and "(Sent 1, Not sent 2)" in status
    persian = crisisroom("notify", "status", "--db", str(path)).stdout
    assert "فرستاده‌شده ۱" in persian and "پیام‌های اخیر" in persian


def test_notify_send_without_a_mail_server_says_so(tmp_path: Path) -> None:
    from tests.helpers.mail import queue_message

    path = tmp_path / "station.db"
    store = new_store(path)
    queue_message(store, ["ali@example.org"])
    store.close()
    result = crisisroom("notify", "send", "--db", str(path), "--lang", "en", check=False)
    assert result.returncode == 1 and "No mail server is set for this station" in result.stderr
    bad = crisisroom("notify", "send", "--db", str(path), "--smtp", "mail:port", "--lang", "en", check=False)
    assert bad.returncode == 2 and "HOST:PORT" in bad.stderr
