"""The main window's pages as tabs, the later ones built when first wanted.

A cold start paints the board sooner when pages nobody has opened yet (charts, review forms, the
directory) are not built behind it: such a tab holds an empty placeholder until it is first shown
or a caller asks for its page, and then the page takes the placeholder's place."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.views import inputs


class PageTabs:
    def __init__(self, tabs: QTabWidget, pages: Sequence[QWidget], later: Sequence[Callable[[QWidget], QWidget]]) -> None:
        """``pages`` are built already; ``later`` make the following pages (given their parent)."""
        self.tabs = tabs
        self._pages: list[QWidget | None] = [*pages, *(None for _ in later)]
        self._factories: list[Callable[[QWidget], QWidget] | None] = [*(None for _ in pages), *later]
        for page in self._pages:
            tabs.addTab(page if page is not None else QWidget(tabs), "")
        tabs.currentChanged.connect(self._shown)

    def _shown(self, index: int) -> None:
        if index >= 0:  # -1: the last tab went (the window is being taken down)
            self.page(index)

    def page(self, index: int) -> QWidget:
        """The page at ``index``, built now if it was not yet."""
        page = self._pages[index]
        if page is not None:
            return page
        factory = self._factories[index]
        assert factory is not None
        page = self._pages[index] = factory(self.tabs)
        inputs.prepare(page)  # as the window did for the pages built with it
        placeholder, text = self.tabs.widget(index), self.tabs.tabText(index)
        was_current = self.tabs.currentIndex() == index
        # In before the placeholder, then the placeholder out while it is not current: removing the
        # current tab would show a neighbour for a moment (and make it load what it shows).
        self.tabs.blockSignals(True)
        try:
            self.tabs.insertTab(index, page, text)
            if was_current:
                self.tabs.setCurrentIndex(index)
            self.tabs.removeTab(index + 1)
        finally:
            self.tabs.blockSignals(False)
        placeholder.deleteLater()
        return page

    def built(self) -> list[QWidget]:
        """The pages made so far (a language switch retranslates these; later ones are made in it)."""
        return [page for page in self._pages if page is not None]

    def all(self) -> list[QWidget]:
        return [self.page(index) for index in range(len(self._pages))]
