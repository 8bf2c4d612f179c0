"""Overlays updated from the state and the analysis: control, supply areas, pockets, critical
hexes, routes, cut roads and fire. Each layer rebuilds its paths only when told something it
shows has changed, and caches its painting between changes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from wargame.core.grid.hexgrid import Hex, to_offset
from wargame.core.map.route_lines import nearest_on, point_along, route_lines
from wargame.core.model import Segment
from wargame.core.rules.naming import counted
from wargame.core.rules.results import Analysis, Corridor, RouteState, RouteStatus, sp_text
from wargame.core.state import GameState
from wargame.ui.map import style
from wargame.ui.map.items.base_map import map_bounds
from wargame.ui.map.items.geometry import HexGeometry, to_scene
from wargame.ui.map.items.labels import MapLabel
from wargame.ui.map.items.paint import Pieces, halo_text, pixels_per_unit, screen_pen


class OverlayItem(QGraphicsItem):
    """A cached, non-interactive layer over the base map."""

    def __init__(self, geometry: HexGeometry, z: float) -> None:
        super().__init__()
        self.geometry = geometry
        self._bounds = map_bounds(geometry).adjusted(-1500, -1500, 1500, 1500)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(z)

        self.enabled = True  # the player's choice (View ▸ Map layers)
        self.has_content = True

    def boundingRect(self) -> QRectF:
        return self._bounds

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._sync_visible()

    def set_content(self, present: bool) -> None:
        """An empty layer is hidden: each visible layer costs a full-view copy per frame."""
        self.has_content = present
        self._sync_visible()

    def _sync_visible(self) -> None:
        self.setVisible(self.enabled and self.has_content)


class ControlLayer(OverlayItem):
    """A light tint over each side's hexes and a bold front line between sides.

    The map is split into blocks of hexes; a change of control rebuilds only the blocks it
    touches, so seizing a hex costs the same on a large map as on a small one.
    """

    BLOCK = 8  # hexes per block side, in offset columns and rows

    def __init__(self, geometry: HexGeometry, colours: dict[str, QColor]) -> None:
        super().__init__(geometry, 10)
        self.colours = colours
        self.blocks: dict[tuple[int, int], list[Hex]] = {}
        for h in sorted(geometry.map):
            self.blocks.setdefault(self._block(h), []).append(h)
        self.block_pairs: dict[tuple[int, int], list[tuple[Hex, Hex, QLineF]]] = {}
        for a, b, line in geometry.inner_pairs():
            self.block_pairs.setdefault(self._block(a), []).append((a, b, line))
        self.areas: dict[tuple[int, int], dict[str, QPainterPath]] = {}
        self.fronts: dict[tuple[int, int], QPainterPath] = {}

    def _block(self, h: Hex) -> tuple[int, int]:
        col, row = to_offset(h)
        return col // self.BLOCK, row // self.BLOCK

    def show_state(self, state: GameState, hexes: frozenset[Hex] | None = None) -> None:
        """Rebuild the blocks around ``hexes`` (all blocks when None)."""
        if hexes is None:
            touched = set(self.blocks)
        else:
            touched = {self._block(x) for h in hexes for x in (h, *h.neighbours())}
        control = state.control
        for key in touched & set(self.blocks):
            by_side: dict[str, list[Hex]] = {}
            for h in self.blocks[key]:
                side = control.get(h)
                if side is not None:
                    by_side.setdefault(side, []).append(h)
            # One merged outline per side and block fills far faster than a polygon per hex.
            self.areas[key] = {side: self.geometry.fill_path(hs).simplified() for side, hs in by_side.items()}
            front = QPainterPath()
            for a, b, line in self.block_pairs.get(key, ()):
                if control.get(a) != control.get(b):
                    front.moveTo(line.p1())
                    front.lineTo(line.p2())
            self.fronts[key] = front
        # Repaint only around what changed: the rest of the cached picture stays as it is.
        if hexes is None:
            self.update()
        else:
            self.update(self.geometry.hexes_rect(hexes))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # hex edges meet exactly
        painter.setPen(Qt.PenStyle.NoPen)
        brushes = {side: style.with_alpha(colour, 38) for side, colour in self.colours.items()}
        shown = option.exposedRect.adjusted(-600, -600, 600, 600)
        for areas in self.areas.values():
            for side, path in areas.items():
                if path.controlPointRect().intersects(shown):
                    painter.setBrush(brushes.get(side, style.with_alpha(style.BLACK, 38)))
                    painter.drawPath(path)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(screen_pen(QColor(30, 30, 30, 200), 3.0, painter))
        for front in self.fronts.values():
            if front.controlPointRect().intersects(shown):
                painter.drawPath(front)


class SupplyLayer(OverlayItem):
    """One side's supply: the outline of the area it can supply, hatching where only limited."""

    def __init__(self, geometry: HexGeometry, side: str, colour: QColor, hatch: Qt.BrushStyle) -> None:
        super().__init__(geometry, 20)
        self.side = side
        self.colour = colour
        self.hatch = hatch
        self.outline = Pieces()
        self.limited = Pieces()
        self._shown: tuple[frozenset[Hex], frozenset[Hex]] | None = None
        self._control: Mapping[Hex, str] | None = None

    def show_analysis(self, analysis: Analysis | None, control: Mapping[Hex, str]) -> None:
        """Outline where the side's supply ends inside its own or open ground; along the enemy's
        ground the front line already says it."""
        side = analysis.sides.get(self.side) if analysis else None
        supplied = side.supplied_hexes if side else frozenset()
        limited = side.limited_hexes if side else frozenset()
        if self._shown == (supplied, limited) and self._control is control:
            return  # most actions leave a side's supply area as it was
        before, same_control = self._shown, self._control is control
        self._shown, self._control = (supplied, limited), control
        area = supplied | limited
        edges = [
            (h, line)
            for h, line, n in self.geometry.outline_segments_with(area)
            if n in self.geometry.map and control.get(n) in (None, self.side)
        ]
        self.outline = _by_block(edges)
        self.limited = Pieces()
        for hexes in _blocks(limited).values():
            self.limited.add_path(self.geometry.fill_path(hexes))
        self.set_content(bool(supplied or limited))
        if before is None or not same_control:
            self.update()
        else:  # only where the area or its limited part changed
            changed = ((before[0] | before[1]) ^ (supplied | limited)) | (before[1] ^ limited)
            self.update(self.geometry.hexes_rect(changed))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(style.with_alpha(self.colour, 150), self.hatch))
        self.limited.draw(painter, option.exposedRect, 300)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(screen_pen(self.colour, 3.0, painter, Qt.PenStyle.DashLine))
        self.outline.draw(painter, option.exposedRect, 300)


