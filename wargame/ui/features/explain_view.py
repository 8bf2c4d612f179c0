"""Why: a unit's traced supply line, or what cuts it off, drawn on the map and told in a panel.

Select a unit and press Y (or right-click its counter ▸ Why this supply status?). The map then
shows the path supply takes from its source through the hex centres: the source marked "S",
the total cost beside the unit, steps into hexes under fire dashed and flagged "!", steps
beyond the trace limit dotted. For an encircled unit it shows the edge of the region the unit
can still reach and every hex blocking the way out, hatched, outlined and lettered with its
reasons. The Why panel lists :meth:`Explanation.lines` in words.

Esc or selecting nothing clears it; selecting another unit explains that one; every change of
the game recomputes it (the explanation is computed on demand, never after every action).
In a side's view only that side's own units are explained (an enemy unit's supply is hidden
information, in sight or not); switching to a side's view clears an enemy unit's explanation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QIcon, QKeyEvent, QKeySequence, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QDockWidget,
    QGraphicsItem,
    QLabel,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from wargame.core.errors import WargameError
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Segment, Unit
from wargame.core.rules.explain import Explanation, Obstacle, explain
from wargame.core.rules.naming import counted
from wargame.core.rules.results import Supply
from wargame.core.state import GameState
from wargame.core.view.side_view import SideView
from wargame.ui.features.official_view import official_text
from wargame.ui.map import style
from wargame.ui.map.items.base_map import map_bounds
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.items.paint import halo_text, pixels_per_unit, screen_pen
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

WHY_Z = 99  # over every overlay, under the counters (they stay readable on the path)
LABEL_Z = 155  # the source mark and the cost stay in sight even under a counter
REASON_CODES = {
    "enemy_unit": "U",
    "enemy_control": "H",
    "zoc": "Z",
    "water": "W",
    "cut_segment": "C",
    "no_crossing": "N",
}
REASON_LEGEND = "U enemy unit · H enemy-held · Z zone of control · C cut road · W water"
CHEVRON_SPACING_PX = 70.0  # least screen distance between direction marks on the path


def step_kinds(e: Explanation) -> list[str]:
    """How each step of the path is drawn: "clean", "fire" (into a hex under fire) or
    "beyond" (past the trace limit, out of supply only)."""
    fire = {o.hex for o in e.fire}
    kinds, spent = [], 0.0
    for step in e.steps:
        spent += step.cost
        if e.supply is Supply.OUT_OF_SUPPLY and spent > e.max_cost + 1e-9:
            kinds.append("beyond")
        elif step.end in fire or step.start in fire:
            kinds.append("fire")
        else:
            kinds.append("clean")
    return kinds


def reason_codes(o: Obstacle) -> str:
    return " ".join(dict.fromkeys(REASON_CODES.get(r.kind, "?") for r in o.reasons))


def summary(e: Explanation) -> str:
    """The short caption beside the unit: the cost and the limit, or the pocket's size."""
    if e.path and e.cost is not None and e.source is not None:
        source = e.map.label(e.source) if e.map else str(e.source)
        if e.supply is Supply.OUT_OF_SUPPLY:
            return f"too far: cost {e.cost:g}, limit {e.max_cost:g} (from {source})"
        fire = f" · {counted(len(e.fire), 'hex', 'hexes')} under fire" if e.fire else ""
        return f"supply line: cost {e.cost:g} of {e.max_cost:g} from {source}{fire}"
    if e.region:
        return (
            f"{e.supply.title.upper()}: {counted(len(e.region), 'hex', 'hexes')}, "
            f"{counted(len(e.blockers), 'blocked way')} out"
        )
    return e.supply.title


