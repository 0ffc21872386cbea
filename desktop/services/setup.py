"""A station's first moments: a new organisation's empty station with the person operating it,
a station made to join a hub (empty; the catch-up fills it), or one of invented demo data, marked
so that it never joins a hub. One function each, for the welcome page and the command line."""

from __future__ import annotations

from pathlib import Path

from desktop.db import open_database
from desktop.services import directory
from desktop.services.errors import CommandError
from desktop.services.station import KINDS, StationSettingError, check_settings
from desktop.services.store import Store
from desktop.text.normalize import normalize_input
from desktop.wire import new_id


class StationExists(CommandError):
    """A database is already there: setting up a station never writes over one."""

    def __init__(self, path: Path) -> None:
        super().__init__("station_exists", path=str(path))


def _fresh(path: Path) -> None:
    if path.exists() and path.stat().st_size > 0:
        raise StationExists(path)


def _identity(store: Store, name: str, code: str, kind: str) -> None:
    """The station's name, short code and kind, checked as the Station settings check them."""
    try:
        code = store.read(check_settings, store.station.station_id, short_code=code, kind=kind, operator_id=None)
    except StationSettingError as exc:
        raise CommandError(exc.code) from None
    store.set_station(name=" ".join(normalize_input(name).split()), short_code=code, kind=kind)


def new_organisation(path: Path, *, station: str, code: str, operator: str, kind: str = "coordinator") -> Store:
    """An empty station of a new organisation, its first person the one operating it (who adds
    themselves: that op names them). Returns the open Store."""
    _fresh(path)
    if kind not in KINDS:
        raise CommandError("bad_kind")
    if not normalize_input(station or ""):  # said before a file is made
        raise CommandError("empty_station_name")
    if not normalize_input(operator or ""):
        raise CommandError("empty_operator")
    store = Store(open_database(path))
    try:
        _identity(store, station, code, kind)
        me = new_id()
        store.run(directory.add_person, " ".join(normalize_input(operator).split()), person_id=me, by=me)
        store.set_station(operator_id=me)
    except BaseException:
        store.close()
        path.unlink(missing_ok=True)  # half a station is worse than none: the person tries again
        raise
    return store


def joining(path: Path, *, code: str | None = None, kind: str = "coordinator") -> Store:
    """An empty station that will take everything from its hub (the catch-up): no people, no
    operator yet — they come with the directory, and the person then says who they are."""
    _fresh(path)
    store = Store(open_database(path, short_code=code))
    store.set_station(kind=kind)
    return store


def demo_station(path: Path, scale: int = 1) -> Store:
    """A station of invented data to look around in; marked, so it never joins a hub."""
    from desktop.services import demo

    _fresh(path)
    store = Store(open_database(path))
    demo.generate(store, scale=scale)  # marks the station as a demo (demo.generate)
    return store
