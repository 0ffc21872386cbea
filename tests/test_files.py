"""The one atomic writer: what is at the path decides what happens, and modes are kept."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from desktop.files import NotRegularFile, write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "board.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["board.json"]  # no temp file left


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_what_is_not_a_regular_file_is_refused_by_name_and_left_alone(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")  # a device, reached the way a careless --out would
    with pytest.raises(NotRegularFile) as refused:
        write_atomically(path, b"data")
    assert refused.value.code == "not_regular"
    assert refused.value.path == str(path if kind != "device" else Path("/dev/null"))
    checks = {"fifo": stat.S_ISFIFO, "folder": stat.S_ISDIR, "device": stat.S_ISCHR}
    assert checks[kind](path.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_existing_file_keeps_its_permission_bits(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    path.write_text("old")
    path.chmod(0o640)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new" and _mode(path) == 0o640


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_0666_less_the_umask(tmp_path: Path, umask: int, expected: int) -> None:
    previous = os.umask(umask)
    try:
        write_atomically(tmp_path / "new.json", b"{}")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "new.json") == expected


def test_a_stale_temp_file_cannot_leave_the_password_file_readable(tmp_path: Path) -> None:
    from desktop.paths import config_dir
    from desktop.sync import credentials

    config_dir().mkdir(parents=True, exist_ok=True)
    stale = config_dir() / "hub-passwords.tmp"  # left by a crash, once, with a loose mode
    stale.write_text("{}")
    stale.chmod(0o644)
    saved = config_dir() / "hub-passwords.json"
    previous = os.umask(0o022)
    try:
        credentials.strip("host=hub.example dbname=crisisroom user=crisisroom_a password=s3cret")
        assert _mode(saved) == 0o600
        saved.chmod(0o644)  # and a file made loose by an older version is made private again
        credentials.strip("host=hub.example dbname=crisisroom user=crisisroom_b password=other")
    finally:
        os.umask(previous)
    assert _mode(saved) == 0o600 and len(json.loads(saved.read_text())) == 2
