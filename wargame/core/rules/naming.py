"""Forces named truthfully: for their side and their place.

A force standing in a settlement its side holds is that side's garrison ("UA garrison of
Bakhmut"); in a settlement its side does not hold, an assault group ("RU assault group in
Bakhmut"); elsewhere, forces near or in a direction from the nearest settlement ("UA forces
near Khromove", "RU forces NE of Khromove"), or at a hex on a map without settlements.

>>> force_title(bakhmut, "UA", [bakhmut.settlements["Bakhmut"]], control)  # doctest: +SKIP
'UA garrison of Bakhmut'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.rules.encirclement import force_name

GARRISON = " garrison of "
ASSAULT_GROUP = " assault group in "


def force_title(gamemap: GameMap, side: str, hexes: Sequence[Hex], control: Mapping[Hex, str]) -> str:
    """The name of ``side``'s force standing on ``hexes`` (see the module docstring)."""
    where = force_name(gamemap, list(hexes))
    if not where.endswith(" garrison"):
        return f"{side} {where}"  # "UA forces near Khromove", "UA forces at 0504"
    place = where.removesuffix(" garrison")
    centre = gamemap.settlements.get(place)
    if centre is not None:
        holds = control.get(centre) == side
    else:  # a place without a centre: what the force stands on
        holds = 2 * sum(control.get(h) == side for h in hexes) > len(hexes)
    return f"{side}{GARRISON if holds else ASSAULT_GROUP}{place}"


def place_of(title: str) -> str:
    """The settlement a garrison or an assault group is named for ("" for other forces)."""
    for joint in (GARRISON, ASSAULT_GROUP):
        if joint in title:
            return title.split(joint, 1)[1]
    return ""


def counted(count: int, noun: str, plural: str = "") -> str:
    """ "1 hex", "3 hexes": a count with its noun, singular or plural."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def units_text(count: int) -> str:
    """ "1 unit", "3 units" """
    return counted(count, "unit")