class PocketLayer(OverlayItem):
    """Pockets: encircled areas outlined in heavy black with a cross-hatch inside."""

    def __init__(self, geometry: HexGeometry) -> None:
        super().__init__(geometry, 25)
        self.pockets: list[tuple[QPainterPath, QPainterPath, MapLabel]] = []

    def show_analysis(self, analysis: Analysis | None) -> None:
        before, self.pockets = self.pockets, []
        for side in analysis.sides.values() if analysis else ():
            for pocket in side.pockets:
                if not pocket.hexes:
                    continue
                points = sorted((self.geometry.centre(h) for h in pocket.hexes), key=lambda p: (p.y(), p.x()))
                top, bottom = QPointF(points[0]), QPointF(points[-1])
                top.setY(top.y() - self.geometry.layout.corner_radius)
                bottom.setY(bottom.y() + self.geometry.layout.corner_radius)
                count = len(pocket.units)
                text = f"POCKET · {side.side} · {count} unit{'s' if count != 1 else ''}"
                label = MapLabel(
                    ("pocket", f"{side.side}:{pocket.hexes[0]}"), text, "pocket", (top, bottom), pixels=16
                )
                self.pockets.append(
                    (self.geometry.fill_path(pocket.hexes), self.geometry.outline_path(pocket.hexes), label)
                )
        if _same_pockets(before, self.pockets):
            return
        self.set_content(bool(self.pockets))
        self.update()

    def labels(self) -> list[MapLabel]:
        return [label for _, _, label in self.pockets] if self.isVisible() else []

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for area, outline, _ in self.pockets:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(
                QBrush(style.with_alpha(style.REDDISH_PURPLE, 110), Qt.BrushStyle.DiagCrossPattern)
            )
            painter.drawPath(area)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(screen_pen(style.WHITE, 8.0, painter))
            painter.drawPath(outline)
            painter.setPen(screen_pen(style.BLACK, 5.0, painter, Qt.PenStyle.DashLine))
            painter.drawPath(outline)


