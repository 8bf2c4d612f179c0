"""Import GeoJSON from outside the project: front lines (who holds what) and map extracts.

Two imports share one careful GeoJSON reader (WGS84 lon/lat only, clear errors):

* **control**: a (Multi)Polygon of the area a side holds, as published in front-line maps,
  sets control of every hex whose centre lies inside it (holes respected);
* **map**: OpenStreetMap extracts (roads, places, land use, water, railways) are sorted into
  the project's layers, clipped to a box and written as a new ``maps/<name>/`` folder.

>>> area = control_area(read_geojson("occupied.geojson"), where=("category", "occupied"))  # doctest: +SKIP
>>> hexes = hexes_held(gamemap, area)                                                     # doctest: +SKIP
"""

from wargame.core.importers.control import (
    ControlChange,
    control_area,
    control_change,
    hexes_held,
    parse_where,
    unit_sides,
    with_control,
)
from wargame.core.importers.geojson import features, read_geojson
from wargame.core.importers.osm import MAX_HEXES, check_size, classify, hex_estimate, import_map, parse_bbox

__all__ = [
    "MAX_HEXES",
    "ControlChange",
    "check_size",
    "classify",
    "control_area",
    "control_change",
    "features",
    "hex_estimate",
    "hexes_held",
    "import_map",
    "parse_bbox",
    "parse_where",
    "read_geojson",
    "unit_sides",
    "with_control",
]