class WhyOverlay(QGraphicsItem):
    """The explanation of one unit on the map: its path, or its pocket and the blockers."""

    def __init__(self, geometry: HexGeometry) -> None:
        super().__init__()
        self.geometry = geometry
        self.explanation: Explanation | None = None
        self.kinds: list[str] = []
        self._bounds = map_bounds(geometry).adjusted(-3000, -3000, 3000, 3000)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(WHY_Z)
        self.labels = WhyLabels(self)
        self.setVisible(False)

    @property
    def path_hexes(self) -> tuple[Hex, ...]:
        return self.explanation.path if self.explanation else ()

    @property
    def blocker_hexes(self) -> tuple[Hex, ...]:
        return self.explanation.blocking_hexes if self.explanation else ()

    def path_points(self) -> list[QPointF]:
        return [self.geometry.centre(h) for h in self.path_hexes]

    def show_explanation(self, e: Explanation | None) -> None:
        self.prepareGeometryChange()
        self.explanation = e
        self.kinds = step_kinds(e) if e else []
        self.setVisible(e is not None)
        self.labels.setVisible(e is not None)
        self.labels.update()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        e = self.explanation
        if e is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if e.region:
            self._paint_region(painter, e)
        for o in (*e.blockers, *e.blocked_sources):
            self._paint_blocker(painter, o)
        for segment in {
            *e.blocking_segments,
            *(r.segment for o in e.cut_roads for r in o.reasons if r.segment),
        }:
            self._paint_cut_ring(painter, segment)
        if e.path:
            self._paint_path(painter)

    def _paint_region(self, painter: QPainter, e: Explanation) -> None:
        outline = self.geometry.outline_path(e.region)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(screen_pen(style.WHITE, 8.0, painter))
        painter.drawPath(outline)
        painter.setPen(screen_pen(style.BLACK, 4.0, painter, Qt.PenStyle.DashLine))
        painter.drawPath(outline)

    def _paint_blocker(self, painter: QPainter, o: Obstacle) -> None:
        polygon = self.geometry.polygon(o.hex)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.with_alpha(style.VERMILLION, 70))
        painter.drawPolygon(polygon)
        painter.setBrush(QBrush(style.BLACK, Qt.BrushStyle.BDiagPattern))
        painter.drawPolygon(polygon)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(screen_pen(style.WHITE, 10.0, painter))
        painter.drawPolygon(polygon)
        painter.setPen(screen_pen(style.VERMILLION, 5.0, painter))
        painter.drawPolygon(polygon)

    def _paint_cut_ring(self, painter: QPainter, segment: Segment) -> None:
        mid = (self.geometry.centre(segment.a) + self.geometry.centre(segment.b)) / 2
        radius = 24 / pixels_per_unit(painter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(screen_pen(style.WHITE, 9.0, painter))
        painter.drawEllipse(mid, radius, radius)
        painter.setPen(screen_pen(style.BLACK, 4.0, painter))
        painter.drawEllipse(mid, radius, radius)

    def _paint_path(self, painter: QPainter) -> None:
        points = self.path_points()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(screen_pen(style.WHITE, 16.0, painter))
        painter.drawPolyline(QPolygonF(points))
        line_style = {
            "clean": Qt.PenStyle.SolidLine,
            "fire": Qt.PenStyle.DashLine,
            "beyond": Qt.PenStyle.DotLine,
        }
        for (a, b), kind in zip(zip(points, points[1:], strict=False), self.kinds, strict=False):
            colour = style.VERMILLION if kind == "fire" else style.BLACK
            pen = screen_pen(colour, 8.0, painter, line_style[kind])
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QLineF(a, b))
        self._paint_chevrons(painter, points)

    def _paint_chevrons(self, painter: QPainter, points: list[QPointF]) -> None:
        """Open arrow heads along the path, pointing the way supply flows (towards the unit)."""
        zoom = pixels_per_unit(painter)
        head = 11 / zoom
        painter.setPen(screen_pen(style.WHITE, 4.0, painter))
        travelled = 0.0
        for a, b in zip(points, points[1:], strict=False):
            travelled += QLineF(a, b).length() * zoom
            if travelled < CHEVRON_SPACING_PX:
                continue
            travelled = 0.0
            mid = (a + b) / 2
            angle = math.atan2(b.y() - a.y(), b.x() - a.x())
            for turn in (2.5, -2.5):
                wing = QPointF(
                    mid.x() + head * math.cos(angle + turn), mid.y() + head * math.sin(angle + turn)
                )
                painter.drawLine(QLineF(mid, wing))


