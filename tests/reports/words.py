"""English words for report tests that run without the translators (the source strings)."""

from __future__ import annotations


def english():  # noqa: ANN201 - a QtWords in English
    from PySide6.QtCore import QCoreApplication

    from desktop import i18n
    from desktop.views.words import QtWords

    QCoreApplication.instance() or QCoreApplication([])
    i18n.install("en")
    return QtWords()
