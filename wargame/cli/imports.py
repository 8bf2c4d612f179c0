"""The import commands of ``python -m wargame``: front lines into a scenario or game, and maps.

``import-control`` sets control from a GeoJSON polygon of the area a side holds;
``import-map`` builds a new map folder from OpenStreetMap GeoJSON extracts.
See docs/importing.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wargame.cli.output import number_in, say
from wargame.core.files.scenario_file import (
    DEFAULT_SCENARIO,
    load_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from wargame.core.importers import (
    MAX_HEXES,
    ControlChange,
    control_area,
    control_change,
    hexes_held,
    import_map,
    parse_bbox,
    parse_where,
    read_geojson,
    unit_sides,
    with_control,
)

GAME_FORMAT = "wargame-game"


def register_import_control(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "import-control",
        help="set control of hexes from a GeoJSON polygon of the area a side holds",
        description="Give SIDE every hex whose centre lies inside the (Multi)Polygons of FILE "
        "(holes respected) and write the result to OUT.",
    )
    p.add_argument("file", help="GeoJSON Feature, FeatureCollection or geometry, in WGS84 lon/lat")
    p.add_argument("--side", required=True, help="the side that holds the area, e.g. RU")
    p.add_argument(
        "--into",
        default=DEFAULT_SCENARIO,
        help=f"scenario id, scenario file or game file (default {DEFAULT_SCENARIO})",
    )
    p.add_argument(
        "--where",
        default=None,
        metavar="KEY=VALUE",
        help="only features with this property, e.g. category=occupied_dissolved",
    )
    p.add_argument("-o", "--output", required=True, help="file to write (scenario JSON or game file)")
    p.set_defaults(run=run_import_control)


def register_import_map(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "import-map",
        help="build a new map folder from OpenStreetMap GeoJSON extracts",
        description="Sort OpenStreetMap features (roads, places, land use, water, railways) into "
        "the project's map layers, clipped to the box, and write maps/NAME/.",
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
    p.add_argument("--maps-dir", default=None, help="folder for the new map (default: the repo's maps/)")
    p.set_defaults(run=run_import_map)


def run_import_control(args: argparse.Namespace) -> int:
    area = control_area(read_geojson(args.file), parse_where(args.where), source=args.file)
    data = _target_data(args.into)
    if isinstance(data, dict) and data.get("format") == GAME_FORMAT:
        text = _into_game(data, args, area)
    else:
        text = _into_scenario(data, args, area)
    say(text)
    say(f"wrote {args.output}")
    return 0


def _target_data(into: str) -> Any:
    """The JSON of the file named by ``--into``, or None for a shipped scenario id."""
    from wargame.core.files.gamefile import MAX_FILE_BYTES
    from wargame.core.files.reader import read_json

    path = Path(into)
    if not (path.exists() or path.is_symlink()):
        return None
    return read_json(path, MAX_FILE_BYTES, "a scenario or game file")  # the one reader's checks


def _into_scenario(data: Any, args: argparse.Namespace, area: Any) -> str:
    from wargame.core.files.atomic import write_atomic
    from wargame.core.files.gamefile import pretty_json

    if data is None:
        scenario, gamemap = load_scenario(args.into)
    else:
        scenario, gamemap = scenario_from_dict(data, where=args.into)
    hexes = hexes_held(gamemap, area, source=args.file)
    change = control_change(scenario.control, unit_sides(scenario.units), hexes, args.side, scenario.side_ids)
    write_atomic(Path(args.output), pretty_json(scenario_to_dict(with_control(scenario, change))) + "\n")
    return change.summary(gamemap)


def _into_game(data: dict[str, Any], args: argparse.Namespace, area: Any) -> str:
    """Append one SetControl action to the game's log, so the import can be undone in the app."""
    from wargame.core.actions import SetControl
    from wargame.core.files.gamefile import game_from_dict, save_game

    saved = game_from_dict(data, where=Path(args.into).name)
    game = saved.game
    state = game.state
    hexes = hexes_held(game.map, area, source=args.file)
    change: ControlChange = control_change(
        state.control, unit_sides(state.units.values()), hexes, args.side, game.scenario.side_ids
    )
    if change.changed:
        game.push(SetControl(change.changed, change.side))
    save_game(args.output, game, saved.metadata)
    return change.summary(game.map)


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


__all__ = ["MAX_HEXES", "register_import_control", "register_import_map"]
