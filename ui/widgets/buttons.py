"""Big touch buttons whose text wraps (with an optional pictogram), and a grid that lays them
out for the screen's width."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.fitting_label import FittingLabel
from ui.widgets.pictogram import PictogramWidget, has_pictogram


class TileButton(QPushButton):
    """A large button with one or two lines of wrapping text (title and optional detail),
    and optionally a pictogram above them (for visitors who read little).

    QPushButton cannot wrap text, so the text lives in labels that ignore the mouse; the
    accessible name always follows the visible text. The pictogram takes the colour of the
    text (white on a primary button, black in high contrast).
    """

    def __init__(
        self,
        object_name: str,
        parent: QWidget | None = None,
        *,
        primary: bool = False,
        large: bool = False,
        icon: str | None = None,
        icon_size: int = 48,
    ):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("primary", primary)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(4)
        self._floor = 0
        self.pictogram: PictogramWidget | None = None
        if has_pictogram(icon):
            self.pictogram = PictogramWidget(icon, icon_size, self, f"{object_name}_pictogram")
            layout.addWidget(self.pictogram, 0, Qt.AlignmentFlag.AlignHCenter)
        self._title = FittingLabel(self)
        self._title.setObjectName(f"{object_name}_title")
        self._title.setProperty("role", "tile-large" if large else "tile")
        self._detail = FittingLabel(self)
        self._detail.setObjectName(f"{object_name}_detail")
        self._detail.setProperty("role", "secondary")
        for label in (self._title, self._detail):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self._detail.hide()

    def set_min_height(self, height: int) -> None:
        """The least height of this tile; kept when a style sheet (large text, contrast) sets
        its own ``min-height`` on every button again."""
        self._floor = height
        self.setMinimumHeight(height)
        self.updateGeometry()

    def set_texts(self, title: str, detail: str = "") -> None:
        self._title.setText(title)
        self._detail.setText(detail)
        self._detail.setVisible(bool(detail))
        self.setAccessibleName(f"{title}. {detail}" if detail else title)
        self.updateGeometry()

    def title(self) -> str:
        return self._title.text()

    def detail(self) -> str:
        return self._detail.text()

    def sizeHint(self) -> QSize:
        hint = self.layout().sizeHint()
        height = max(hint.height(), self.minimumHeight(), self._floor, 96)
        return QSize(max(hint.width(), self.minimumWidth()), height)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().heightForWidth(width), self.minimumHeight(), self._floor, 96)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._floor))

    # A style sheet's min-height (set again on every polish) must not undercut the tile's own.
    def showEvent(self, event) -> None:
        self._keep_floor()
        super().showEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self._keep_floor()

    def _keep_floor(self) -> None:
        if self.minimumHeight() < self._floor:
            self.setMinimumHeight(self._floor)


class TileGrid(QWidget):
    """Lays tiles out in as many equal columns as fit ``min_tile_width`` each."""

    def __init__(self, min_tile_width: int, spacing: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._min_width = min_tile_width
        self._tiles: list[QWidget] = []
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(spacing)

    def set_tiles(self, tiles: list[QWidget]) -> None:
        for tile in self._tiles:
            self._grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        self._tiles = list(tiles)
        self._columns = 0
        self._relayout()

    def tiles(self) -> list[QWidget]:
        return list(self._tiles)

    def _relayout(self) -> None:
        width = self.width() if self.width() > 0 else self._min_width * 3
        columns = max(1, min(len(self._tiles) or 1, width // self._min_width))
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self._tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self._tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()
