"""The static base map drawn from the map's vector features: built once per map, then cached.

Paths are built once from :attr:`GameMap.features`; painting them is vector drawing (crisp at
every zoom) and Qt keeps the result in a device-coordinate cache, so panning repaints nothing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from wargame.core.map.gamemap import Feature, GameMap, Point
from wargame.ui.map import style
from wargame.ui.map.items.geometry import HexGeometry, to_scene
from wargame.ui.map.items.paint import Pieces, halo_text, pixels_per_unit, shield

ROAD_ORDER = ("minor", "secondary", "main", "highway")
PLATE_EVERY_HEXES = 14  # at most one road-number plate per road per this many hexes
PLATE_LEAST_M = 7000.0  # ... and never closer along the ground than this
PLATE_GAP_PX = 250.0  # two plates of one road stay at least this far apart on screen
POLYGON_KINDS = {"urban", "woods", "heights", "reservoir", "lake"}


def _pieces(features: Iterable[Feature], closed: bool) -> Pieces:
    pieces = Pieces()
    for feature in features:
        for part in feature.parts:
            points = [to_scene(x, y) for x, y in part]
            if closed:
                pieces.add_shape(points)
            else:
                pieces.add_line(points)
    return pieces


def map_bounds(geometry: HexGeometry) -> QRectF:
    """The rectangle covered by the map's hexes, in scene units."""
    if isinstance(geometry.bounds_cache, QRectF):
        return QRectF(geometry.bounds_cache)
    radius = geometry.layout.corner_radius
    xs, ys = [], []
    for h in geometry.map:
        c = geometry.centre(h)
        xs.append(c.x())
        ys.append(c.y())
    geometry.bounds_cache = QRectF(
        min(xs) - radius, min(ys) - radius, max(xs) - min(xs) + 2 * radius, max(ys) - min(ys) + 2 * radius
    )
    return QRectF(geometry.bounds_cache)


