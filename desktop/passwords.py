"""Passwords this station keeps (its hub login, its mail server's): never in the database nor the
settings, but in the OS keyring where there is one, otherwise in a file only the user can read
(0600), one file per kind of password. Qt-free and light (no database driver): the GUI's start
and the mail delivery load it."""

from __future__ import annotations

import json
from pathlib import Path


def _file(name: str) -> Path:
    from desktop.paths import config_dir

    return config_dir() / name


def _keyring():  # noqa: ANN202 - the keyring module, or None where no real backend exists
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or "chainer" in type(backend).__module__ and not backend.backends:
        return None
    return keyring


def put(service: str, key: str, password: str, file_name: str) -> None:
    """Keeps ``password`` under (service, key): the keyring, else ``file_name`` (0600)."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(service, key, password)
            return
        except Exception:  # noqa: BLE001 - a locked or broken keyring: the file still works
            pass
    path = _file(file_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = json.loads(path.read_text()) if path.exists() else {}
    saved[key] = password
    _save(file_name, saved)


def get(service: str, key: str, file_name: str) -> str | None:
    password = None
    ring = _keyring()
    if ring is not None:
        try:
            password = ring.get_password(service, key)
        except Exception:  # noqa: BLE001
            password = None
    path = _file(file_name)
    if password is None and path.exists():
        try:
            password = json.loads(path.read_text()).get(key)
        except (OSError, ValueError):
            password = None
    return password


def forget(service: str, key: str, file_name: str) -> None:
    """Removes the password kept under (service, key), from the keyring and the file."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.delete_password(service, key)
        except Exception:  # noqa: BLE001 - none stored there, or a locked keyring: the file still goes
            pass
    path = _file(file_name)
    if path.exists():
        saved = json.loads(path.read_text())
        if saved.pop(key, None) is not None:
            _save(file_name, saved)


def _save(file_name: str, saved: dict[str, str]) -> None:
    from desktop.files import write_atomically

    # A fresh private file renamed into place: a stale temp file's mode can never leak to it.
    write_atomically(_file(file_name), json.dumps(saved).encode(), mode=0o600)
