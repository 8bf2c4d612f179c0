"""MapScene: the map, its overlays and the counters of one game, usable without a window.

Build it from a GameMap and the scenario's sides, then call :meth:`MapScene.show_state` with
a state, its analysis and what changed; only the affected items are rebuilt. Tell it the zoom
(:meth:`MapScene.set_zoom`): counters and labels are laid out for it, so that at any zoom no
two counters overlap (:mod:`wargame.ui.map.stacking`) and no label covers a counter or another
label (:mod:`wargame.ui.map.items.labels`). It paints into any QPainter, so exports render it
offscreen into a QImage (after telling it the picture's zoom)::

    scene = MapScene(game.map, game.scenario.sides)
    scene.show_state(game.state, analysis)
    scene.set_zoom(target.width() / scene.map_rect().width())
    scene.render(QPainter(image), target, scene.map_rect())
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsSceneMouseEvent
from shiboken6 import isValid

from wargame.core.actions import EVERYTHING, Changes, MoveUnit
from wargame.core.errors import ActionError
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import ECHELON_MARKS, Side, Unit
from wargame.core.rules.results import Analysis, Supply, UnitSupply
from wargame.core.state import GameState
from wargame.core.unit_names import short_names
from wargame.ui.map import style
from wargame.ui.map.boxes import Box
from wargame.ui.map.items.base_map import BaseMapItem, map_bounds
from wargame.ui.map.items.counters import TILE, CounterItem
from wargame.ui.map.items.fan import FAN_Z, FanCard, drop_marker, fan_positions
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.items.hex_grid import HexGridItem
from wargame.ui.map.items.labels import LabelLayer
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
from wargame.ui.map.items.reach import ReachItem
from wargame.ui.map.stacking import Piece, stack_pieces

COUNTER_SHARE_OF_HEX = 0.72  # a full counter's width as a share of the hex: neighbours stay apart
COUNTER_MOST_OF_HEX = 0.86  # ... grown to this share where that makes its text readable
FULL_LEAST_PX = 84.0  # below this width on screen (times the counter size) counters go compact
COMPACT_PX = 40.0  # a compact counter's least width on screen (times the counter size)
COMPACT_MOST_PX = 60.0  # ... and its largest
COMPACT_TILE = 48.0  # ... in its own units
FAN_AFTER_MS = 350  # hovering a stack this long fans it out
RELABEL_AFTER_MS = 150  # after a pan, labels cut by the view's edge find a place inside it
PIXMAP_CACHE_KB = 256 * 1024
HATCHES = (Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.FDiagPattern)
ECHELON_ORDER = {echelon: i for i, echelon in enumerate(ECHELON_MARKS)}
SUPPLY_ORDER = {Supply.ENCIRCLED: 0, Supply.OUT_OF_SUPPLY: 1, Supply.LIMITED: 2, Supply.SUPPLIED: 3}

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
        self.labels = LabelLayer(gamemap, self.geometry)
        self.grid = HexGridItem(gamemap, self.geometry)
        self.grid.setZValue(40)
        self.control = ControlLayer(self.geometry, self.colours)
        self.supply = {
            side.id: SupplyLayer(self.geometry, side.id, self.colours[side.id], HATCHES[i % 2])
            for i, side in enumerate(self.sides)
        }
        self.pockets = PocketLayer(self.geometry)
        self.critical = CriticalLayer(self.geometry, self.colours)
        self.routes = RouteLayer(self.geometry)
        self.supply_paths = SupplyPathLayer(self.geometry)
        self.notes = NoteLayer(self.geometry)
        self.reach = ReachItem(self.geometry)
        for item in (
            self.reach,
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
        self.seen: frozenset[str] | None = None  # the units the side in view sees (None: all)
        self.zoom = 0.05  # screen pixels per scene unit, as the view last said
        self.counter_size = 1.0  # presentation scale (1.0 to 2.0) of counters and text
        self.headline: tuple[tuple[str, str], ...] = ()  # (side, route) always drawn
        self.fan: tuple[CounterItem, FanCard] | None = None
        self._fan_candidate: CounterItem | None = None
        self._fan_timer = QTimer(self)
        self._fan_timer.setSingleShot(True)
        self._fan_timer.setInterval(FAN_AFTER_MS)
        self._fan_timer.timeout.connect(self._fan_hovered)
        self._drop_marker: QGraphicsPathItem | None = None
        self._relabel_timer = QTimer(self)  # labels placed again once a pan comes to rest
        self._relabel_timer.setSingleShot(True)
        self._relabel_timer.setInterval(RELABEL_AFTER_MS)
        self._relabel_timer.timeout.connect(self.relayout_labels)
        self.selectionChanged.connect(self._show_supply_paths)
        self.selectionChanged.connect(self._show_reach)
        self.setSceneRect(map_bounds(self.geometry).adjusted(-3000, -3000, 3000, 3000))

    # --- layers ---------------------------------------------------------------------------

    def layers(self) -> dict[str, list[QGraphicsItem]]:
        named: dict[str, list[QGraphicsItem]] = {
            "grid": [self.grid],
            "control": [self.control],
            "routes": [self.routes],
            "critical": [self.critical],
            "pockets": [self.pockets],
            "labels": [],  # place names and plates are labels among the others: see set_layer_visible
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
        if name == "labels":
            self.labels.show_places = visible
        for item in self.layers()[name]:
            if isinstance(item, OverlayItem):
                item.set_enabled(visible)  # stays hidden while it has nothing to show
            else:
                item.setVisible(visible)
        self.relayout_labels()  # a layer's labels come and go with it

    def set_hex_numbers(self, on: bool) -> None:
        """View ▸ Hex numbers."""
        self.grid.show_labels = on
        self.relayout_labels()

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
        new_view = side != self.viewing_side
        # Units coming into or going out of sight are not in ``changes``: the drawn set follows
        # the units the view holds, so a unit out of sight has no counter at all.
        whole = everything or new_view or self.counters.keys() != state.units.keys()
        self._update_counters(state, None if whole else changes)
        self._show_reach()  # what the selected unit has left changed with the step
        if analysis is not self.analysis or everything or changes.segments or changes.turn or new_view:
            self.analysis, self.viewing_side = analysis, side
            for layer in self.supply.values():
                layer.show_analysis(analysis, state.control)
            self.pockets.show_analysis(shown)
            self.critical.show_analysis(shown, state.scenario.rules.narrow_corridor_hexes)
            self._update_badges(analysis)
            self._show_supply_paths()
            self.labels.named = _places_named(state, shown)
        self.notes.show_notes(state)
        self.routes.show_routes(state, analysis, side or state.side_to_move, self.headline)
        self._show_view(side, visible)
        self.relayout()

    def set_headline(self, routes: tuple[tuple[str, str], ...]) -> None:
        """Routes ((side, name) pairs) drawn whichever side is to move: those the headline
        warnings of presentation mode name."""
        if routes == self.headline:
            return
        self.headline = routes
        if self.state is not None:
            side = self.viewing_side or self.state.side_to_move
            self.routes.show_routes(self.state, self.analysis, side, routes)
            self.relayout_labels()

    def set_cited_hexes(self, hexes: Sequence[Hex]) -> None:
        """Hexes whose numbers stay readable at every zoom (the ones the shown warnings cite)."""
        cited = tuple(dict.fromkeys(h for h in hexes if h in self.map))
        if cited != self.labels.cited:
            self.labels.cited = cited
            self.relayout_labels()

    def _show_view(self, side: str | None, visible: frozenset[str] | None) -> None:
        self.seen = None if side is None or visible is None else visible
        first = side or (self.sides[0].id if self.sides else "")
        for item in self.counters.values():
            enemy = side is not None and item.unit.side != side
            # An enemy counter in sight shows where the unit is, not its supply (badge, tooltip, path).
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, not enemy)
            item.set_hostile(item.unit.side != first)  # each side's view: its own units friendly
            item.set_known(not enemy)
            if enemy:
                item.set_supply(None)
        for layer_side, layer in self.supply.items():
            layer.setOpacity(1.0 if side is None or layer_side == side else 0.0)

    def _update_counters(self, state: GameState, changes: Changes | None) -> None:
        ids = set(self.counters) | set(state.units) if changes is None else set(changes.units)
        for unit_id in sorted(ids):  # counters in unit order, whatever the hashing of this run
            old = self.counters.get(unit_id)
            unit = state.units.get(unit_id)
            if unit is None:
                if old is not None:
                    self._drop_counter(unit_id, old)
                continue
            if old is None:
                self.counters[unit_id] = self._new_counter(unit)
            else:
                old.set_unit(unit, old.supply)
        if changes is None or changes.units:
            names = short_names(state.units.values())
            for unit_id, item in self.counters.items():
                item.set_short(names.get(unit_id, item.unit.label))

    def _drop_counter(self, unit_id: str, item: CounterItem) -> None:
        """Take a counter off the map; marks other features put on it are detached first, so
        they outlive it (Qt deletes an item's children with it) and their features see it gone."""
        for child in item.childItems():
            child.setParentItem(None)  # type: ignore[arg-type]  # Qt takes None: no parent
            self.removeItem(child)
        self.removeItem(item)
        del self.counters[unit_id]

    def _new_counter(self, unit: Unit) -> CounterItem:
        hostile = bool(self.sides) and unit.side != self.sides[0].id
        item = CounterItem(unit, self.colours.get(unit.side, style.BLACK), hostile)
        item.setVisible(False)  # until the layout places it
        self.addItem(item)
        return item

    def _show_supply_paths(self) -> None:
        """Draw how each selected unit is supplied: the path traced from its source."""
        paths = []
        for item in self.selectedItems():
            counter = self.counters.get(getattr(item, "unit_id", ""))
            if counter is not None and counter.supply is not None and counter.supply.path:
                paths.append((self.colours.get(counter.unit.side, style.BLACK), counter.supply.path))
        self.supply_paths.show_paths(paths)

    def _show_reach(self) -> None:
        """Shade the hexes the one selected unit can still reach this turn."""
        picked = [
            self.counters[u]
            for u in (getattr(i, "unit_id", "") for i in self.selectedItems())
            if u in self.counters
        ]
        self.reach.show_for(self.state, picked[0].unit if len(picked) == 1 else None)

    def _update_badges(self, analysis: Analysis | None) -> None:
        supplies: dict[str, UnitSupply] = {}
        for side in analysis.sides.values() if analysis else ():
            supplies.update(side.units)
        for unit_id, item in self.counters.items():
            item.set_supply(supplies.get(unit_id))

    # --- layout: counters, then labels ------------------------------------------------------

    def counter_look(self) -> tuple[bool, float]:
        """Whether counters are compact at the current zoom, and their scale (scene units per
        face unit)."""
        hex_px = self.map.layout.size_m * self.zoom
        least = FULL_LEAST_PX * self.counter_size  # the full face's text readable (18 px at 150 %)
        if hex_px * COUNTER_MOST_OF_HEX >= least:
            width = max(COUNTER_SHARE_OF_HEX * hex_px, least)
            return False, width / TILE.width() / self.zoom
        # Compact counters grow a little with the hexes, then give way to the full face; the
        # text and counter size grows them in proportion.
        width = min(max(COMPACT_PX, COUNTER_SHARE_OF_HEX * hex_px), COMPACT_MOST_PX) * self.counter_size
        return True, width / COMPACT_TILE / self.zoom

    def relayout(self) -> None:
        """Lay out the counters (stacks where they would overlap), then the labels around them.
        A selected unit that ends up inside a stack is fanned out, so it stays picked and seen."""
        selected = [c.unit_id for c in self.counters.values() if c.isSelected()]
        self.layout_counters()
        if any(not self.counters[u].isVisible() for u in selected if u in self.counters):
            self.select_units(selected)
        self.relayout_labels()

    def layout_counters(self) -> None:
        """Stack the counters that would overlap at the zoom and put each drawn one in place."""
        self.fold_fan()
        compact, scale = self.counter_look()
        px = scale * self.zoom  # screen pixels per face unit
        solo = _scaled(CounterItem.local_box(compact, False), px)
        stacked = _scaled(CounterItem.local_box(compact, True), px)
        shown = [item for item in self.counters.values() if self.seen is None or item.unit_id in self.seen]
        pieces = []
        for item in shown:
            centre = self.geometry.centre(item.unit.hex)
            pieces.append(
                Piece(
                    item.unit_id, item.unit.side, centre.x() * self.zoom, centre.y() * self.zoom, _rank(item)
                )
            )
        leads: set[str] = set()
        for stack in stack_pieces(pieces, solo, stacked):
            lead = self.counters[stack.lead]
            members = [self.counters[key] for key in stack.keys[1:]]
            for item in (lead, *members):
                item.set_look(compact, scale)
                item.set_members([])
            lead.set_members(members)
            lead.place(QPointF(stack.x / self.zoom, stack.y / self.zoom))
            lead.setZValue(100)
            leads.add(stack.lead)
        for unit_id, item in self.counters.items():
            if item.isVisible() != (unit_id in leads):  # a counter that stays keeps its selection
                item.setVisible(unit_id in leads)

    def shown_units(self) -> set[str]:
        """The units drawn, on a counter of their own or in a stack (the side in view's sight)."""
        return {
            c.unit_id for lead in self.counters.values() if lead.isVisible() for c in (lead, *lead.members)
        }

    def counter_boxes(self) -> list[tuple[QRectF, list[float]]]:
        """Each drawn counter's box in the scene and the sizes of its text (scene units)."""
        return [item.drawn_box() for item in self.counters.values() if item.isVisible()]

    def relayout_labels(self) -> None:
        """Place the labels again (the zoom, the text scale or an overlay changed)."""
        self.labels.text_scale = self.counter_size
        self.labels.show_hex_numbers = self.grid.show_labels and self.grid.isVisible()
        self.labels.set_source("routes", self.routes.labels())
        self.labels.set_source("corridors", self.critical.labels())
        self.labels.set_source("pockets", self.pockets.labels())
        obstacles: list[Box] = []
        for rect, _ in self.counter_boxes():
            z = self.zoom
            obstacles.append((rect.left() * z, rect.top() * z, rect.right() * z, rect.bottom() * z))
        self.labels.relayout(self.zoom, obstacles)

    def text_boxes(self, zoom: float) -> list[TextBox]:
        """Every text the labels draw (the counters' own text is in :meth:`counter_boxes`)."""
        return self.labels.text_boxes(zoom)

    def set_view_rect(self, rect: QRectF) -> None:
        """What the view shows (it panned or zoomed): hex numbers follow it."""
        if not isValid(self.labels):  # a view closing scrolls as its scene goes
            return
        moved = self.labels.view_rect is None or self.labels.view_rect != rect
        self.labels.set_view_rect(rect)
        if moved:
            self._relabel_timer.start()

    # --- zoom and scale ---------------------------------------------------------------------

    def set_counter_size(self, factor: float) -> None:
        """Grow every counter and every label by ``factor`` (the View menu's scale for the back
        of the room)."""
        self.counter_size = factor
        self.relayout()

    def set_zoom(self, pixels_per_unit: float) -> None:
        """Tell the scene the view's zoom: counters and labels are laid out for it."""
        if pixels_per_unit <= 0 or abs(pixels_per_unit - self.zoom) <= 1e-6 * self.zoom:
            return
        self.zoom = pixels_per_unit
        self.relayout()

    # --- stacks fanned out ------------------------------------------------------------------

    def stack_of(self, unit_id: str) -> CounterItem | None:
        """The counter that draws ``unit_id``: its own, or the lead of the stack it is in."""
        item = self.counters.get(unit_id)
        if item is None or item.isVisible():
            return item
        return next((c for c in self.counters.values() if item in c.members), None)

    def fan_out(self, lead: CounterItem) -> None:
        """Spread a stack: its counters side by side on a card, each to pick or drag."""
        if not lead.members:
            return
        self.fold_fan()
        items = [lead, *lead.members]
        compact, scale = lead.compact, lead.scale()
        box = CounterItem.local_box(compact, False)
        step_x, step_y = box.width() * scale * 1.08, box.height() * scale * 1.08
        positions = fan_positions(lead.home, len(items), step_x, step_y)
        area = QRectF()
        for item, position in zip(items, positions, strict=True):
            item.set_members([])
            item.place(position)
            item.setZValue(FAN_Z + 1)
            item.setVisible(True)
            area = area.united(item.mapRectToScene(box))
        margin = min(step_x, step_y) * 0.12
        card = FanCard(area.adjusted(-margin, -margin, margin, margin), lead.home)
        self.addItem(card)
        self.fan = (lead, card)

    def fold_fan(self) -> None:
        """Put a fanned-out stack back together."""
        self._fan_timer.stop()
        if self.fan is None:
            return
        lead, card = self.fan
        self.fan = None
        self.removeItem(card)
        self.layout_counters()
        self.relayout_labels()

    def fan_out_soon(self, lead: CounterItem | None) -> None:
        """Hovering a stack fans it out after a moment (None: the pointer left it)."""
        self._fan_candidate = lead
        if lead is None:
            self._fan_timer.stop()
        else:
            self._fan_timer.start()

    def _fan_hovered(self) -> None:
        lead = self._fan_candidate
        if lead is not None and lead.scene() is self and lead.members and lead.isVisible():
            self.fan_out(lead)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        # The pointer left a fanned-out stack (and is not dragging one of its counters): fold it.
        if self.fan is not None and event.buttons() == Qt.MouseButton.NoButton:
            area = self.fan[1].area
            reach = area.width() * 0.15
            if not area.adjusted(-reach, -reach, reach, reach).contains(event.scenePos()):
                self.fold_fan()
        super().mouseMoveEvent(event)

    # --- dragging ---------------------------------------------------------------------------

    def counter_dragged(self, item: CounterItem | None, point: QPointF) -> None:
        """A counter is being dragged over ``point`` (None: let go): mark the hex it would be
        dropped on when the move would be refused there."""
        if item is not None and self.reach.unit_id != item.unit_id:
            self.reach.show_for(self.state, item.unit)
        refused = None
        h = self.hex_at(point)
        if item is not None and self.state is not None and h is not None and h != item.unit.hex:
            try:
                MoveUnit(item.unit_id, h).validate(self.state)  # the one check of a move
            except ActionError:
                refused = h
        if refused is None:
            if self._drop_marker is not None:
                self._drop_marker.setVisible(False)
            return
        if self._drop_marker is None or self._drop_marker.scene() is not self:
            self._drop_marker = drop_marker(self.geometry.fill_path([refused]))
            self.addItem(self._drop_marker)
        self._drop_marker.setPath(self.geometry.fill_path([refused]))
        self._drop_marker.setVisible(True)

    def refused_drop(self) -> Hex | None:
        """The hex marked as a refused drop while dragging (None: none)."""
        marker = self._drop_marker
        if marker is None or not marker.isVisible():
            return None
        return self.hex_at(marker.path().boundingRect().center())

    def counter_dropped(self, item: CounterItem, point: QPointF) -> None:
        """A counter was dragged and let go: ask for the move (the controller may refuse)."""
        self.unit_move_requested.emit(item.unit_id, self.hex_at(point))

    def snap_back(self, unit_id: str) -> None:
        item = self.counters.get(unit_id)
        if item is not None:
            item.snap_back()

    def select_units(self, unit_ids: Sequence[str]) -> None:
        """Select units; the first drawn inside a stack is fanned out (another fan folds), so it
        can be seen and moved."""
        self.clearSelection()
        hidden = [u for u in unit_ids if u in self.counters and not self.counters[u].isVisible()]
        if hidden:
            self.fold_fan()
            lead = self.stack_of(hidden[0])
            if lead is not None:
                self.fan_out(lead)
        for unit_id in unit_ids:
            item = self.counters.get(unit_id)
            if item is not None:
                item.setSelected(True)


def _places_named(state: GameState, analysis: Analysis | None) -> frozenset[str]:
    """The places the warnings of ``analysis`` speak of ("near Khromove")."""
    text = " ".join(w.message for w in analysis.warnings) if analysis else ""
    return frozenset(name for name in state.map.settlements if name in text)


def _scaled(box: QRectF, px: float) -> Box:
    return (box.left() * px, box.top() * px, box.right() * px, box.bottom() * px)


def _rank(item: CounterItem) -> tuple[object, ...]:
    """Which unit leads a stack: the worst supplied, then the largest, then by id."""
    supply = SUPPLY_ORDER.get(item.supply.supply, 4) if item.supply is not None else 4
    return (supply, -ECHELON_ORDER.get(item.unit.echelon, 0), item.unit_id)
