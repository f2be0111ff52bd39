"""Pictograms from ``assets/icons``: drawn in the colour of the text around them.

The SVGs are drawn in ``#1a1a1a``; each is read from disk once and rendered once per colour and
size, so a dark (primary) button gets a white pictogram and the high-contrast theme a black one
without re-reading or re-rendering anything on the next paint. None of the pictograms is
directional: right-to-left layouts use them as they are.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk import PROJECT_ROOT

ICONS_DIR = PROJECT_ROOT / "assets" / "icons"
#: The colour every pictogram is drawn in; replaced by the colour it is shown in.
SOURCE_COLOUR = b"#1a1a1a"

_rendered: dict[tuple[str, str, int, float], QPixmap] = {}


@cache
def _source(name: str) -> bytes | None:
    path = ICONS_DIR / f"{name}.svg"
    return path.read_bytes() if path.is_file() else None


def has_pictogram(name: str | None) -> bool:
    return bool(name) and _source(name) is not None


def pictogram(name: str, colour: QColor | str, size: int, ratio: float = 1.0) -> QPixmap:
    """The pictogram ``name`` as a ``size``×``size`` pixmap (device-independent pixels)."""
    hex_colour = QColor(colour).name()
    key = (name, hex_colour, size, ratio)
    pixmap = _rendered.get(key)
    if pixmap is None:
        from PySide6.QtSvg import QSvgRenderer

        source = _source(name)
        if source is None:
            raise FileNotFoundError(ICONS_DIR / f"{name}.svg")
        renderer = QSvgRenderer(QByteArray(source.replace(SOURCE_COLOUR, hex_colour.encode())))
        side = max(1, round(size * ratio))
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, side, side))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        _rendered[key] = pixmap
    return pixmap


def _pad(side: int) -> int:
    return max(2, side // 5)


def _padded(image: QPixmap, ratio: float) -> QPixmap:
    """``image`` with transparent room left and right of it."""
    side = round(image.height() / ratio)
    pad = _pad(side)
    wider = QPixmap(round((side + 2 * pad) * ratio), image.height())
    wider.fill(Qt.GlobalColor.transparent)
    wider.setDevicePixelRatio(ratio)
    painter = QPainter(wider)
    painter.drawPixmap(pad, 0, image)
    painter.end()
    return wider


class PictogramWidget(QLabel):
    """A pictogram that paints itself in its current text colour (a QLabel, so the style
    sheet's label colours apply: white on a primary button, black in high contrast)."""

    def __init__(self, name: str, size: int, parent: QWidget | None = None, object_name: str = ""):
        super().__init__(parent)
        self.setObjectName(object_name or f"pictogram_{name}")
        self._name = name
        self.setFixedSize(size, size)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    @property
    def name(self) -> str:
        return self._name

    def set_name(self, name: str) -> None:
        """Show another pictogram (e.g. a card shown again for another offer)."""
        if name != self._name:
            self._name = name
            self.update()

    def set_side(self, size: int) -> None:
        """Make the pictogram ``size``×``size`` (e.g. to follow the text size beside it)."""
        if size != self.width() or size != self.height():
            self.setFixedSize(size, size)

    def colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def paintEvent(self, event) -> None:
        size = min(self.width(), self.height())
        image = pictogram(self._name, self.colour(), size, self.devicePixelRatioF())
        painter = QPainter(self)
        painter.drawPixmap((self.width() - size) // 2, (self.height() - size) // 2, image)
        painter.end()


class PictogramButton(QPushButton):
    """A small control with a pictogram beside a short caption (navigation bar, start screen).

    The pictogram takes the button's text colour, also when the theme changes; the caption
    stays on one line and the button is as wide as it needs (never narrower than ``min_side``).
    """

    def __init__(
        self,
        object_name: str,
        icon: str,
        icon_size: int,
        min_side: int,
        parent: QWidget | None = None,
        *,
        checkable: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("tool", True)
        self.setCheckable(checkable)
        self.setMinimumSize(min_side, min_side)
        self._icon_name = icon
        self._icon_colour = ""
        self._side = icon_size
        # Room on both sides of the pictogram, so the caption does not touch it (either
        # reading direction).
        self.setIconSize(QSize(icon_size + 2 * _pad(icon_size), icon_size))
        # The pictogram is drawn when the button is polished (then its colour is known), so the
        # layout makes room for it before the first frame.

    @property
    def icon_name(self) -> str:
        return self._icon_name

    def _update_icon(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText).name()
        if colour == self._icon_colour:
            return
        self._icon_colour = colour
        icon = QIcon()
        for ratio in {1.0, self.devicePixelRatioF()}:
            icon.addPixmap(_padded(pictogram(self._icon_name, colour, self._side, ratio), ratio))
        self.setIcon(icon)

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Polish:
            self._update_icon()  # the style sheet's colour is known now
        return handled

    def showEvent(self, event) -> None:
        self._update_icon()  # (a no-op unless the colour changed meanwhile)
        super().showEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and self.isVisible():
            self._update_icon()  # (a hidden one is drawn when it is shown)
