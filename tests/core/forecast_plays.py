"""Scripted plays of February 2023 at different paces: does the ring close within the range the
forecast gave? Ukraine holds; Russia, each turn, sends its ``pace`` units the forecast named
(then others) at the garrison's critical hexes, by the movement rules: a unit moves as far as
its allowance takes it towards its hex, seizes Ukrainian ground next to it on the way, and
seizes its critical hex once next to it.

``python -m tests.core.forecast_plays`` prints each play and the count.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.core.actions import EndTurn, MoveUnit, SetControl
from wargame.core.errors import ActionError
from wargame.core.files.scenario_file import load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.rules.analysis import analyse
from wargame.core.rules.forecast import Forecast
from wargame.core.rules.movement import reach
from wargame.core.rules.results import Analysis

FORCE = "Bakhmut"  # part of the garrison's name
LAST_TURN = 16
LEAD = 2  # the forecast checked is the one made at the start of the turn two turns before


@dataclass(frozen=True)
class Play:
    pace: int
    closed_turn: int | None
    forecast_turn: int  # the turn whose start gave the forecast checked
    earliest: int | None
    pace_close: int | None

    @property
    def within(self) -> bool:
        """The ring closed no earlier than the earliest forecast and no later than the pace
        forecast (or the earliest, when there was no trend)."""
        if self.closed_turn is None or self.earliest is None:
            return False
        latest = max(self.earliest, self.pace_close or self.earliest)
        return self.earliest <= self.closed_turn <= latest


def garrison(analysis: Analysis) -> Forecast | None:
    return next((f for f in analysis.sides["UA"].forecasts if FORCE in f.force), None)


def _try(game: Game, action: object) -> bool:
    try:
        game.push(action)  # type: ignore[arg-type]
    except ActionError:
        return False
    return True


def _advance(game: Game, unit_id: str, target: Hex) -> None:
    """Move towards ``target``, seizing Ukrainian ground next to the unit on the way."""
    for _ in range(6):
        unit = game.state.units[unit_id]
        if unit.hex.distance(target) <= 1:
            break
        step = min(unit.hex.neighbours(), key=lambda h: (h.distance(target), h))
        if game.state.controller(step) == "UA" and not game.state.units_at(step):
            _try(game, SetControl((step,), "RU"))
        reached = reach(game.state, unit)
        best = min(reached, key=lambda h: (h.distance(target), reached[h], h))
        if best == unit.hex or not _try(game, MoveUnit(unit_id, best)):
            break
    unit = game.state.units[unit_id]
    if unit.hex.distance(target) <= 1:
        _try(game, SetControl((target,), "RU"))


def russian_turn(game: Game, forecast: Forecast, pace: int) -> None:
    targets = [
        h for h in forecast.critical_hexes if not game.state.units_at(h) and game.state.controller(h) != "RU"
    ]
    named = list(forecast.earliest_units)
    others = [u.id for u in game.state.units_of("RU") if u.type.is_combat and u.id not in named]
    for k, unit_id in enumerate((named + others)[:pace]):
        if targets and unit_id in game.state.units:
            _advance(game, unit_id, targets[k % len(targets)])


def play(pace: int) -> Play:
    game = Game(*load_scenario("bakhmut-2023-02"))
    previous = None
    made: dict[int, Forecast] = {}
    while game.state.turn <= LAST_TURN:
        analysis = analyse(game.state, previous)
        forecast = garrison(analysis)
        if forecast is None:
            closed = game.state.turn - 1  # in Russia's move of the turn before
            turn = max(min(made), closed - LEAD)
            f = made[turn]
            return Play(pace, closed, turn, f.earliest_close_turn, f.pace_close_turn)
        made[game.state.turn] = forecast
        game.push(EndTurn())  # Ukraine holds
        previous = analysis
        russian_turn(game, garrison(analyse(game.state, previous)) or forecast, pace)
        game.push(EndTurn())
        previous = analyse(game.state_at(len(game) - 1), previous)
    last = max(made)
    return Play(pace, None, last, made[last].earliest_close_turn, made[last].pace_close_turn)


def main() -> None:
    plays = [play(pace) for pace in range(1, 11)]
    for p in plays:
        print(p, "within" if p.within else "outside")
    print(f"{sum(p.within for p in plays)} of {len(plays)} within the forecast's range")


if __name__ == "__main__":
    main()
