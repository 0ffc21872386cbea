"""Where a station keeps its files, per platform; overridable for tests and portable installs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR = "crisisroom"
ROOT = Path(__file__).resolve().parent.parent  # resources/ and i18n/ live beside the package


def data_dir() -> Path:
    if os.environ.get("CRISISROOM_DATA_DIR"):
        return Path(os.environ["CRISISROOM_DATA_DIR"])
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / APP_DIR
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP_DIR


def config_dir() -> Path:
    if os.environ.get("CRISISROOM_CONFIG_DIR"):
        return Path(os.environ["CRISISROOM_CONFIG_DIR"])
    if sys.platform in ("win32", "darwin"):
        return data_dir()
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / APP_DIR


def default_database() -> Path:
    return data_dir() / "crisisroom.db"


def resources() -> Path:
    return Path(getattr(sys, "_MEIPASS", ROOT)) / "resources"


def translations() -> Path:
    return Path(getattr(sys, "_MEIPASS", ROOT)) / "i18n"
