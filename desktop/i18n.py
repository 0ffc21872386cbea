"""Language: the app's and Qt's own translations, layout direction and the default QLocale."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator

from desktop.paths import translations

LANGUAGES = ("fa", "en")
_installed: list[QTranslator] = []
_current = ["fa"]


def current() -> str:
    """The language whose translators are installed."""
    return _current[0]


def locale_for(lang: str) -> QLocale:
    if lang == "fa":
        return QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def install(lang: str) -> None:
    """Installs the translators for ``lang``; widgets get a LanguageChange event and retranslate."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    app = QCoreApplication.instance()
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    ours = QTranslator()
    if ours.load(str(translations() / f"crisisroom_{lang}.qm")):
        _installed.append(ours)
    qt = QTranslator()
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _installed.append(qt)
    for translator in _installed:
        QCoreApplication.installTranslator(translator)
    _current[0] = lang
    QLocale.setDefault(locale_for(lang))
    if app is not None and hasattr(app, "setLayoutDirection"):
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if lang == "fa"
                               else Qt.LayoutDirection.LeftToRight)
