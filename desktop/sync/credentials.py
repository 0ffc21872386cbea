"""A station's hub password, kept out of the database and the settings: in the OS keyring
where there is one, otherwise in a file only the user can read (0600). The hub address is
remembered per database without it (``strip``), and the password is put back on use."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg.conninfo

_SERVICE = "crisisroom-hub"


def _key(params: dict[str, str]) -> str:
    return f"{params.get('user', '')}@{params.get('host', '')}:{params.get('port', '5432')}/{params.get('dbname', '')}"


def _file() -> Path:
    from desktop.paths import config_dir

    return config_dir() / "hub-passwords.json"


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


def strip(url: str) -> str:
    """The address without its password, which is stored (keyring or 0600 file) if it had one."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    password = params.pop("password", None)
    if password:
        store(params, password)
    return psycopg.conninfo.make_conninfo(**params)


def store(params: dict[str, str], password: str) -> None:
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(_SERVICE, _key(params), password)
            return
        except Exception:  # noqa: BLE001 - a locked or broken keyring: the file still works
            pass
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = json.loads(path.read_text()) if path.exists() else {}
    saved[_key(params)] = password
    _save(saved)


def _save(saved: dict[str, str]) -> None:
    from desktop.files import write_atomically

    # A fresh private file renamed into place: a stale temp file's mode can never leak to it.
    write_atomically(_file(), json.dumps(saved).encode(), mode=0o600)


def forget(url: str) -> None:
    """Removes the stored password of the hub at ``url`` (keyring and file): work alone."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    ring = _keyring()
    if ring is not None:
        try:
            ring.delete_password(_SERVICE, _key(params))
        except Exception:  # noqa: BLE001 - none stored there, or a locked keyring: the file still goes
            pass
    if _file().exists():
        saved = json.loads(_file().read_text())
        if saved.pop(_key(params), None) is not None:
            _save(saved)


def with_password(url: str) -> str:
    """``url`` with the stored password put back (unchanged when none is stored)."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    if params.get("password"):
        return url
    password = None
    ring = _keyring()
    if ring is not None:
        try:
            password = ring.get_password(_SERVICE, _key(params))
        except Exception:  # noqa: BLE001
            password = None
    if password is None and _file().exists():
        try:
            password = json.loads(_file().read_text()).get(_key(params))
        except (OSError, ValueError):
            password = None
    return psycopg.conninfo.make_conninfo(url, password=password) if password else url