class CriticalLayer(OverlayItem):
    """The corridor's critical hexes: the fewest hexes whose loss would close the ring."""

    def __init__(self, geometry: HexGeometry, colours: Mapping[str, QColor] | None = None) -> None:
        super().__init__(geometry, 45)
        self.hexes: list[Hex] = []
        self.captions: list[MapLabel] = []
        self.colours = dict(colours or {})  # each side's colour: a corridor's caption is its side's

    def show_analysis(self, analysis: Analysis | None, narrow_hexes: int) -> None:
        """Highlight the corridors at most ``narrow_hexes`` wide (wider ones are not in danger)."""
        before = (self.hexes, self.captions)
        self.hexes, self.captions = [], []
        for side in analysis.sides.values() if analysis else ():
            for corridor in side.corridors:
                if not corridor.critical_hexes or corridor.width_hexes > narrow_hexes:
                    continue
                self.hexes.extend(corridor.critical_hexes)
                self.captions.append(self._caption(side.side, corridor))
        if before == (self.hexes, self.captions):
            return
        self.set_content(bool(self.hexes))
        self.update()

    def _caption(self, side: str, corridor: Corridor) -> MapLabel:
        points = [self.geometry.centre(h) for h in corridor.critical_hexes]
        radius = self.geometry.layout.corner_radius
        middle = QPointF(sum(p.x() for p in points) / len(points), sum(p.y() for p in points) / len(points))
        below = QPointF(middle.x(), max(p.y() for p in points) + radius)
        above = QPointF(middle.x(), min(p.y() for p in points) - radius)
        return MapLabel(
            ("corridor", f"{side}:{corridor.name}"),
            f"{side} · {corridor_caption(corridor)}",
            "corridor",
            (middle, below, above),  # at the corridor first
            colour=QColor(self.colours.get(side, QColor("#7A2E5C"))),
            pixels=16,
        )

    def labels(self) -> list[MapLabel]:
        return list(self.captions) if self.isVisible() else []

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for h in self.hexes:
            polygon = self.geometry.polygon(h)
            painter.setBrush(QBrush(style.with_alpha(style.REDDISH_PURPLE, 70)))
            painter.setPen(screen_pen(style.WHITE, 9.0, painter))
            painter.drawPolygon(polygon)
            painter.setPen(screen_pen(style.REDDISH_PURPLE, 6.0, painter))
            painter.drawPolygon(polygon)


def corridor_caption(corridor: Corridor) -> str:
    """ "Corridor 3 hexes · can carry 9 SP, needs 1": how wide, and what it can carry against the
    need (the force it feeds, and the width in km, are in the warnings; the label sits at the
    corridor's critical hexes and must stay short enough to find room)."""
    carries = ""
    if corridor.capacity_sp is not None:
        carries = f" · can carry {sp_text(corridor.capacity_sp)} SP, needs {sp_text(corridor.need_sp)}"
    return f"Corridor {counted(corridor.width_hexes, 'hex', 'hexes')}{carries}"


ROUTE_TEXT_COLOUR = {
    RouteState.OPEN: QColor("#005F46"),
    RouteState.UNDER_FIRE: QColor("#8A5A00"),
    RouteState.CUT: QColor("#A03F00"),
}
ROUTE_DASH = {
    RouteState.OPEN: Qt.PenStyle.SolidLine,
    RouteState.UNDER_FIRE: Qt.PenStyle.DashLine,
    RouteState.CUT: Qt.PenStyle.DotLine,
}
LABEL_SHARES = (0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9)  # where along a route its label may go, best first


def route_caption(route: RouteStatus) -> str:
    """ "T0504 under fire · 2 of 8 SP": the route, its status (a ruling first) and what it carries."""
    status = style.ROUTE_TITLE[route.effective]
    text = f"{route.name} {status}"
    if route.override:
        text = f"{route.name} ruled {status} (computed {style.ROUTE_TITLE[route.status]})"
    if route.nominal_sp > 0:
        text += f" · {sp_text(route.capacity_sp)} of {sp_text(route.nominal_sp)} SP"
    return text


@dataclass(frozen=True, slots=True)
class DrawnRoute:
    """A route as drawn: its status, the lines of its road and where its marks go."""

    route: RouteStatus
    path: QPainterPath
    marks: tuple[QPointF, ...]
    anchors: tuple[QPointF, ...]

    @property
    def name(self) -> str:
        return self.route.name

    @property
    def status(self) -> RouteState:
        """The computed status (the facilitator's ruling is ``route.effective``)."""
        return self.route.status


