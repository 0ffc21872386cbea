"""Which wall page is shown, and for how long: the overview pages, the metrics page (this month
against the last, when the wall has one), then one focus page per sev1, round and round on a timer; a newly declared sev1 jumps the queue. Qt-free: the window's timer
calls ``advance``, each new picture calls ``update``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

INTERVAL_S, SHORTEST_S, LONGEST_S = 20, 5, 600  # a page's time on the wall: the setting, bounded


@dataclass(frozen=True)
class Page:
    """("overview", n): the n-th overview page; ("metrics", 0): the month's figures;
    ("focus", incident id): a sev1's page."""

    kind: str
    key: int | str = 0


OVERVIEW = Page("overview", 0)
METRICS = Page("metrics", 0)


def interval(seconds: object) -> int:
    """The rotation interval in seconds, from a setting of any type, within its bounds."""
    try:
        value = int(seconds)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return INTERVAL_S
    return min(LONGEST_S, max(SHORTEST_S, value))


class Rotation:
    def __init__(self, metrics: bool = False) -> None:
        self.metrics = metrics  # a metrics page after the overview pages
        self.pages: list[Page] = [OVERVIEW, METRICS] if metrics else [OVERVIEW]
        self.index = 0
        self._sev1: set[str] | None = None  # the sev1s of the last picture (None: no picture yet)

    @property
    def current(self) -> Page:
        return self.pages[self.index]

    def update(self, overview_pages: int, sev1: Sequence[str]) -> Page:
        """Takes a new picture's pages: the page shown stays when it still exists; a sev1 that
        was not in the last picture is shown at once (the first picture is not news)."""
        shown = self.current
        self.pages = ([Page("overview", n) for n in range(max(1, overview_pages))] + ([METRICS] if self.metrics else [])
                      + [Page("focus", i) for i in sev1])
        new = [i for i in sev1 if self._sev1 is not None and i not in self._sev1]
        self._sev1 = set(sev1)
        if new:
            self.index = self.pages.index(Page("focus", new[0]))
        elif shown in self.pages:
            self.index = self.pages.index(shown)
        elif shown.kind == "overview":
            self.index = overview_pages - 1 if overview_pages else 0  # fewer overview pages now: the last
        else:
            self.index = 0  # its sev1 was resolved or downgraded: back to the overview
        return self.current

    def advance(self) -> Page:
        self.index = (self.index + 1) % len(self.pages)
        return self.current

    def show(self, page: Page) -> bool:
        """Shows ``page`` now (the screenshot command, a test); False when there is no such page."""
        if page not in self.pages:
            return False
        self.index = self.pages.index(page)
        return True
