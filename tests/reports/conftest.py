from __future__ import annotations

import pytest


@pytest.fixture
def english(app):  # noqa: ANN001, ANN201 - QtWords in English, back to Persian afterwards
    from desktop import i18n
    from desktop.labels import QtWords

    i18n.install("en")
    yield QtWords()
    i18n.install("fa")
