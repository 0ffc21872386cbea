"""One declared settings schema over QSettings, with a signal for observers of a key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from desktop.paths import config_dir
from desktop.services.wall_rotation import INTERVAL_S


@dataclass(frozen=True)
class Option:
    type: type
    default: Any
    choices: tuple[Any, ...] = ()


SCHEMA: dict[str, Option] = {
    "ui/language": Option(str, "fa", ("fa", "en")),
    "ui/calendar": Option(str, "auto", ("auto", "jalali", "gregorian", "both")),
    "ui/timezone": Option(str, "Asia/Tehran"),
    "window/geometry": Option(QByteArray, QByteArray()),
    "window/state": Option(QByteArray, QByteArray()),
    "window/page": Option(int, 0),
    "window/incident": Option(str, ""),  # the incident last opened: shown again at the next start
    # The wall display, per station. The screen is an index into QGuiApplication.screens(), where
    # Qt puts the primary first: 0 is the primary; a screen not there falls back to it.
    "wall/screen": Option(int, 0),
    "wall/interval": Option(int, INTERVAL_S),  # seconds a wall page stays up; bounded where read (services/wall_rotation.py)
    # The station's mail server (services/mailer.py); its password is in the keyring, never here.
    "mail/host": Option(str, ""),
    "mail/port": Option(int, 587),
    "mail/security": Option(str, "starttls", ("none", "starttls", "tls")),
    "mail/username": Option(str, ""),
    "mail/from": Option(str, ""),  # the sender's address
    "mail/from_name": Option(str, ""),  # the sender's name, e.g. the organisation's crisis room
    "status_page/folder": Option(str, ""),  # where the users' status page is written (services/status_page.py)
}


class Settings(QObject):
    changed = Signal(str)

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        path = path or config_dir() / "crisisroom.ini"
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        option = SCHEMA[key]
        value = self._qsettings.value(key, option.default)
        try:
            value = option.type(value) if not isinstance(value, option.type) else value
        except (TypeError, ValueError):
            return option.default
        if option.choices and value not in option.choices:
            return option.default
        return value

    def set(self, key: str, value: Any) -> None:
        option = SCHEMA[key]
        if option.choices and value not in option.choices:
            raise ValueError(f"{key}: {value!r} is not one of {option.choices}")
        if self.get(key) == value:
            return
        self._qsettings.setValue(key, value)
        self.changed.emit(key)

    def sync(self) -> None:
        self._qsettings.sync()