class RouteLayer(OverlayItem):
    """Named routes (open / under fire / cut) along their roads, cut road segments and fire."""

    def __init__(self, geometry: HexGeometry) -> None:
        super().__init__(geometry, 30)
        self.routes: list[DrawnRoute] = []
        self.cut: list[Segment] = []
        self.fire: list[Hex] = []
        self._shown: object = None

    def show_routes(
        self,
        state: GameState,
        analysis: Analysis | None,
        side: str,
        headline: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """The routes of ``side``, and the routes named in ``headline`` ((side, route) pairs)
        whichever side they belong to."""
        wanted: list[tuple[str, RouteStatus]] = []
        for side_id, a in sorted(analysis.sides.items()) if analysis else ():
            for route in sorted(a.routes.values(), key=lambda r: r.name):
                if side_id == side or (side_id, route.name) in headline:
                    wanted.append((side_id, route))
        shown = (wanted, sorted(state.cut), sorted(state.interdicted))
        if shown == self._shown:
            return  # most actions leave the routes as they were: keep the cached picture
        self._shown = shown
        roads = {(s, spec.name): spec.road for s, specs in state.scenario.routes.items() for spec in specs}
        self.routes = [self._drawn(route, roads.get((s, route.name), route.name)) for s, route in wanted]
        self.cut, self.fire = shown[1], shown[2]
        self.set_content(bool(self.routes or self.cut or self.fire))
        self.update()

    def _drawn(self, route: RouteStatus, road: str) -> DrawnRoute:
        gamemap = self.geometry.map
        lines = route_lines(gamemap, road, route.route_hexes)
        path = QPainterPath()
        for line in lines:
            path.moveTo(to_scene(*line[0]))
            for point in line[1:]:
                path.lineTo(to_scene(*point))
        marks = tuple(
            to_scene(*nearest_on(lines, gamemap.layout.centre(h))) if lines else self.geometry.centre(h)
            for h in _break_points(route)
        )
        anchors = tuple(to_scene(*point_along(lines, share)) for share in LABEL_SHARES) if lines else ()
        return DrawnRoute(route, path, marks, anchors)

    def labels(self) -> list[MapLabel]:
        if not self.isVisible():
            return []
        order = {RouteState.CUT: 0, RouteState.UNDER_FIRE: 1, RouteState.OPEN: 2}
        return [
            MapLabel(
                ("route", drawn.name),
                route_caption(drawn.route),
                "route",
                drawn.anchors,
                colour=ROUTE_TEXT_COLOUR[drawn.route.effective],
                pixels=17,
                order=order[drawn.route.effective] * 10 + i,
            )
            for i, drawn in enumerate(self.routes)
            if drawn.anchors
        ]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for drawn in self.routes:
            self._paint_route(painter, drawn)
        for h in self.fire:
            self._paint_fire(painter, self.geometry.centre(h), large=True)
        for segment in self.cut:
            mid = (self.geometry.centre(segment.a) + self.geometry.centre(segment.b)) / 2
            self._paint_cross(painter, mid, 16.0)

    def _paint_route(self, painter: QPainter, drawn: DrawnRoute) -> None:
        status = drawn.route.effective  # a facilitator's ruling is what the room plays by
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(screen_pen(QColor(255, 255, 255, 210), 12.0, painter))
        painter.drawPath(drawn.path)
        pen = screen_pen(style.ROUTE_COLOUR[status], 7.0, painter, ROUTE_DASH[status])
        if status is RouteState.CUT:
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawPath(drawn.path)
        for point in drawn.marks:
            if status is RouteState.CUT:
                self._paint_cross(painter, point, 14.0)
            else:
                self._paint_fire(painter, point, large=False)

    def _paint_cross(self, painter: QPainter, centre: QPointF, pixels: float) -> None:
        r = pixels / pixels_per_unit(painter)
        for colour, width in ((style.WHITE, 9.0), (style.VERMILLION, 5.0)):
            painter.setPen(screen_pen(colour, width, painter))
            painter.drawLine(QLineF(centre.x() - r, centre.y() - r, centre.x() + r, centre.y() + r))
            painter.drawLine(QLineF(centre.x() - r, centre.y() + r, centre.x() + r, centre.y() - r))

    def _paint_fire(self, painter: QPainter, centre: QPointF, large: bool) -> None:
        """A burst: a star with eight points (under fire / interdicted)."""
        zoom = pixels_per_unit(painter)
        outer, inner = (22 if large else 13) / zoom, (10 if large else 6) / zoom
        points = [
            QPointF(
                centre.x() + (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 8),
                centre.y() + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 8),
            )
            for i in range(16)
        ]
        painter.setPen(screen_pen(style.BLACK, 2.0, painter))
        painter.setBrush(style.ORANGE if large else style.YELLOW)
        painter.drawPolygon(QPolygonF(points))


