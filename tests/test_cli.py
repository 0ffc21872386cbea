"""The command line, run as people and scripts run it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services.store import Store
from tests.helpers.stations import apply_all, export, new_store, outbox

ROOT = Path(__file__).resolve().parent.parent


def crisisroom(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
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
    ref = Store(path).read(lambda c: c.execute(
        "SELECT ref FROM incidents WHERE status = 'proposed'").fetchone()[0])
    forbidden = crisisroom("move", ref, "closed", "--db", str(path), "--lang", "fa", check=False)
    assert forbidden.returncode == 2
    assert "پیشنهادی" in forbidden.stderr and "بسته‌شده" in forbidden.stderr  # from what, to what
    assert "is now" in crisisroom("move", ref, "declared", "--db", str(path), "--lang", "en").stdout
    crisisroom("move", ref, "acknowledged", "--db", str(path))
    again = crisisroom("move", ref, "acknowledged", "--db", str(path), "--lang", "en", check=False)
    assert again.returncode == 2 and "already been acknowledged" in again.stderr
    status = Store(path).read(lambda c: c.execute(
        "SELECT status, acknowledged_at IS NOT NULL FROM incidents WHERE ref = ?", (ref,)).fetchone())
    assert tuple(status) == ("declared", 1)
