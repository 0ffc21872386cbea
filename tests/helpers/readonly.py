"""A file or folder this user genuinely cannot write, whoever runs the tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def unwritable(path: Path) -> Iterator[Path]:
    """Root ignores permission bits, so for root the immutable flag (chattr +i) stands in for
    them; anyone else gets the bits taken away. Restored afterwards, so the folder can be removed."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield path
        finally:
            path.chmod(mode)
