"""The declared settings schema over a real ini file."""

from __future__ import annotations

from pathlib import Path

from desktop.settings import Settings


def test_the_wall_settings_have_defaults_and_read_an_administrators_edits(tmp_path: Path) -> None:
    path = tmp_path / "crisisroom.ini"
    settings = Settings(path)
    assert settings.get("wall/screen") == 0  # the primary screen
    assert settings.get("wall/interval") == 20
    path.write_text("[wall]\nscreen=2\ninterval=45\n")  # as an administrator edits it by hand
    assert (Settings(path).get("wall/screen"), Settings(path).get("wall/interval")) == (2, 45)
    path.write_text("[wall]\nscreen=left\ninterval=often\n")
    assert (Settings(path).get("wall/screen"), Settings(path).get("wall/interval")) == (0, 20)