class BaseMapItem(QGraphicsItem):
    """Paper, woods, high ground, towns, water, railway and roads."""

    def __init__(self, gamemap: GameMap, geometry: HexGeometry) -> None:
        super().__init__()
        self._bounds = map_bounds(geometry)
        self.exposed = QRectF(self._bounds)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        by_kind: dict[tuple[str, str], list[Feature]] = {}
        for feature in gamemap.features:
            by_kind.setdefault((feature.layer, feature.kind), []).append(feature)

        def pick(layer: str, kinds: Iterable[str] | None = None) -> list[Feature]:
            return [
                f
                for (lay, k), fs in by_kind.items()
                if lay == layer and (kinds is None or k in kinds)
                for f in fs
            ]

        self.woods = _pieces(pick("woods"), closed=True)
        self.heights = _pieces(pick("heights"), closed=True)
        self.urban = _pieces(pick("urban"), closed=True)
        self.water_areas = _pieces(pick("water", {"reservoir", "lake", "pond"}), closed=True)
        self.rivers = _pieces(pick("water", {"river", "stream"}), closed=False)
        self.canals = _pieces(pick("water", {"canal"}), closed=False)
        self.railways = _pieces(pick("railways"), closed=False)
        self.roads = {kind: _pieces(pick("roads", {kind}), closed=False) for kind in ROAD_ORDER}

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        px = 1.0 / pixels_per_unit(painter)  # one screen pixel in scene units
        self.exposed = option.exposedRect.adjusted(-150 - 8 * px, -150 - 8 * px, 150 + 8 * px, 150 + 8 * px)
        painter.fillRect(self._bounds.intersected(option.exposedRect), style.PAPER)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.WOODS_FILL)
        self.woods.draw(painter, self.exposed)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(style.HEIGHTS_EDGE, 2 * px, Qt.PenStyle.DashLine))
        self.heights.draw(painter, self.exposed)
        painter.setPen(QPen(style.URBAN_EDGE, 1 * px))
        painter.setBrush(style.URBAN_FILL)
        self.urban.draw(painter, self.exposed)
        self._paint_water(painter, px)
        self._paint_railways(painter, px)
        self._paint_roads(painter, px)

    def _paint_water(self, painter: QPainter, px: float) -> None:
        painter.setPen(QPen(style.WATER_EDGE, 1.5 * px))
        painter.setBrush(style.WATER)
        self.water_areas.draw(painter, self.exposed)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, metres, least in ((self.rivers, 40.0, 3.0), (self.canals, 30.0, 2.5)):
            painter.setPen(
                QPen(
                    style.WATER,
                    max(metres, least * px),
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            path.draw(painter, self.exposed)

    def _paint_railways(self, painter: QPainter, px: float) -> None:
        width = max(25.0, 3 * px)
        painter.setPen(QPen(style.RAILWAY, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        self.railways.draw(painter, self.exposed)
        painter.setPen(QPen(style.WHITE, width * 0.5, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap))
        self.railways.draw(painter, self.exposed)

    def _paint_roads(self, painter: QPainter, px: float) -> None:
        widths = {k: max(style.ROAD_WIDTH_M[k], style.ROAD_MIN_PX[k] * px) for k in ROAD_ORDER}
        for kind in ROAD_ORDER:  # casings first, so junctions join cleanly
            painter.setPen(
                QPen(
                    style.ROAD_CASING,
                    widths[kind] + 2 * px,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            self.roads[kind].draw(painter, self.exposed)
        for kind in ROAD_ORDER:
            painter.setPen(
                QPen(
                    style.ROAD_FILL[kind],
                    widths[kind],
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            self.roads[kind].draw(painter, self.exposed)


class MapLabelsItem(QGraphicsItem):
    """Settlement names and road-number plates, at a fixed screen size over every layer, as the
    printed map draws them (the app's map places its labels: :mod:`wargame.ui.map.items.labels`)."""

    def __init__(self, gamemap: GameMap, geometry: HexGeometry) -> None:
        super().__init__()
        self._bounds = map_bounds(geometry).adjusted(-2000, -2000, 2000, 2000)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.places = [
            (to_scene(*f.parts[0][0]), f.name, f.kind)
            for f in gamemap.features
            if f.layer == "settlements" and f.parts and f.parts[0]
        ]
        spacing = max(PLATE_LEAST_M, PLATE_EVERY_HEXES * gamemap.layout.size_m)
        self.shields = list(shield_points(gamemap.features, spacing))
        self.hex_size = gamemap.layout.size_m
        self.text_scale = 1.0  # the View menu's text size (1.0 to 2.0) for the back of the room
        self._plates_zoom = -1.0
        self._plates: list[tuple[QPointF, str, str]] = []

    def set_text_scale(self, factor: float) -> None:
        """Grow place names and road plates by ``factor`` (the cached picture is redrawn)."""
        if abs(factor - self.text_scale) > 1e-6:
            self.text_scale = factor
            self._plates_zoom = -1.0
            self.update()

    def plates_at(self, zoom: float) -> list[tuple[QPointF, str, str]]:
        """The plates drawn at ``zoom`` (screen pixels per scene unit): of one road, a plate
        whose screen distance to an earlier one is under the gap is left out, so zoomed far
        out a road keeps one plate rather than a crowd of the same name."""
        if zoom != self._plates_zoom:
            self._plates_zoom = zoom
            self._plates = _spread(self.shields, PLATE_GAP_PX * self.text_scale / zoom)
        return self._plates

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        zoom = pixels_per_unit(painter)
        reach = 160 * self.text_scale / zoom  # a label reaches this far from its anchor on screen
        shown = option.exposedRect.adjusted(-reach, -reach, reach, reach)
        scale = self.text_scale
        for point, ref, kind in self.plates_at(zoom):
            if shown.contains(point):
                shield(painter, point, ref, style.ROAD_FILL.get(kind, style.WHITE), round(14 * scale))
        for point, name, kind in self.places:
            if not shown.contains(point):
                continue
            if kind == "village" and zoom * self.hex_size < 18:
                continue  # far out, only towns keep their names
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.BLACK)
            dot = 3.5 * scale / zoom
            painter.drawEllipse(point, dot, dot)
            halo_text(
                painter,
                point + QPointF(0, -6 * scale / zoom),
                name,
                self.place_font(kind),
                style.BLACK,
                Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
            )

    def place_font(self, kind: str) -> QFont:
        """The font of a settlement's name: larger for cities and towns, times the text scale."""
        size = {"city": style.MAP_LABEL_PX + 9, "town": style.MAP_LABEL_PX + 4}.get(kind, style.MAP_LABEL_PX)
        return style.font(round(size * self.text_scale), bold=kind != "village")


def _spread(plates: list[tuple[QPointF, str, str]], gap: float) -> list[tuple[QPointF, str, str]]:
    """``plates`` less those nearer than ``gap`` (scene units) to a kept plate of the same road."""
    kept: dict[str, list[QPointF]] = {}
    result = []
    for plate in plates:
        point, ref, _ = plate
        taken = kept.setdefault(ref, [])
        if all(math.hypot(point.x() - p.x(), point.y() - p.y()) >= gap for p in taken):
            taken.append(point)
            result.append(plate)
    return result


def shield_points(features: Iterable[Feature], spacing: float) -> Iterable[tuple[QPointF, str, str]]:
    """Where to put road-number plates: along each numbered road, at most one per ``spacing``.

    A road often comes as many short pieces; the spacing holds across all pieces of a road.
    """
    placed: dict[str, list[Point]] = {}
    roads = [(f, part) for f in features if f.layer == "roads" and f.ref for part in f.parts if len(part) > 1]
    for feature, part in sorted(roads, key=lambda fp: -_length(fp[1])):
        ref = str(feature.ref)
        length = _length(part)
        steps = max(1, int(length // spacing))
        for i in range(steps):
            x, y = _point_along(part, length * (i + 0.5) / steps)
            taken = placed.setdefault(ref, [])
            if all((x - a) ** 2 + (y - b) ** 2 >= (0.8 * spacing) ** 2 for a, b in taken):
                taken.append((x, y))
                yield to_scene(x, y), ref, feature.kind


def _length(part: tuple[Point, ...]) -> float:
    return float(sum(math.dist(a, b) for a, b in itertools.pairwise(part)))


def _point_along(part: tuple[Point, ...], distance: float) -> Point:
    for a, b in itertools.pairwise(part):
        step = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
        if step >= distance and step > 0:
            k = distance / step
            return a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k
        distance -= step
    return part[-1]
