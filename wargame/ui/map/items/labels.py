"""Every label of the map, placed together so that none covers another or a counter.

The labels come from the map (place names, road-number plates, hex numbers) and from the
overlays (route status, corridors, pockets, the hexes the warnings cite). Each time the zoom,
the text scale, the counters or an overlay change, :meth:`LabelLayer.relayout` places them in
order of importance (:mod:`wargame.ui.map.label_placement`):

1. the warnings' labels: routes (cut, then under fire, then open), corridors, pockets;
2. place names by size: cities, towns (and the villages the warnings speak of), then (in
   presentation) the numbers of the hexes the warnings cite, then the other villages;
3. road-number plates;
4. hex numbers, only where the hexes are large enough on screen and only around the view
   (they are placed again as the view pans).

A label goes to the first free candidate position beside its anchor, or is left out. Text
keeps a fixed screen size, grown by the View menu's text scale (100–200 %).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Terrain
from wargame.ui.map import style
from wargame.ui.map.boxes import Box, centred
from wargame.ui.map.items.base_map import (
    PLATE_EVERY_HEXES,
    PLATE_GAP_PX,
    PLATE_LEAST_M,
    map_bounds,
    shield_points,
)
from wargame.ui.map.items.geometry import HexGeometry, to_scene
from wargame.ui.map.items.paint import TextBox, halo_text, pixels_per_unit, screen_pen, shield, text_shapes
from wargame.ui.map.label_placement import SLIDES, LabelSpec, around, place_labels

# The order labels are placed in (lower first); see the module docstring.
RANK = {
    "route": 0.0,
    "corridor": 1.0,
    "pocket": 1.5,
    "city": 2.0,
    "town": 3.0,
    "cited": 4.0,
    "village": 5.0,
    "plate": 6.0,
    "hex": 7.0,
}
PLACE_PX = {"city": style.MAP_LABEL_PX + 9, "town": style.MAP_LABEL_PX + 4, "village": style.MAP_LABEL_PX}
PLATE_PX = 14
HEX_PX = 12  # hex numbers: 18 px at presentation's 150 %
HEX_NUMBER_MIN_PX = 56.0  # hex numbers appear once a hex is this wide on screen (times the text scale)
HEX_COLOUR = QColor(50, 50, 50)
HEX_REGION_MARGIN = 0.75  # hex numbers are placed this many view sizes around the view
# How far from its anchor a label may be put, in pixels: a warning's label goes further
# (better a little off than left out), a place name stays by its dot.
# A place name set off from its dot gets a leader line to it.
PLACE_KINDS = ("city", "town", "village")
GAPS = {
    "warning": (3.0, 14.0, 34.0, 64.0, 110.0, 160.0, 220.0),
    "place": (3.0, 10.0, 22.0, 36.0, 56.0),
    "other": (3.0, 14.0),
}
SLIDE = {"warning": SLIDES, "place": (0.0, 0.2, -0.2), "other": (0.0,)}
GAP_KIND = {
    "route": "warning",
    "corridor": "warning",
    "pocket": "warning",
    "cited": "place",
    **dict.fromkeys(PLACE_KINDS, "place"),
}
LEADER_PX = 12.0  # a label set off further than this from its anchor is tied to it by a line
URBAN_REACH_M = {"city": 3500.0, "town": 1500.0}  # a name may go over its built-up hexes this far out
HALO_PX = 3.5  # the light outline around a label's letters
BUILT_UP_ANCHORS = 24  # the built-up hexes nearest a place its name may try
DOT_PX = 3.5


@dataclass(frozen=True, slots=True)
class MapLabel:
    """A label to place: what it says, how it looks, where it may go (best first)."""

    key: tuple[str, str]
    text: str
    kind: str  # a key of RANK
    anchors: tuple[QPointF, ...]
    colour: QColor = field(default_factory=lambda: QColor(style.BLACK))
    pixels: int = style.MAP_LABEL_PX  # font size at 100 %
    bold: bool = True
    look: str = "halo"  # "halo" (text with a light halo), "plate" (road number), "plain" (hex number)
    fill: QColor = field(default_factory=lambda: QColor(style.WHITE))  # a plate's colour
    order: float = 0.0  # within its kind, lower first
    on_anchor: bool = False  # centred on its anchors (plates, hex numbers), not beside them


@dataclass(frozen=True, slots=True)
class Placed:
    label: MapLabel
    centre: QPointF  # in the scene
    box: QRectF  # in screen pixels around the centre
    pixels: int
    dot: QPointF | None = None  # a place's own point (its dot), in the scene
    anchor: QPointF | None = None  # the anchor it was placed beside

    def leader(self, zoom: float, reach: float) -> tuple[QPointF, QPointF] | None:
        """A line from the anchor to the nearest point of the label, when the label was set off
        further than ``reach`` pixels (so a name or a warning stays tied to its place)."""
        if self.anchor is None:
            return None
        box = self.box.translated(self.centre * zoom)
        x = min(max(self.anchor.x() * zoom, box.left()), box.right())
        y = min(max(self.anchor.y() * zoom, box.top()), box.bottom())
        if math.hypot(x - self.anchor.x() * zoom, y - self.anchor.y() * zoom) <= reach:
            return None
        return self.anchor, QPointF(x / zoom, y / zoom)


@lru_cache(maxsize=8192)
def _size(text: str, pixels: int, bold: bool, look: str) -> tuple[float, float]:
    """A label's width and height on the screen."""
    if look == "plate":
        width = QFontMetricsF(style.font(pixels, bold=True)).horizontalAdvance(text) + 10
        return width, pixels + 8.0
    if look == "plain":
        metrics = QFontMetricsF(style.font(pixels, bold))
        return metrics.horizontalAdvance(text), metrics.ascent() * 0.8 + 2
    glyphs, _ = text_shapes(text, pixels, bold, int(Qt.AlignmentFlag.AlignCenter), HALO_PX)
    box = glyphs.boundingRect()
    return box.width() + 2 * HALO_PX, box.height() + 2 * HALO_PX  # the halo covers what is under it too


