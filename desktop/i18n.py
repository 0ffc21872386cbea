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


def qt_words() -> tuple[str, ...]:
    """Qt's own words that its Persian catalogue (qtbase_fa.qm, shipped in PySide6's translations
    folder) lacks: Qt 6 gave the save dialog's "Look in" and "Files of type" mnemonics and moved
    the file list's type names to another context. Our catalogue translates them under Qt's own
    context and disambiguation, which Qt asks when qtbase has no answer. Returned in the
    installed language (lupdate reads these calls; a test checks them)."""
    return (
        QCoreApplication.translate("QFileDialog", "&Look in:"),
        QCoreApplication.translate("QFileDialog", "Files of &type:"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms"),
        QCoreApplication.translate("QAbstractFileIconProvider", "File Folder", "Match Windows Explorer"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Shortcut", "All other platforms"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Alias", "macOS Finder"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Drive"),
        QCoreApplication.translate("QAbstractFileIconProvider", "File"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Unknown"),
    )


def qt_translations() -> str:
    """The folder of Qt's own catalogues (qtbase_fa.qm: dialogs, buttons, context menus)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install(lang: str) -> None:
    """Installs the translators for ``lang`` — Qt's own (qtbase) and the app's, which also fills
    what qtbase lacks (``qt_words``) — also when the language changes while the app runs: widgets
    get a LanguageChange event and retranslate, Qt's dialogs included."""
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
    if qt.load(f"qtbase_{lang}", qt_translations()):
        _installed.append(qt)
    for translator in _installed:
        QCoreApplication.installTranslator(translator)
    _current[0] = lang
    QLocale.setDefault(locale_for(lang))
    if app is not None and hasattr(app, "setLayoutDirection"):
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if lang == "fa"
                               else Qt.LayoutDirection.LeftToRight)
