"""The words a report or a Qt-free description needs, handed in by the caller.

Qt-free code cannot call QCoreApplication.translate; the Qt side (desktop/labels.py (QtWords))
implements this protocol with translated strings, so Persian and English come from i18n/*.ts.
"""

from __future__ import annotations

from typing import Protocol

from desktop.text.display import fill  # noqa: F401 - the reports fill their templates with it


class Words(Protocol):
    lang: str

    def text(self, key: str) -> str:
        """A translated sentence or template (with %1, %2 … for values)."""

    def label(self, kind: str, key: str | None) -> str:
        """The word for a stable key: kind is severity, status, role, column, reported_via,
        field, entity, entry_kind, risk, approval, outcome, group_kind, channel."""


