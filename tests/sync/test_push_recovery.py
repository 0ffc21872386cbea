"""Found by the stateful test: acks must never outlive what the hub holds."""

from __future__ import annotations

from pathlib import Path

from desktop.services import incidents
from desktop.sync.client import HubUnavailable, sync_with
from tests.helpers.hub_double import HubDouble
from tests.helpers.stations import new_store


class _NoPull:
    """The connection drops after the push, before anything is pulled."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner = inner

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self.inner, name)

    def pull(self, after: int, limit: int) -> list:
        raise HubUnavailable("dropped")


def test_a_first_round_cut_short_still_learns_the_epoch(tmp_path: Path) -> None:
    hub, store = HubDouble(), new_store(tmp_path / "s.db")
    hub.add_station("s")
    store.run(incidents.declare, title="پیش از پشتیبان")
    try:
        sync_with(_NoPull(hub.session("s")), store)  # pushed and acknowledged, then cut
    except HubUnavailable:
        pass
    hub.restore(0)  # the hub comes back from a backup without it
    sync_with(hub.session("s"), store)
    assert [op["station_seq"] for op in hub.payloads()] == [1]  # offered again
    store.close()


def test_a_hub_missing_acknowledged_ops_gets_them_from_the_gap(tmp_path: Path) -> None:
    hub, store = HubDouble(), new_store(tmp_path / "s.db")
    hub.add_station("s")
    for n in range(3):
        store.run(incidents.declare, title=f"حادثه {n}")
    sync_with(hub.session("s"), store)
    epoch = hub.epoch
    hub.restore(1)
    hub.epoch = epoch  # lost ops 2 and 3 without saying so
    store.run(incidents.declare, title="حادثه ۴")
    sync_with(hub.session("s"), store)
    assert [op["station_seq"] for op in hub.payloads()] == [1, 2, 3, 4] and not store.unacked()
    store.close()
