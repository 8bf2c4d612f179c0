"""Page maths for printed map sheets: paper, scale, and how a map is cut into pages. No Qt.

A map of ``W × H`` metres printed at 1:``scale`` is ``W / scale`` metres (× 1000 for mm) wide
on paper. Each page shows a *frame* of the map (the paper minus margins, the band for crop
marks and neighbour names, and the collar under the frame); neighbouring frames share an
``overlap`` strip so the sheets can be glued together::

    plan = plan_pages(map_extent(gamemap), paper("A3"), parse_scale("1:25 000"))
    plan.across, plan.down, plan.pages[0].label   # 3, 4, "A1"

Pages are named like a spreadsheet: a column letter (west to east) and a row number (north
to south), "A1" at the north-west corner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from wargame.core.errors import WargameError
from wargame.core.map.gamemap import GameMap
from wargame.core.map.mapdata import map_dir, maps_dir

MAX_PAGES = 200
MARGIN_MM = 6.0  # the edge most printers cannot print on
EDGE_MM = 7.0  # around the frame: crop marks and the names of neighbouring pages
COLLAR_MM = 26.0  # under the frame: legend, scale bar, north arrow, page index, grid declaration
DEFAULT_OVERLAP_MM = 10.0
LEAST_SCALE, GREATEST_SCALE = 1_000, 2_000_000


class PrintError(WargameError):
    """A print request that cannot be met: unknown paper, bad scale, too many pages."""


class Orientation(str, Enum):
    AUTO = "auto"
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper size, portrait (width ≤ height), in millimetres."""

    name: str
    width_mm: float
    height_mm: float

    def oriented(self, orientation: Orientation) -> tuple[float, float]:
        short, long = sorted((self.width_mm, self.height_mm))
        return (long, short) if orientation is Orientation.LANDSCAPE else (short, long)


PAPERS = {
    paper.name.lower(): paper
    for paper in (
        Paper("A4", 210, 297),
        Paper("A3", 297, 420),
        Paper("A2", 420, 594),
        Paper("A1", 594, 841),
        Paper("Letter", 215.9, 279.4),
        Paper("Tabloid", 279.4, 431.8),
    )
}


def paper(name: str) -> Paper:
    """The paper called ``name`` (any case): A4, A3, A2, A1, Letter or Tabloid."""
    found = PAPERS.get(name.strip().lower())
    if found is None:
        known = ", ".join(p.name for p in PAPERS.values())
        raise PrintError(f"unknown paper {name!r}; choose one of {known}")
    return found


def parse_scale(text: str) -> int:
    """The denominator of a map scale written "1:25000", "1:25 000", "1:25,000" or "25000".

    >>> parse_scale("1:25 000")
    25000
    """
    cleaned = re.sub(r"[\s,_'\u00a0\u2009\u202f]", "", text)
    # ASCII digits, and no more than a scale can have: int() of 5,000 digits is refused by Python.
    match = re.fullmatch(r"(?:1:)?([0-9]{1,12})", cleaned)
    if not match:
        raise PrintError(f"scale {text!r} should look like 1:25000 (or 1:25 000, or 25000)")
    denominator = int(match.group(1))
    if not LEAST_SCALE <= denominator <= GREATEST_SCALE:
        raise PrintError(
            f"scale 1:{denominator} is out of range; use 1:{LEAST_SCALE} to 1:{GREATEST_SCALE:_}".replace(
                "_", " "
            )
        )
    return denominator


def scale_text(denominator: int) -> str:
    """ "1:25 000": thousands set apart by a space, as printed maps write scales."""
    return f"1:{denominator:,}".replace(",", " ")


@dataclass(frozen=True, slots=True)
class Extent:
    """A rectangle in local map metres (x east, y north)."""

    west: float
    south: float
    east: float
    north: float

    @property
    def width(self) -> float:
        return self.east - self.west

    @property
    def height(self) -> float:
        return self.north - self.south

    def intersects(self, other: Extent) -> bool:
        return (
            self.west < other.east
            and other.west < self.east
            and self.south < other.north
            and other.south < self.north
        )


def map_extent(gamemap: GameMap) -> Extent:
    """The rectangle that holds every corner of every hex of the map."""
    return extent_of(corner for h in gamemap for corner in gamemap.layout.corners(h))


