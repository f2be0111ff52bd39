"""Switching the visitor language for the whole application at once.

The :class:`Localizer` loads the Babel catalogue, installs Qt's own ``qtbase_<lang>.qm`` where
one exists and a bridge translator, and sets the layout direction from CLDR (as compiled into
Qt: asking Babel would load the language's whole CLDR data, ~40 ms, before the first frame).
Installing a translator makes Qt send ``QEvent.LanguageChange`` to every widget; screens answer
it by calling their ``retranslate()``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from kiosk.i18n import Catalogue, cldr_tag, load_catalogue

log = logging.getLogger(__name__)

# Qt ships qtbase_<name>.qm under its own names; where a kiosk language differs, say which to use.
# (Kurmanji, Pashto, Tigrinya, Vietnamese, Romanian have none: Qt's few own texts stay English.)
QT_TRANSLATION_NAMES = {"zh-Hans": "zh_CN", "fa-AF": "fa", "de-x-ls": "de"}


def is_rtl_language(code: str) -> bool:
    """Whether a kiosk language is written right to left (CLDR's character order, from Qt)."""
    return QLocale(cldr_tag(code)).textDirection() == Qt.LayoutDirection.RightToLeft


class CatalogueBridge(QTranslator):
    """A translator that is never empty, so installing it always re-translates every widget.

    Our strings go through :class:`~kiosk.i18n.Catalogue`; Qt only asks this bridge for its
    layout-direction marker.
    """

    def __init__(self, rtl: bool, parent: QObject | None = None):
        super().__init__(parent)
        self._rtl = rtl

    def isEmpty(self) -> bool:
        return False

    def translate(self, context, source_text, disambiguation=None, n=-1):
        if source_text == "QT_LAYOUT_DIRECTION":
            return "RTL" if self._rtl else "LTR"
        # None (a null string) lets Qt ask the next translator; "" would blank every Qt string
        # (and make QPageSize(A4) invalid, so handouts came out on Letter paper).
        return None


class Localizer(QObject):
    """The current visitor language; emits ``language_changed`` after everything switched."""

    language_changed = Signal(str)

    def __init__(self, default_language: str, parent: QObject | None = None):
        super().__init__(parent)
        self._default = default_language
        self._catalogue = load_catalogue(default_language)
        self._installed: list[QTranslator] = []
        self._qt_cache: dict[str, QTranslator | None] = {}

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    @property
    def default_language(self) -> str:
        return self._default

    def catalogue_for(self, code: str) -> Catalogue:
        return load_catalogue(code)

    def _qt_translator(self, code: str) -> QTranslator | None:
        if code not in self._qt_cache:
            translator = QTranslator(self)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            name = QT_TRANSLATION_NAMES.get(code, cldr_tag(code))
            loaded = translator.load(f"qtbase_{name}", folder) or translator.load(
                f"qtbase_{name.split('_')[0]}", folder
            )
            self._qt_cache[code] = translator if loaded else None
        return self._qt_cache[code]

    def set_language(self, code: str) -> None:
        """Switch every widget to ``code`` (re-translation happens on the next event loop turn)."""
        self._catalogue = load_catalogue(code)
        app = QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
            if isinstance(translator, CatalogueBridge):
                translator.deleteLater()
        self._installed = []
        qt_translator = self._qt_translator(code)
        if qt_translator is not None:
            app.installTranslator(qt_translator)
            self._installed.append(qt_translator)
        rtl = is_rtl_language(code)
        bridge = CatalogueBridge(rtl, self)
        app.installTranslator(bridge)
        self._installed.append(bridge)
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        if isinstance(app, QApplication):
            app.setLayoutDirection(direction)
        QLocale.setDefault(QLocale(cldr_tag(code)))
        log.debug("language switched to %s (%s)", code, "rtl" if rtl else "ltr")
        self.language_changed.emit(code)