class NoteLayer(OverlayItem):
    """A pin on every hex a note is about (the note itself is in the log and the status bar)."""

    def __init__(self, geometry: HexGeometry) -> None:
        super().__init__(geometry, 60)
        self.hexes: list[Hex] = []

    def show_notes(self, state: GameState) -> None:
        hexes = sorted({h for note in state.notes for h in note.hexes})
        if hexes == self.hexes:
            return
        self.hexes = hexes
        self.set_content(bool(hexes))
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        zoom = pixels_per_unit(painter)
        size = 20 / zoom
        offset = QPointF(
            -self.geometry.layout.corner_radius * 0.55, self.geometry.layout.corner_radius * 0.35
        )
        for h in self.hexes:
            corner = self.geometry.centre(h) + offset
            box = QRectF(corner.x() - size / 2, corner.y() - size / 2, size, size)
            painter.setPen(screen_pen(style.BLACK, 2.0, painter))
            painter.setBrush(style.YELLOW)
            painter.drawRect(box)
            halo_text(
                painter,
                box.center(),
                "N",
                style.font(13, bold=True),
                style.BLACK,
                halo_px=0.5,
                halo=style.YELLOW,
            )


class SupplyPathLayer(OverlayItem):
    """The traced supply line of the selected units, from their source to the counter."""

    def __init__(self, geometry: HexGeometry) -> None:
        super().__init__(geometry, 35)
        self.paths: list[tuple[QColor, QPolygonF]] = []

    def show_paths(self, paths: list[tuple[QColor, tuple[Hex, ...]]]) -> None:
        self.paths = [
            (colour, QPolygonF([self.geometry.centre(h) for h in hexes])) for colour, hexes in paths if hexes
        ]
        self.set_content(bool(self.paths))
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for colour, line in self.paths:
            painter.setPen(screen_pen(style.WHITE, 9.0, painter))
            painter.drawPolyline(line)
            painter.setPen(screen_pen(colour, 5.0, painter, Qt.PenStyle.DashDotLine))
            painter.drawPolyline(line)
            start = line.first()
            radius = 9 / pixels_per_unit(painter)
            painter.setPen(screen_pen(style.BLACK, 2.0, painter))
            painter.setBrush(colour)
            painter.drawEllipse(start, radius, radius)
            painter.setBrush(Qt.BrushStyle.NoBrush)


def _same_pockets(
    a: list[tuple[QPainterPath, QPainterPath, MapLabel]],
    b: list[tuple[QPainterPath, QPainterPath, MapLabel]],
) -> bool:
    return len(a) == len(b) and all(x[1] == y[1] and x[2] == y[2] for x, y in zip(a, b, strict=True))


def _blocks(hexes: frozenset[Hex] | set[Hex], size: int = 8) -> dict[tuple[int, int], list[Hex]]:
    """Hexes grouped in blocks of ``size`` offset columns and rows (for culling when painting)."""
    blocks: dict[tuple[int, int], list[Hex]] = {}
    for h in hexes:
        col, row = to_offset(h)
        blocks.setdefault((col // size, row // size), []).append(h)
    return blocks


def _by_block(segments: list[tuple[Hex, QLineF]]) -> Pieces:
    paths: dict[tuple[int, int], QPainterPath] = {}
    for h, line in segments:
        col, row = to_offset(h)
        path = paths.setdefault((col // 8, row // 8), QPainterPath())
        path.moveTo(line.p1())
        path.lineTo(line.p2())
    pieces = Pieces()
    for path in paths.values():
        pieces.add_path(path)
    return pieces


def _break_points(route: RouteStatus) -> list[Hex]:
    """Where a route stops being open: each responsible hex whose predecessor on the route is fine."""
    bad = set(route.hexes)
    points = [
        h
        for before, h in zip((None, *route.route_hexes), route.route_hexes, strict=False)
        if h in bad and before not in bad
    ]
    return points or list(route.hexes[:1])
