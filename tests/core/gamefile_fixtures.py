"""Small games on the Bakhmut map for the game-file tests (the map is loaded once per run)."""

from __future__ import annotations

from wargame.core.actions import (
    CutSegment,
    EndTurn,
    Interdict,
    MoveUnit,
    Note,
    OverrideStatus,
    PlaceUnit,
    RemoveUnit,
    RepairSegment,
    RollDice,
    SetControl,
    SetStrength,
)
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.map.mapdata import load_map
from wargame.core.map.sketch import make_scenario
from wargame.core.model import Echelon, Terrain, Unit, UnitType


def bakhmut() -> GameMap:
    return load_map("bakhmut")


def land_near(gamemap: GameMap, centre: Hex, count: int) -> list[Hex]:
    """Land hexes nearest ``centre``, nearest first (ties broken by coordinates)."""
    land = [h for h in gamemap.hexes if gamemap.terrain(h) is not Terrain.WATER]
    return sorted(land, key=lambda h: (h.distance(centre), h))[:count]


def small_game() -> Game:
    """A game that uses every kind of action once or more, over three turns."""
    gamemap = bakhmut()
    town = gamemap.settlements.get("Bakhmut", sorted(gamemap.hexes)[len(gamemap.hexes) // 2])
    west, east = land_near(gamemap, town + Hex(-8, 0), 6), land_near(gamemap, town + Hex(8, 0), 6)
    road = sorted(gamemap.roads)[len(gamemap.roads) // 2]
    scenario = make_scenario(
        gamemap,
        [
            Unit("ua-1", "UA", UnitType.INFANTRY, west[0], name="1st Bn"),
            Unit("ua-2", "UA", UnitType.ARMOUR, west[1], echelon=Echelon.COMPANY),
            Unit("ru-1", "RU", UnitType.MECHANISED, east[0], reach=3),
        ],
        control={west[2]: "UA", east[2]: "RU"},
        sources={"UA": [west[5]], "RU": [east[5]]},
        scenario_id="file-test",
    )
    game = Game(scenario, gamemap)
    for action in (
        MoveUnit("ua-1", west[3]),
        SetControl((west[4], west[5]), "UA"),
        CutSegment(road),
        Note("the bridge is down", (road.a,)),
        EndTurn(),
        PlaceUnit(Unit("ru-2", "RU", UnitType.RECON, east[1])),
        Interdict(west[3], "RU"),
        SetStrength("ru-1", 2),
        RollDice(2, 6, (3, 5), "assault on the bridge"),
        Note("RU assault repulsed", category="adjudication"),
        EndTurn(),
        OverrideStatus("UA", "unit", "ua-1", "limited", "ammunition convoy ambushed"),
        RepairSegment(road),
        RemoveUnit("ua-2"),
        SetControl((east[2],), None),
        EndTurn(),
    ):
        game.push(action)
    return game