class LabelLayer(QGraphicsItem):
    """All the map's labels, placed by priority; painted at a fixed screen size."""

    def __init__(self, gamemap: GameMap, geometry: HexGeometry) -> None:
        super().__init__()
        self.map = gamemap
        self.geometry = geometry
        self._bounds = map_bounds(geometry).adjusted(-2000, -2000, 2000, 2000)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(120)  # over the counters: placement keeps labels off them anyway
        self.places = [
            (to_scene(*f.parts[0][0]), f.name, f.kind)
            for f in gamemap.features
            if f.layer == "settlements" and f.parts and f.parts[0]
        ]
        spacing = max(PLATE_LEAST_M, PLATE_EVERY_HEXES * gamemap.layout.size_m)
        self.shields = list(shield_points(gamemap.features, spacing))
        self.text_scale = 1.0
        self.show_places = True  # View ▸ Map layers ▸ Place names and road numbers
        self.show_hex_numbers = True  # View ▸ Hex numbers (and the grid shown)
        self.sources: dict[str, list[MapLabel]] = {}  # overlay labels by source
        self.cited: tuple[Hex, ...] = ()
        self.named: frozenset[str] = frozenset()  # places the warnings speak of: ranked as towns
        self.zoom = 0.0
        self.obstacles: list[Box] = []
        self.placed: list[Placed] = []
        self.hex_placed: list[Placed] = []
        self._taken: list[Box] = []  # the boxes of the placed labels, for the hex numbers
        self._region: QRectF | None = None  # where hex numbers were placed (None: nowhere yet)
        self.view_rect: QRectF | None = None  # what the view shows (None: no view, the whole map)
        self._placed_for: object = None  # what the labels were last placed for (see relayout)
        self._centres: list[tuple[Hex, QPointF]] = []  # every hex's centre, worked out once

    def boundingRect(self) -> QRectF:
        return self._bounds

    # --- what to place ------------------------------------------------------------------

    def set_source(self, source: str, labels: list[MapLabel]) -> None:
        """The labels an overlay wants drawn (its previous ones are replaced)."""
        self.sources[source] = labels

    def map_labels(self, zoom: float) -> list[MapLabel]:
        """Place names and road plates of the map at ``zoom``."""
        found: list[MapLabel] = []
        if not self.show_places:
            return found
        for point, name, kind in self.places:
            kind = kind if kind in PLACE_PX else "village"
            rank = "town" if kind == "village" and name in self.named else kind
            reach = round(URBAN_REACH_M.get(kind, 0.0) / self.map.layout.size_m)
            anchors = (point, *self._built_up(point, reach))
            bold = kind != "village"
            found.append(MapLabel(("place", name), name, rank, anchors, pixels=PLACE_PX[kind], bold=bold))
        by_road: dict[str, list[tuple[QPointF, str]]] = {}
        for point, ref, kind in self.shields:
            by_road.setdefault(ref, []).append((point, kind))
        gap = PLATE_GAP_PX * self.text_scale / zoom
        for ref, points in by_road.items():
            kept = _spread([p for p, _ in points], gap)
            others = tuple(p for p, _ in points)
            for index, (point, kind) in enumerate((p, k) for p, k in points if p in kept):
                found.append(
                    MapLabel(
                        ("plate", f"{ref}#{index}"),
                        ref,
                        "plate",
                        (point, *(o for o in others if o is not point)),
                        pixels=PLATE_PX,
                        look="plate",
                        fill=style.ROAD_FILL.get(kind, style.WHITE),
                        order=index,
                        on_anchor=True,
                    )
                )
        return found

    def _built_up(self, point: QPointF, reach: int) -> list[QPointF]:
        """Centres of the built-up hexes within ``reach`` hexes of a place, nearest first: a
        city's name may go anywhere over the city when its centre is crowded with counters."""
        if reach <= 0:
            return []
        centre = self.geometry.hex_at(point)
        if centre is None:
            return []
        hexes = [
            h
            for h in self.map.hexes_within(centre, reach)
            if h != centre and self.map.terrain(h) is Terrain.URBAN
        ]
        hexes.sort(key=lambda h: (h.distance(centre), h))
        return [self.geometry.centre(h) for h in hexes[:BUILT_UP_ANCHORS]]

    def cited_labels(self) -> list[MapLabel]:
        """The numbers of the hexes the shown warnings cite, readable whatever the zoom."""
        radius = self.geometry.layout.corner_radius
        return [
            MapLabel(
                ("cited", self.map.label(h)),
                self.map.label(h),
                "cited",
                (self.geometry.centre(h) - QPointF(0, radius * 0.55), self.geometry.centre(h)),
                colour=QColor("#7A2E5C"),
                pixels=HEX_PX + 2,
                order=i,
            )
            for i, h in enumerate(self.cited)
        ]

    def hex_numbers_shown(self, zoom: float) -> bool:
        hex_px = zoom * self.map.layout.size_m
        return self.show_hex_numbers and hex_px >= HEX_NUMBER_MIN_PX * self.text_scale

    # --- placing ------------------------------------------------------------------------

    def relayout(self, zoom: float, obstacles: list[Box], force: bool = False) -> None:
        """Place every label at ``zoom`` (screen pixels per scene unit) around ``obstacles``
        (the counters' boxes in screen pixels); unless ``force``, only when something they
        depend on changed since the last placing."""
        if zoom <= 0:
            return
        self.zoom, self.obstacles = zoom, obstacles
        labels = self.map_labels(zoom) + self.cited_labels()
        for source in self.sources.values():
            labels += source
        # Most actions change no label, nor the counters they avoid: the placing is the same.
        view = QRectF(self.view_rect) if self.view_rect else None
        wanted = (zoom, obstacles, labels, view, self.text_scale, self.show_hex_numbers, tuple(self.cited))
        if wanted == self._placed_for and not force:
            return
        self._placed_for = wanted
        self.placed, self._taken = self._place(labels, zoom, obstacles, [])
        self._region = None
        self.hex_placed = []
        self.place_hex_numbers()
        self.update()

    def place_hex_numbers(self) -> None:
        """Place the hex numbers around the view (again, when the view has left the area placed)."""
        zoom = self.zoom
        if zoom <= 0 or not self.hex_numbers_shown(zoom):
            if self.hex_placed:
                self.hex_placed = []
                self.update()
            return
        view = self.view_rect or map_bounds(self.geometry)
        if self._region is not None and self._region.contains(view):
            return
        margin_x, margin_y = view.width() * HEX_REGION_MARGIN, view.height() * HEX_REGION_MARGIN
        region = view.adjusted(-margin_x, -margin_y, margin_x, margin_y)
        cited = set(self.cited)
        up = QPointF(0, self.geometry.layout.corner_radius * 0.6)
        labels = [
            MapLabel(
                ("hex", self.map.label(h)),
                self.map.label(h),
                "hex",
                (centre - up, centre + up),
                colour=HEX_COLOUR,
                pixels=HEX_PX,
                bold=False,
                look="plain",
                on_anchor=True,
            )
            for h, centre in self._centres_in(region)
            if h not in cited
        ]
        self.hex_placed, _ = self._place(labels, zoom, self.obstacles, self._taken)
        self._region = region
        self.update()

    def _centres_in(self, region: QRectF) -> Iterable[tuple[Hex, QPointF]]:
        if not self._centres:
            self._centres = [(h, self.geometry.centre(h)) for h in sorted(self.map)]
        left, top, right, bottom = region.left(), region.top(), region.right(), region.bottom()
        for h, centre in self._centres:
            if left <= centre.x() <= right and top <= centre.y() <= bottom:
                yield h, centre

    def _place(
        self, labels: Sequence[MapLabel], zoom: float, obstacles: list[Box], taken: list[Box]
    ) -> tuple[list[Placed], list[Box]]:
        frame_rect = map_bounds(self.geometry)
        frame = _frame(frame_rect, zoom)
        view = self.view_rect
        specs: list[LabelSpec] = []
        by_key: dict[Hashable, tuple[MapLabel, int, float, float]] = {}
        anchor_of: dict[tuple[object, tuple[float, float]], QPointF] = {}
        for label in labels:
            pixels = round(label.pixels * self.text_scale)
            width, height = _size(label.text, pixels, label.bold, label.look)
            candidates: list[tuple[float, float]] = []
            for anchor in label.anchors:
                x, y = anchor.x() * zoom, anchor.y() * zoom
                if label.on_anchor:
                    candidates.append((x, y))
                    anchor_of.setdefault((label.key, (x, y)), anchor)
                else:
                    how = GAP_KIND.get(label.kind, "other")
                    gaps = tuple(g * self.text_scale for g in GAPS[how])
                    for candidate in around(x, y, width, height, gaps, SLIDE[how]):
                        candidates.append(candidate)
                        anchor_of.setdefault((label.key, candidate), anchor)
            in_view = view is None or any(view.contains(a) for a in label.anchors)
            if GAP_KIND.get(label.kind) == "warning" and label.anchors and in_view:
                # A warning's label is left out only if the view has no room for it at all.
                anchor = label.anchors[0]
                for candidate in _anywhere(view or frame_rect, zoom, width, height, anchor):
                    candidates.append(candidate)
                    anchor_of.setdefault((label.key, candidate), anchor)
            rank = RANK[label.kind] + min(label.order, 999) / 1000
            specs.append(LabelSpec(label.key, rank, width, height, tuple(candidates), in_view))
            by_key[label.key] = (label, pixels, width, height)
        prefer = _frame(view.adjusted(2 / zoom, 2 / zoom, -2 / zoom, -2 / zoom), zoom) if view else None
        chosen = place_labels(specs, [*obstacles, *taken], frame, prefer=prefer)
        placed, boxes = [], list(taken)
        for key, (x, y) in chosen.items():
            label, pixels, width, height = by_key[key]
            box = QRectF(-width / 2, -height / 2, width, height)
            dot = label.anchors[0] if label.key[0] == "place" else None
            placed.append(
                Placed(label, QPointF(x / zoom, y / zoom), box, pixels, dot, anchor_of[(key, (x, y))])
            )
            boxes.append(centred(x, y, width, height))
        return placed, boxes

    def set_view_rect(self, rect: QRectF) -> None:
        """What the view shows now (it panned): hex numbers follow it at once (the other labels
        when the scene places them again)."""
        self.view_rect = QRectF(rect)
        if self.zoom > 0 and self.hex_numbers_shown(self.zoom):
            self.place_hex_numbers()

    # --- what is drawn -----------------------------------------------------------------

    def text_boxes(self, zoom: float) -> list[TextBox]:
        """The labels drawn at ``zoom`` (the zoom they were placed for)."""
        return [
            TextBox(p.centre, p.box, p.pixels, p.label.text, p.label.kind)
            for p in (*self.placed, *self.hex_placed)
        ]

    def labels_drawn(self) -> list[str]:
        return [p.label.text for p in (*self.placed, *self.hex_placed)]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        zoom = pixels_per_unit(painter)
        reach = 400 / zoom
        shown = option.exposedRect.adjusted(-reach, -reach, reach, reach)
        plain = [p for p in self.hex_placed if shown.contains(p.centre)]
        if plain:
            self._paint_plain(painter, plain, zoom)
        drawn = [p for p in self.placed if shown.contains(p.centre)]
        self._paint_leaders(painter, drawn, zoom)
        for placed in drawn:
            self._paint_label(painter, placed)

    def _paint_leaders(self, painter: QPainter, drawn: list[Placed], zoom: float) -> None:
        """A line from each label set off from its anchor, and each named place's dot."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        reach = LEADER_PX * self.text_scale
        leaders = [(p.label.colour, line) for p in drawn if (line := p.leader(zoom, reach)) is not None]
        painter.setPen(screen_pen(style.WHITE, 4.0 * self.text_scale, painter))
        for _, line in leaders:
            painter.drawLine(*line)
        for colour, line in leaders:
            painter.setPen(screen_pen(colour, 1.6 * self.text_scale, painter))
            painter.drawLine(*line)
        places = [p for p in drawn if p.dot is not None]
        painter.setPen(screen_pen(style.WHITE, 1.5, painter))
        painter.setBrush(style.BLACK)
        radius = DOT_PX * self.text_scale / zoom
        for placed in places:
            if placed.dot is not None:
                painter.drawEllipse(placed.dot, radius, radius)
        painter.restore()

    def _paint_label(self, painter: QPainter, placed: Placed) -> None:
        label = placed.label
        if label.look == "plate":
            shield(painter, placed.centre, label.text, label.fill, placed.pixels)
        else:
            font = style.font(placed.pixels, label.bold)
            halo_text(painter, placed.centre, label.text, font, label.colour)

    def _paint_plain(self, painter: QPainter, placed: list[Placed], zoom: float) -> None:
        """Hex numbers: plain text (outlining hundreds of distinct labels at once is slow)."""
        painter.save()
        painter.setFont(style.font(placed[0].pixels))
        painter.setPen(HEX_COLOUR)
        for label in placed:
            painter.save()
            painter.translate(label.centre)
            painter.scale(1 / zoom, 1 / zoom)
            box = label.box.adjusted(-4, -4, 4, 4)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label.label.text)
            painter.restore()
        painter.restore()


def _anywhere(
    area: QRectF, zoom: float, width: float, height: float, near: QPointF
) -> list[tuple[float, float]]:
    """Centres for a label all over ``area`` (scene), nearest ``near`` first: the last resort."""
    left, top, right, bottom = _frame(area, zoom)
    step_x, step_y = max(width / 3, 20.0), max(height * 1.25, 12.0)
    columns = max(1, int((right - left - width) // step_x) + 1)
    rows = max(1, int((bottom - top - height) // step_y) + 1)
    points = [
        (left + width / 2 + c * step_x, top + height / 2 + r * step_y)
        for c in range(columns)
        for r in range(rows)
    ]
    x, y = near.x() * zoom, near.y() * zoom
    return sorted(points, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)


def _frame(bounds: QRectF, zoom: float) -> Box:
    return (bounds.left() * zoom, bounds.top() * zoom, bounds.right() * zoom, bounds.bottom() * zoom)


def _spread(points: list[QPointF], gap: float) -> list[QPointF]:
    """``points`` less those nearer than ``gap`` (scene units) to one kept before them."""
    kept: list[QPointF] = []
    for point in points:
        if all(math.hypot(point.x() - p.x(), point.y() - p.y()) >= gap for p in kept):
            kept.append(point)
    return kept
