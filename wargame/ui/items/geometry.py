"""Hexes in scene coordinates: local metres with the y axis flipped (scene y grows south)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from wargame.core.gamemap import GameMap
from wargame.core.hexgrid import Hex


def to_scene(x: float, y: float) -> QPointF:
    """Local metres (x east, y north) to the scene (x east, y south)."""
    return QPointF(x, -y)


class HexGeometry:
    """Centres, corners and edges of a map's hexes in the scene, computed once per map."""

    def __init__(self, gamemap: GameMap) -> None:
        self.map = gamemap
        self.layout = gamemap.layout
        self._polygons: dict[Hex, QPolygonF] = {}

    def centre(self, h: Hex) -> QPointF:
        return to_scene(*self.layout.centre(h))

    def polygon(self, h: Hex) -> QPolygonF:
        poly = self._polygons.get(h)
        if poly is None:
            poly = QPolygonF([to_scene(x, y) for x, y in self.layout.corners(h)])
            self._polygons[h] = poly
        return poly

    def hex_at(self, point: QPointF) -> Hex | None:
        """The map hex under a scene point, or None off the map."""
        h = self.layout.hex_at(point.x(), -point.y())
        return h if h in self.map else None

    def edge(self, h: Hex, neighbour: Hex) -> QLineF:
        """The side shared by two adjacent hexes."""
        a, b = self.centre(h), self.centre(neighbour)
        mid = (a + b) / 2
        # The shared side is perpendicular to the centre line, one corner radius long.
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = (dx * dx + dy * dy) ** 0.5 or 1.0
        half = self.layout.corner_radius / 2
        nx, ny = -dy / length * half, dx / length * half
        return QLineF(mid.x() - nx, mid.y() - ny, mid.x() + nx, mid.y() + ny)

    def fill_path(self, hexes: Iterable[Hex]) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for h in hexes:
            path.addPolygon(self.polygon(h))
            path.closeSubpath()
        return path

    def outline_path(self, hexes: Iterable[Hex]) -> QPainterPath:
        """The boundary of an area of hexes: every side not shared with another hex of it."""
        area = set(hexes)
        path = QPainterPath()
        for h in area:
            for n in h.neighbours():
                if n not in area:
                    line = self.edge(h, n)
                    path.moveTo(line.p1())
                    path.lineTo(line.p2())
        return path

    def boundary_path(self, owner: dict[Hex, str | None]) -> QPainterPath:
        """Sides between hexes held by different owners (a front line); map edges excluded."""
        path = QPainterPath()
        for h, side in owner.items():
            for n in h.neighbours():
                if n in self.map and h < n and owner.get(n) != side:
                    line = self.edge(h, n)
                    path.moveTo(line.p1())
                    path.lineTo(line.p2())
        return path