def extent_of(points: Iterable[tuple[float, float]]) -> Extent:
    xs, ys = zip(*points, strict=True)
    return Extent(min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True, slots=True)
class MapPage:
    """One sheet of the map: its grid position, name and the part of the map it shows."""

    column: int  # 0 at the west
    row: int  # 0 at the north
    label: str  # "A1"
    area: Extent  # in map metres: the frame, overlaps included


@dataclass(frozen=True, slots=True)
class PagePlan:
    """How a map is laid out on pages of one paper size, scale and orientation."""

    paper: Paper
    orientation: Orientation  # portrait or landscape, never auto
    scale: int
    overlap_mm: float
    page_mm: tuple[float, float]  # paper width, height as printed
    frame_mm: tuple[float, float]  # the map frame on each page
    map_mm: tuple[float, float]  # the whole map at this scale
    across: int
    down: int
    extent: Extent  # the map's own extent, in metres

    @property
    def count(self) -> int:
        return self.across * self.down

    @property
    def pages(self) -> tuple[MapPage, ...]:
        """Every page, row by row from the north-west: A1, B1, …, A2, …"""
        return tuple(
            MapPage(col, row, f"{column_name(col)}{row + 1}", self._area(col, row))
            for row in range(self.down)
            for col in range(self.across)
        )

    def _area(self, col: int, row: int) -> Extent:
        """The map metres one page's frame shows; the grid of frames is centred on the map."""
        m_per_mm = self.scale / 1000.0
        frame_w, frame_h = (v * m_per_mm for v in self.frame_mm)
        overlap = self.overlap_mm * m_per_mm
        covered_w = self.across * frame_w - (self.across - 1) * overlap
        covered_h = self.down * frame_h - (self.down - 1) * overlap
        west = self.extent.west - (covered_w - self.extent.width) / 2 + col * (frame_w - overlap)
        north = self.extent.north + (covered_h - self.extent.height) / 2 - row * (frame_h - overlap)
        return Extent(west, north - frame_h, west + frame_w, north)

    def page(self, column: int, row: int) -> MapPage | None:
        """The page at a grid position, or None off the grid."""
        if 0 <= column < self.across and 0 <= row < self.down:
            return self.pages[row * self.across + column]
        return None

    def neighbours(self, page: MapPage) -> dict[str, MapPage]:
        """The pages beside ``page``, by compass side ("N", "E", "S", "W")."""
        steps = {"N": (0, -1), "E": (1, 0), "S": (0, 1), "W": (-1, 0)}
        found = {side: self.page(page.column + dc, page.row + dr) for side, (dc, dr) in steps.items()}
        return {side: p for side, p in found.items() if p is not None}


def frame_size(page_mm: tuple[float, float]) -> tuple[float, float]:
    """The map frame on a page: paper minus margins, the band round the frame and the collar."""
    border = 2 * (MARGIN_MM + EDGE_MM)
    return page_mm[0] - border, page_mm[1] - border - COLLAR_MM


def pages_needed(length_mm: float, frame_mm: float, overlap_mm: float) -> int:
    """Pages along one direction so that frames sharing ``overlap_mm`` cover ``length_mm``.

    >>> pages_needed(1062, 396, 10)
    3
    """
    if length_mm <= frame_mm:
        return 1
    return math.ceil((length_mm - overlap_mm) / (frame_mm - overlap_mm))


