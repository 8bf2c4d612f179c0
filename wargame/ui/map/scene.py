"""MapScene: the map, its overlays and the counters of one game, usable without a window.

Build it from a GameMap and the scenario's sides, then call :meth:`MapScene.show_state` with
a state, its analysis and what changed; only the affected items are rebuilt. It paints into
any QPainter, so exports render it offscreen into a QImage::

    scene = MapScene(game.map, game.scenario.sides)
    scene.show_state(game.state, analysis)
    scene.render(QPainter(image), target, scene.map_rect())
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from wargame.core.actions import EVERYTHING, Changes
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Side, Unit
from wargame.core.rules.results import Analysis, UnitSupply
from wargame.core.state import GameState
from wargame.ui.map import style
from wargame.ui.map.items.base_map import BaseMapItem, MapLabelsItem, map_bounds
from wargame.ui.map.items.counters import STACK_STEP, TILE, CounterItem
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.items.hex_grid import HexGridItem
from wargame.ui.map.items.overlays import (
    ControlLayer,
    CriticalLayer,
    NoteLayer,
    OverlayItem,
    PocketLayer,
    RouteLayer,
    SupplyLayer,
    SupplyPathLayer,
)
from wargame.ui.map.items.paint import TextBox

COUNTER_SHARE_OF_HEX = 0.8  # counter width as a share of the hex size
COUNTER_MIN_PX = 64.0  # least on-screen counter width when zoomed far out
PIXMAP_CACHE_KB = 256 * 1024
HATCHES = (Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.FDiagPattern)

# Layer names, in the order the View menu and the legend list them.
LAYER_TITLES = {
    "grid": "Hex grid",
    "control": "Control and front line",
    "routes": "Routes, cut roads and fire",
    "critical": "Critical hexes of the corridor",
    "pockets": "Pockets",
    "labels": "Place names and road numbers",
    "notes": "Notes",
}


class MapScene(QGraphicsScene):
    """The scene of one map; counters and overlays follow the states it is shown."""

    unit_move_requested = Signal(str, object)  # unit id, target Hex or None when off the map
    unit_edit_requested = Signal(str)  # unit id (double-click on a counter)

    def __init__(self, gamemap: GameMap, sides: Sequence[Side], parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Each cached layer keeps a viewport-sized pixmap (about 8 MB at 1920×1080); Qt's default
        # 10 MB pixmap cache would evict them on every frame and repaint everything.
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.map = gamemap
        self.sides = tuple(sides)
        self.colours = {side.id: QColor(side.colour) for side in self.sides}
        self.geometry = HexGeometry.of(gamemap)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setBackgroundBrush(QColor("#C9C4B8"))
        self.base = BaseMapItem(gamemap, self.geometry)
        self.labels = MapLabelsItem(gamemap, self.geometry)
        self.labels.setZValue(50)
        self.grid = HexGridItem(gamemap, self.geometry)
        self.grid.setZValue(40)
        self.control = ControlLayer(self.geometry, self.colours)
        self.supply = {
            side.id: SupplyLayer(self.geometry, side.id, self.colours[side.id], HATCHES[i % 2])
            for i, side in enumerate(self.sides)
        }
        self.pockets = PocketLayer(self.geometry)
        self.critical = CriticalLayer(self.geometry)
        self.routes = RouteLayer(self.geometry)
        self.supply_paths = SupplyPathLayer(self.geometry)
        self.notes = NoteLayer(self.geometry)
        for item in (
            self.base,
            self.labels,
            self.grid,
            self.control,
            *self.supply.values(),
            self.pockets,
            self.critical,
            self.routes,
            self.supply_paths,
            self.notes,
        ):
            self.addItem(item)
        self.counters: dict[str, CounterItem] = {}
        self.state: GameState | None = None
        self.analysis: Analysis | None = None
        self.viewing_side: str | None = None
        self._counter_scale = 1.0
        self.counter_size = 1.0  # presentation scale (1.0 to 2.0) of counters and their least size
        self.selectionChanged.connect(self._show_supply_paths)
        self.setSceneRect(map_bounds(self.geometry).adjusted(-3000, -3000, 3000, 3000))

    # --- layers ---------------------------------------------------------------------------

    def layers(self) -> dict[str, list[QGraphicsItem]]:
        named: dict[str, list[QGraphicsItem]] = {
            "grid": [self.grid],
            "control": [self.control],
            "routes": [self.routes],
            "critical": [self.critical],
            "pockets": [self.pockets],
            "labels": [self.labels],
            "notes": [self.notes],
        }
        for side_id, layer in self.supply.items():
            named[f"supply:{side_id}"] = [layer]
        return named

    def layer_titles(self) -> dict[str, str]:
        titles = dict(LAYER_TITLES)
        for side in self.sides:
            titles[f"supply:{side.id}"] = f"Supply area of {side.name}"
        return titles

    def set_layer_visible(self, name: str, visible: bool) -> None:
        for item in self.layers()[name]:
            if isinstance(item, OverlayItem):
                item.set_enabled(visible)  # stays hidden while it has nothing to show
            else:
                item.setVisible(visible)

    def map_rect(self) -> QRectF:
        return map_bounds(self.geometry)

    def hex_at(self, point: QPointF) -> Hex | None:
        return self.geometry.hex_at(point)

    # --- state ------------------------------------------------------------------------------

    def show_state(
        self,
        state: GameState,
        analysis: Analysis | None,
        changes: Changes = EVERYTHING,
        side: str | None = None,
        shown: Analysis | None = None,
        visible: frozenset[str] | None = None,
    ) -> None:
        """Show ``state``: rebuild only what ``changes`` names, plus the analysis overlays.

        ``side`` is the side whose view is shown (None: the facilitator's, everything): it sees
        its own pockets, corridors, routes and supply (``shown``, the analysis filtered for it),
        and only the units in ``visible``; enemy counters show no supply and cannot be picked.
        """
        shown = analysis if side is None else shown
        previous, self.state = self.state, state
        everything = changes.everything or previous is None
        if everything:
            self.control.show_state(state)
        elif changes.hexes:
            self.control.show_state(state, changes.hexes)
        self._update_counters(state, None if everything else changes)
        new_view = side != self.viewing_side
        if analysis is not self.analysis or everything or changes.segments or changes.turn or new_view:
            self.analysis, self.viewing_side = analysis, side
            for layer in self.supply.values():
                layer.show_analysis(analysis, state.control)
            self.pockets.show_analysis(shown)
            self.critical.show_analysis(shown, state.scenario.rules.narrow_corridor_hexes)
            self._update_badges(analysis)
            self._show_supply_paths()
        self.notes.show_notes(state)
        self.routes.show_routes(state, analysis, side or state.side_to_move)
        self._show_view(side, visible)

    def _show_view(self, side: str | None, visible: frozenset[str] | None) -> None:
        for unit_id, item in self.counters.items():
            item.setVisible(side is None or visible is None or unit_id in visible)
            enemy = side is not None and item.unit.side != side
            # An enemy counter in sight shows where the unit is, not its supply (badge, tooltip, path).
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, not enemy)
            if enemy:
                item.set_supply(None)
        for layer_side, layer in self.supply.items():
            layer.setOpacity(1.0 if side is None or layer_side == side else 0.0)

    def _update_counters(self, state: GameState, changes: Changes | None) -> None:
        ids = set(self.counters) | set(state.units) if changes is None else set(changes.units)
        hexes: set[Hex] = set() if changes is None else set(changes.hexes)
        for unit_id in ids:
            old = self.counters.get(unit_id)
            unit = state.units.get(unit_id)
            if old is not None:
                hexes.add(old.unit.hex)
            if unit is None:
                if old is not None:
                    self.removeItem(old)
                    del self.counters[unit_id]
                continue
            hexes.add(unit.hex)
            if old is None:
                self.counters[unit_id] = self._new_counter(unit)
            else:
                old.set_unit(unit, old.supply)
        for h in hexes if changes is not None else {u.hex for u in state.units.values()}:
            self._stack(state.units_at(h))

    def _new_counter(self, unit: Unit) -> CounterItem:
        hostile = bool(self.sides) and unit.side != self.sides[0].id
        item = CounterItem(unit, self.colours.get(unit.side, style.BLACK), hostile)
        item.setScale(self._scale_for_counters())
        self.addItem(item)
        return item

    def _stack(self, units: list[Unit]) -> None:
        """Counters sharing a hex fan out a little, the first one lowest."""
        scale = self._scale_for_counters()
        for index, unit in enumerate(units):
            item = self.counters.get(unit.id)
            if item is not None:
                item.place(self.geometry.centre(unit.hex) + STACK_STEP * (index * scale))
                item.setZValue(100 + index)

    def _show_supply_paths(self) -> None:
        """Draw how each selected unit is supplied: the path traced from its source."""
        paths = []
        for item in self.selectedItems():
            counter = self.counters.get(getattr(item, "unit_id", ""))
            if counter is not None and counter.supply is not None and counter.supply.path:
                paths.append((self.colours.get(counter.unit.side, style.BLACK), counter.supply.path))
        self.supply_paths.show_paths(paths)

    def _update_badges(self, analysis: Analysis | None) -> None:
        supplies: dict[str, UnitSupply] = {}
        for side in analysis.sides.values() if analysis else ():
            supplies.update(side.units)
        for unit_id, item in self.counters.items():
            item.set_supply(supplies.get(unit_id))

    # --- zoom and dragging ------------------------------------------------------------------

    def _scale_for_counters(self) -> float:
        share = COUNTER_SHARE_OF_HEX * self.counter_size
        return share * self.map.layout.size_m / TILE.width() * self._counter_scale

    # --- what is drawn where (the layout report) --------------------------------------------

    def text_boxes(self, zoom: float) -> list[TextBox]:
        """Every text the map items draw at ``zoom`` (screen pixels per scene unit)."""
        boxes: list[TextBox] = []
        for item in (self.labels, self.routes, self.critical, self.pockets, self.grid):
            if item.isVisible():
                boxes.extend(item.text_boxes(zoom))
        return boxes

    def counter_boxes(self) -> list[tuple[QRectF, list[float]]]:
        """Each drawn counter's box in the scene and the sizes of its text (scene units)."""
        return [item.drawn_box() for item in self.counters.values() if item.isVisible()]

    def set_counter_size(self, factor: float) -> None:
        """Grow every counter, place name and route label by ``factor`` (the View menu's scale
        for the back of the room)."""
        self.counter_size = factor
        self.labels.set_text_scale(factor)
        self.routes.set_text_scale(factor)
        for item in self.counters.values():
            item.setScale(self._scale_for_counters())
        if self.state is not None:
            for h in {u.hex for u in self.state.units.values()}:
                self._stack(self.state.units_at(h))

    def set_zoom(self, pixels_per_unit: float) -> None:
        """Tell the scene the view's zoom, so counters keep a readable least size."""
        counter_px = COUNTER_SHARE_OF_HEX * self.map.layout.size_m * pixels_per_unit
        boost = max(1.0, COUNTER_MIN_PX / counter_px) if counter_px > 0 else 1.0
        if abs(boost - self._counter_scale) < 1e-3:
            return
        self._counter_scale = boost
        scale = self._scale_for_counters()
        for item in self.counters.values():
            item.setScale(scale)
        if self.state is not None:
            for h in {u.hex for u in self.state.units.values()}:
                self._stack(self.state.units_at(h))

    def counter_dropped(self, item: CounterItem, point: QPointF) -> None:
        """A counter was dragged and let go: ask for the move (the controller may refuse)."""
        self.unit_move_requested.emit(item.unit_id, self.hex_at(point))

    def snap_back(self, unit_id: str) -> None:
        item = self.counters.get(unit_id)
        if item is not None:
            item.snap_back()

    def select_units(self, unit_ids: Sequence[str]) -> None:
        self.clearSelection()
        for unit_id in unit_ids:
            item = self.counters.get(unit_id)
            if item is not None:
                item.setSelected(True)