def caption(painter: QPainter, anchor: QPointF, text: str, centred: bool = False) -> None:
    """A boxed caption of fixed screen size: black on white reads over any map and overlay."""
    zoom = pixels_per_unit(painter)
    painter.save()
    painter.translate(anchor)
    painter.scale(1 / zoom, 1 / zoom)
    font = style.font(20, bold=True)
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(text) + 20
    box = QRectF(-width / 2 if centred else 0, -17, width, 34)
    painter.setPen(QPen(style.BLACK, 2.5))
    painter.setBrush(style.with_alpha(style.WHITE, 235))
    painter.drawRoundedRect(box, 6, 6)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


class WhyLabels(QGraphicsItem):
    """The source mark, the "!" on hexes under fire, reason letters and the caption: above the
    counters, so a unit standing on the source or on a blocker does not hide them."""

    def __init__(self, overlay: WhyOverlay) -> None:
        super().__init__()  # not a child: a child cannot stack above the counters its parent is under
        self.overlay = overlay
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(LABEL_Z)
        self.setVisible(False)

    def boundingRect(self) -> QRectF:
        return self.overlay.boundingRect()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        e = self.overlay.explanation
        if e is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        geometry = self.overlay.geometry
        zoom = pixels_per_unit(painter)
        for o in (*e.blockers, *e.blocked_sources):
            text = reason_codes(o) + (" S" if o in e.blocked_sources else "")
            halo_text(
                painter, geometry.centre(o.hex), text, style.font(20, bold=True), style.BLACK, halo_px=4
            )
        for o in e.fire:
            self._fire_flag(painter, geometry.centre(o.hex) + QPointF(0, -22 / zoom))
        if e.source is not None:
            self._source_mark(painter, geometry.centre(e.source))
        if e.source is not None:  # the total beside the source, where the line starts
            caption_at = geometry.centre(e.source) + QPointF(26 / zoom, 0)
        else:  # a pocket: below it and the hexes that close it, so the caption hides none of them
            lowest = max(geometry.centre(h).y() for h in (e.hex, *e.region, *e.blocking_hexes))
            caption_at = QPointF(
                geometry.centre(e.hex).x(), lowest + geometry.layout.corner_radius + 24 / zoom
            )
        caption(painter, caption_at, summary(e), centred=e.source is None)

    def _source_mark(self, painter: QPainter, centre: QPointF) -> None:
        radius = 17 / pixels_per_unit(painter)
        painter.setPen(screen_pen(style.WHITE, 4.0, painter))
        painter.setBrush(style.BLACK)
        painter.drawEllipse(centre, radius, radius)
        halo_text(painter, centre, "S", style.font(20, bold=True), style.WHITE, halo=style.BLACK, halo_px=0.5)

    def _fire_flag(self, painter: QPainter, centre: QPointF) -> None:
        r = 15 / pixels_per_unit(painter)
        triangle = QPolygonF(
            [
                QPointF(centre.x(), centre.y() - r),
                QPointF(centre.x() + r, centre.y() + r * 0.8),
                QPointF(centre.x() - r, centre.y() + r * 0.8),
            ]
        )
        painter.setPen(screen_pen(style.BLACK, 2.5, painter))
        painter.setBrush(style.YELLOW)
        painter.drawPolygon(triangle)
        halo_text(
            painter,
            centre + QPointF(0, r * 0.25),
            "!",
            style.font(16, bold=True),
            style.BLACK,
            halo=style.YELLOW,
            halo_px=0.5,
        )


