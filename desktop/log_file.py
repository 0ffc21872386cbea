"""crisisroom.log: what went wrong in detail (a driver's English text, a refused op), for the
administrator; the person at the station gets it in words of their language."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from desktop.paths import data_dir


def log_to_file() -> None:
    """Warnings (an op refused from the hub, a sync problem) go to crisisroom.log beside the
    database, a few rotated files at most."""
    logger = logging.getLogger("crisisroom")
    if logger.handlers:
        return
    try:
        data_dir().mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(data_dir() / "crisisroom.log", maxBytes=1_000_000, backupCount=3,
                                      encoding="utf-8")
    except OSError:  # an unwritable data folder: the app still runs, and nothing raw reaches stderr
        logger.addHandler(logging.NullHandler())
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
