"""The `import-control` command: control of hexes from a GeoJSON polygon of the area a side holds,
written into a scenario or game file (see docs/importing.md).

    python -m wargame import-control front.geojson --side RU --into bakhmut-2023-02 -o start.json
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wargame.cli.output import say
from wargame.core.files.scenario_file import (
    DEFAULT_SCENARIO,
    load_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from wargame.core.importers import (
    ControlChange,
    control_area,
    control_change,
    hexes_held,
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
