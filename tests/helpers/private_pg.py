"""A PostgreSQL server of the test's own, for what the shared one cannot show: password checks
(the shared server trusts local logins) and a hub that stops and starts again. Needs the server
binaries (initdb, pg_ctl); without them the test fails and says so, it is never skipped."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "admin-secret"


def _bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


@dataclass
class PrivateServer:
    bin: Path
    data: Path
    port: int
    owner: list[str]

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres:{PASSWORD}@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self.owner, str(self.bin / "pg_ctl"), "-D", str(self.data / "data"), *args],
                       check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._ctl("-w", "-l", str(self.data / "log"), "-o",
                  f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._ctl("-w", "-m", "immediate", "stop")  # as a crash or a pulled cable would


@contextmanager
def private_server() -> Iterator[PrivateServer]:
    binaries = _bin()
    if binaries is None:
        pytest.fail("this test needs the PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    folder = Path(tempfile.mkdtemp(prefix="crisisroom-pg-"))
    owner: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
        owner = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    password_file = folder / "password"
    password_file.write_text(PASSWORD)
    if owner:
        shutil.chown(password_file, "postgres", "postgres")
    subprocess.run([*owner, str(binaries / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
                    "--auth=scram-sha-256", f"--pwfile={password_file}", "-E", "UTF8"],
                   check=True, capture_output=True, timeout=120)
    server = PrivateServer(binaries, folder, port, owner)
    server.start()
    try:
        yield server
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        shutil.rmtree(folder, ignore_errors=True)
