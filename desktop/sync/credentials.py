"""A station's hub password, kept out of the database and the settings: in the OS keyring
where there is one, otherwise in a file only the user can read (0600; desktop/passwords.py).
The hub address is remembered per database without it (``strip``), and the password is put
back on use."""

from __future__ import annotations

import psycopg.conninfo

from desktop import passwords

_SERVICE = "crisisroom-hub"
_FILE = "hub-passwords.json"


def _key(params: dict[str, str]) -> str:
    return f"{params.get('user', '')}@{params.get('host', '')}:{params.get('port', '5432')}/{params.get('dbname', '')}"


def strip(url: str) -> str:
    """The address without its password, which is stored (keyring or 0600 file) if it had one."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    password = params.pop("password", None)
    if password:
        store(params, password)
    return psycopg.conninfo.make_conninfo(**params)


def store(params: dict[str, str], password: str) -> None:
    passwords.put(_SERVICE, _key(params), password, _FILE)


def forget(url: str) -> None:
    """Removes the stored password of the hub at ``url`` (keyring and file): work alone."""
    passwords.forget(_SERVICE, _key(psycopg.conninfo.conninfo_to_dict(url)), _FILE)


def with_password(url: str) -> str:
    """``url`` with the stored password put back (unchanged when none is stored)."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    if params.get("password"):
        return url
    password = passwords.get(_SERVICE, _key(params), _FILE)
    return psycopg.conninfo.make_conninfo(url, password=password) if password else url
