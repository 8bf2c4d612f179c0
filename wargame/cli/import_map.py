"""The `import-map` command: a new map folder from OpenStreetMap GeoJSON extracts
(see docs/importing.md).

    python -m wargame import-map roads.geojson places.geojson --name avdiivka --bbox 37.6,48.1,37.8,48.2
"""

from __future__ import annotations

import argparse

from wargame.cli.output import number_in, say
from wargame.core.importers import import_map, parse_bbox


def register_import_map(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "import-map",
        help="build a new map folder from OpenStreetMap GeoJSON extracts",
        description="Sort OpenStreetMap features (roads, places, land use, water, railways) into "
        "the project's map layers, clipped to the box, and write NAME/ into the user's maps folder.",
    )
    p.add_argument("inputs", nargs="+", metavar="FILE.geojson", help="roads first, then places etc.")
    p.add_argument("--name", required=True, help="map (folder) name, e.g. avdiivka")
    p.add_argument("--bbox", required=True, metavar="W,S,E,N", help="box in degrees, longitude first")
    p.add_argument(
        "--hex-size",
        type=number_in(50, 100_000, " m"),
        default=500.0,
        help="hex size in metres (default 500)",
    )
    p.add_argument("--title", default=None, help="map title (default: the name)")
    p.add_argument(
        "--maps-dir",
        default=None,
        help="folder for the new map (default: the user's maps folder, where the app finds it)",
    )
    p.set_defaults(run=run_import_map)


def run_import_map(args: argparse.Namespace) -> int:
    result = import_map(
        args.name,
        parse_bbox(args.bbox),
        args.inputs,
        hex_size_m=args.hex_size,
        maps_dir=args.maps_dir,
        title=args.title,
    )
    say(result.summary())
    return 0