def column_name(index: int) -> str:
    """Spreadsheet column letters: 0 → "A", 25 → "Z", 26 → "AA"."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def plan_pages(
    extent: Extent,
    sheet: Paper,
    scale: int,
    orientation: Orientation = Orientation.AUTO,
    overlap_mm: float = DEFAULT_OVERLAP_MM,
) -> PagePlan:
    """Lay the map out on pages; with AUTO, the orientation that needs fewer pages wins."""
    if orientation is Orientation.AUTO:
        plans = [
            _plan(extent, sheet, scale, choice, overlap_mm)
            for choice in (Orientation.LANDSCAPE, Orientation.PORTRAIT)
        ]
        # Fewer pages first; on a tie, the one wasting less paper round the map.
        best = min(plans, key=lambda p: (p.count, _spare_area(p)))
    else:
        best = _plan(extent, sheet, scale, orientation, overlap_mm)
    if best.count > MAX_PAGES:
        raise PrintError(
            f"the map at {scale_text(scale)} on {sheet.name} needs {best.count} pages "
            f"({best.across} across × {best.down} down), more than {MAX_PAGES}; "
            "choose a smaller scale (a larger number after 1:) or larger paper"
        )
    return best


def _plan(extent: Extent, sheet: Paper, scale: int, orientation: Orientation, overlap_mm: float) -> PagePlan:
    page_mm = sheet.oriented(orientation)
    frame_w, frame_h = frame_size(page_mm)
    if not 0 <= overlap_mm <= min(frame_w, frame_h) / 3:
        raise PrintError(
            f"--overlap-mm {overlap_mm:g} does not suit {sheet.name} {orientation.value}; "
            f"use 0 to {min(frame_w, frame_h) / 3:.0f} mm"
        )
    mm_per_m = 1000.0 / scale
    map_w, map_h = extent.width * mm_per_m, extent.height * mm_per_m
    across = pages_needed(map_w, frame_w, overlap_mm)
    down = pages_needed(map_h, frame_h, overlap_mm)
    return PagePlan(
        paper=sheet,
        orientation=orientation,
        scale=scale,
        overlap_mm=overlap_mm,
        page_mm=page_mm,
        frame_mm=(frame_w, frame_h),
        map_mm=(map_w, map_h),
        across=across,
        down=down,
        extent=extent,
    )


def _spare_area(plan: PagePlan) -> float:
    sheets = plan.count * plan.frame_mm[0] * plan.frame_mm[1]
    return sheets - plan.map_mm[0] * plan.map_mm[1]


# --- counter sheets ------------------------------------------------------------------------------

COUNTER_SHEET_TOP_MM = 12.0  # the sheet's title and note
SIDE_HEADING_MM = 7.0
SIDE_GAP_MM = 3.0
LEAST_COUNTER_MM, GREATEST_COUNTER_MM = 10.0, 40.0


@dataclass(frozen=True, slots=True)
class CounterRow:
    """One row of counters on a sheet: units ``first``..``stop`` (by index) of one side."""

    side: str
    first: int
    stop: int
    top_mm: float  # top edge of the counters, from the paper's top
    heading: bool  # a side heading sits above this row
    heading_mm: float = SIDE_HEADING_MM


def counter_sheets(
    sides: Iterable[tuple[str, int]], page_mm: tuple[float, float], counter_mm: float
) -> list[list[CounterRow]]:
    """Rows of counters per sheet: each side under its heading, sides one after another.

    ``sides`` gives each side's id and number of units; a side that runs over a sheet goes on
    under a repeated heading on the next.
    """
    if not LEAST_COUNTER_MM <= counter_mm <= GREATEST_COUNTER_MM:
        raise PrintError(
            f"counter size {counter_mm:g} mm is out of range; "
            f"use {LEAST_COUNTER_MM:g} to {GREATEST_COUNTER_MM:g} mm"
        )
    per_row = int((page_mm[0] - 2 * MARGIN_MM) // counter_mm)
    top, bottom = MARGIN_MM + COUNTER_SHEET_TOP_MM, page_mm[1] - MARGIN_MM
    sheets: list[list[CounterRow]] = [[]]
    y = top
    for side, count in sides:
        first, heading = 0, True
        while first < count:
            needed = counter_mm + (SIDE_HEADING_MM if heading else 0.0)
            if y + needed > bottom:
                sheets.append([])
                y, heading = top, True
                continue
            stop = min(count, first + per_row)
            y += SIDE_HEADING_MM if heading else 0.0
            sheets[-1].append(CounterRow(side, first, stop, y, heading))
            y += counter_mm
            first, heading = stop, False
        y += SIDE_GAP_MM
    return [rows for rows in sheets if rows]


def sources_note(gamemap: GameMap) -> str | None:
    """Where the map's data sources are written down, as a path from the project folder."""
    sources = map_dir(gamemap.name) / "SOURCES.md"
    if not sources.is_file():
        return None
    return sources.relative_to(maps_dir().parent).as_posix()
