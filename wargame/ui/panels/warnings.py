"""The warnings panel: most severe and newest first, new ones marked; click to go there."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from wargame.core.rules.results import Analysis, RouteState, Warning, sp_text
from wargame.ui.map import style
from wargame.ui.map.symbols import severity_icon

WARNING_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_BACKGROUND = QColor("#FFF6C2")


def ordered(warnings: Iterable[Warning]) -> list[Warning]:
    """Most severe first; within a severity, new ones, then the most recent."""
    return sorted(warnings, key=lambda w: (-w.severity.rank, not w.new, -w.since_turn, w.code, w.message))


class WarningsPanel(QWidget):
    warning_activated = Signal(object)  # Warning

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.routes = QLabel()
        self.routes.setWordWrap(True)
        self.routes.setObjectName("routeSummary")
        self.routes.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.routes)
        self.list = QListWidget()
        self.list.setObjectName("warningsList")
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(30, 30))
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        layout.addWidget(self.list)

    def show_analysis(self, analysis: Analysis | None, side_to_move: str, unavailable: str = "") -> None:
        self.list.clear()
        if analysis is None:
            self.routes.setText(f"<b>Analysis unavailable</b><br>{unavailable}")
            return
        self._show_routes(analysis, side_to_move)
        for warning in ordered(analysis.warnings):
            text = f"{warning.side} · {warning.message}"
            if warning.new:
                text = f"NEW ★ {text}"
            item = QListWidgetItem(severity_icon(warning.severity), text)
            item.setData(WARNING_ROLE, warning)
            item.setToolTip(f"{warning.severity.value} · {warning.code} · since turn {warning.since_turn}")
            if warning.new:
                item.setBackground(NEW_BACKGROUND)
            self.list.addItem(item)
        if not analysis.warnings:
            self.list.addItem(QListWidgetItem("No warnings."))

    def _show_routes(self, analysis: Analysis, side: str) -> None:
        own = analysis.sides.get(side)
        if own is None or not own.routes:
            self.routes.setText(f"<b>Routes of {side}</b>: none named")
            return
        marks = {RouteState.OPEN: "●", RouteState.UNDER_FIRE: "▲", RouteState.CUT: "✖"}
        parts = []
        for name, route in sorted(own.routes.items()):
            status = route.effective
            colour = style.ROUTE_COLOUR[status].darker(130).name()
            ruled = f" — ruled (computed: {style.ROUTE_TITLE[route.status]})" if route.override else ""
            carries = (
                f" · {sp_text(route.capacity_sp)} of {sp_text(route.nominal_sp)} SP"
                if route.nominal_sp
                else ""
            )
            parts.append(
                f"<span style='color:{colour}'>{marks[status]}</span> <b>{name}</b> "
                f"{style.ROUTE_TITLE[status]}{ruled}{carries}"
            )
        self.routes.setText(f"<b>Routes of {side}</b><br>" + "<br>".join(parts))

    def warnings_shown(self) -> list[Warning]:
        return [w for i in range(self.list.count()) if (w := self.list.item(i).data(WARNING_ROLE))]

    def _clicked(self, item: QListWidgetItem) -> None:
        warning = item.data(WARNING_ROLE)
        if warning is not None:
            self.warning_activated.emit(warning)