def _legend_path(p: QPainter, r: QRectF) -> None:
    y = r.center().y()
    p.setPen(QPen(style.WHITE, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(r.left() + 4, y), QPointF(r.right() - 4, y))
    p.setPen(QPen(style.BLACK, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    p.drawLine(QPointF(r.left() + 4, y), QPointF(r.center().x(), y))
    p.setPen(QPen(style.VERMILLION, 5, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap))
    p.drawLine(QPointF(r.center().x(), y), QPointF(r.right() - 4, y))
    p.setPen(QPen(style.WHITE, 2))
    p.setBrush(style.BLACK)
    p.drawEllipse(QPointF(r.left() + 8, y), 8, 8)


def _legend_blocker(p: QPainter, r: QRectF) -> None:
    c, radius = r.center(), r.height() / 2
    hexagon = QPolygonF(
        [
            QPointF(c.x() + radius * math.cos(math.pi * i / 3), c.y() + radius * math.sin(math.pi * i / 3))
            for i in range(6)
        ]
    )
    p.setPen(QPen(style.VERMILLION, 3))
    p.setBrush(style.with_alpha(style.VERMILLION, 70))
    p.drawPolygon(hexagon)
    p.setBrush(QBrush(style.BLACK, Qt.BrushStyle.BDiagPattern))
    p.drawPolygon(hexagon)


def legend_icon(paint: Callable[[QPainter, QRectF], None]) -> QIcon:
    pixmap = QPixmap(56, 34)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(painter, QRectF(2, 2, 52, 30))
    painter.end()
    return QIcon(pixmap)


LEGEND_ROWS = (
    ("Why (Y): supply line from its source S; dashed: under fire", _legend_path),
    (f"Why (Y): hex blocking supply ({REASON_LEGEND})", _legend_blocker),
)


class WhyPanel(QWidget):
    """The explanation in words, with a button that clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Select a unit and press Y: why does it have the supply it has?")
        self.title.setObjectName("whyTitle")
        self.title.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("whyText")
        self.text.setReadOnly(True)
        self.text.setToolTip(f"Why the unit has its supply status. Letters on the map: {REASON_LEGEND}")
        self.clear_button = QPushButton("Clear (Esc)")
        self.clear_button.setToolTip("Take the explanation off the map (Esc)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.clear_button)

    def show_explanation(self, e: Explanation | None, official: str) -> None:
        if e is None:
            self.title.setText("Select a unit and press Y: why does it have the supply it has?")
            self.text.setPlainText("")
            return
        self.title.setText(f"<b>Why {e.unit_id} is {e.supply.title}</b><br>{official}")
        lines = e.lines()
        if e.blockers or e.blocked_sources:
            lines.append(f"  On the map: {REASON_LEGEND}")
        self.text.setPlainText("\n".join(lines))


class WhyHook(QObject):
    """The Why action (Y), its map overlay and panel, for one main window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.unit_id: str | None = None
        self.explanation: Explanation | None = None
        self.overlay = self._add_overlay()
        self.panel = WhyPanel()
        self.panel.clear_button.clicked.connect(self.clear)
        self.dock = QDockWidget("Why", window.widget)
        self.dock.setObjectName("whyDock")
        self.dock.setWidget(self.panel)
        window.add_dock(self.dock)
        self.action = QAction("Why this supply status?", window.widget)
        self.action.setShortcut(QKeySequence("Y"))
        tip = "Show why the selected unit has its supply: the traced path, or what cuts it off (Y)"
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.explain_selected)
        window.widget.addAction(self.action)
        window.menu("View").addAction(self.action)
        window.controller.changed.connect(self.on_update)
        window.controller.perspective_changed.connect(self.on_view_changed)
        window.controller.game_replaced.connect(self._new_scene)
        window.view.installEventFilter(self)
        window.scene.selectionChanged.connect(self._selection_changed)
        self._add_legend()

    # --- asking -------------------------------------------------------------------------------

    def selected_unit(self) -> str | None:
        ids = [uid for item in self.window.scene.selectedItems() if (uid := getattr(item, "unit_id", None))]
        return str(ids[0]) if len(ids) == 1 else None

    def explain_selected(self) -> bool:
        unit_id = self.selected_unit()
        if unit_id is None:
            self.window.show_message("Select one unit first (click its counter or Tab), then Y", 8000)
            return False
        return self.explain_unit(unit_id)

    def unit_entry(self, menu: QMenu, sub: QMenu, unit: Unit, view: SideView) -> None:
        """The hex menu's "Why this supply status?" for a unit whose supply the view knows."""
        if view.knows_supply_of(unit.id):  # a side learns nothing of enemy supply
            why = QAction(f"Why this supply status? ({unit.label})", menu)
            why.triggered.connect(lambda: self.explain_unit(unit.id))
            menu.insertAction(sub.menuAction(), why)

    def explain_unit(self, unit_id: str, announce: bool = True) -> bool:
        """Show why ``unit_id`` has its supply; False (and the reason in the status bar) if not.

        ``announce``: bring the panel forward and name the status in the status bar (not when
        the game changed under an open explanation: the action's own message stays)."""
        refusal = self._hidden_from_view(unit_id)
        if refusal is not None:
            self.window.show_refusal(refusal)
            return False
        state = self.seen_state()
        try:
            e = explain(state, unit_id)
        except WargameError as error:
            self.window.show_refusal(str(error))
            return False
        self.unit_id, self.explanation = unit_id, e
        if self.selected_unit() != unit_id:
            self.window.scene.select_units([unit_id])  # e.g. asked from the hex menu
        self.overlay.show_explanation(e)
        self.panel.show_explanation(e, self._official_line(unit_id))
        if announce:
            self.dock.show()
            self.dock.raise_()
            self.window.show_message(f"Why: {e.lines()[0]}", 10000)
        return True

    def clear(self) -> None:
        self.unit_id, self.explanation = None, None
        self.overlay.show_explanation(None)
        self.panel.show_explanation(None, "")

    def viewing_side(self) -> str | None:
        """The side whose view is shown; None for the facilitator's (or no side views)."""
        return self.window.controller.view().viewer

    def _hidden_from_view(self, unit_id: str) -> str | None:
        """Why a side's view may not explain ``unit_id`` (an enemy unit), else None."""
        side = self.viewing_side()
        unit = self.window.controller.state.units.get(unit_id)
        if side is None or unit is None or unit.side == side:
            return None
        # The same words for an enemy in sight and out of it: the refusal tells nothing either.
        name = self.window.controller.state.scenario.side(side).name
        return f"in the {name} view, Why explains only {name}'s own units"

    def on_view_changed(self, update: Update | None = None) -> None:
        """The view switched: an enemy unit's explanation goes; an own unit's is worked out
        again as the new view sees the map (no unseen enemy among its blockers)."""
        if self.unit_id is None:
            return
        if self._hidden_from_view(self.unit_id) is not None or self.unit_id not in self.seen_state().units:
            self.clear()
        else:
            self.explain_unit(self.unit_id, announce=False)

    def seen_state(self) -> GameState:
        """The state as the view shown sees it: in a side view, enemy units out of sight are left
        out, so the explanation does not tell where they stand."""
        return self.window.controller.update().seen_state()

    def _official_line(self, unit_id: str) -> str:
        analysis = self.window.controller.analysis
        state = self.window.controller.state
        for side in analysis.sides.values() if analysis else ():
            if unit_id in side.units:
                return official_text(state, side.units[unit_id])
        return ""

    # --- following the game -------------------------------------------------------------------

    def on_update(self, update: Update) -> None:
        if self.unit_id is None:
            return
        self.on_view_changed(update)

    def _selection_changed(self) -> None:
        # After the event: selecting by code clears first, then selects (two signals).
        QTimer.singleShot(0, self._follow_selection)

    def _follow_selection(self) -> None:
        if self.unit_id is None or not isValid(self.window.scene):
            return
        selected = self.selected_unit()
        if selected is None:
            self.clear()  # clicked elsewhere
        elif selected != self.unit_id:
            self.explain_unit(selected)

    def _new_scene(self) -> None:
        """Another game (maybe another map): the overlay moves to the window's scene."""
        self.clear()
        self._add_legend()
        scene = self.window.scene
        if self.overlay.scene() is not scene:
            for item in (self.overlay, self.overlay.labels):
                if item.scene() is not None:
                    item.scene().removeItem(item)
            self.overlay = self._add_overlay()
            scene.selectionChanged.connect(self._selection_changed)

    def _add_legend(self) -> None:
        legend = self.window.legend
        for text, paint in LEGEND_ROWS:
            if not legend.findItems(text, Qt.MatchFlag.MatchExactly):
                legend.addItem(QListWidgetItem(legend_icon(paint), text))

    def _add_overlay(self) -> WhyOverlay:
        overlay = WhyOverlay(self.window.scene.geometry)
        self.window.scene.addItem(overlay)
        self.window.scene.addItem(overlay.labels)
        return overlay

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        pressed = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        escape = pressed and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
        if escape and self.unit_id is not None:
            self.clear()  # the view still goes back to the move tool as usual
        return False
