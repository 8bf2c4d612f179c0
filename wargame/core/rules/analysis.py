"""The whole analysis of a state: supply, routes, pockets, corridors and warnings, both sides.

``analyse(state, previous)`` is a pure function of the state (and, for ``since_turn``, of
the previous analysis). :class:`GameAnalysis` caches analyses of a game's states and chains
them through the ends of the sides' turns, so scrubbing back and forth gives the same
``since_turn`` as playing forward.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace

from wargame.core.actions import EndTurn
from wargame.core.game import Game
from wargame.core.rules import decision_points
from wargame.core.rules.decision_points import point_warnings
from wargame.core.rules.encirclement import corridors, force_supply, pockets
from wargame.core.rules.forecast import WidthPoint
from wargame.core.rules.graph import graph_of
from wargame.core.rules.naming import force_title
from wargame.core.rules.outlook import outlook, width_points, window_warnings
from wargame.core.rules.overrides import with_route_overrides, with_unit_overrides
from wargame.core.rules.results import Analysis, SideAnalysis
from wargame.core.rules.routes import side_routes
from wargame.core.rules.supply import delivered_without, trace, unit_supply
from wargame.core.rules.warnings import carry_over, side_warnings
from wargame.core.state import GameState

Analyser = Callable[[GameState, Analysis | None], Analysis]


def analyse(state: GameState, previous: Analysis | None = None) -> Analysis:
    """Analyse both sides of ``state``; ``previous`` is the analysis of the state before it."""
    history = previous.widths if previous else ()
    sides = {side: analyse_side(state, side, history) for side in state.scenario.side_ids}
    rules = state.scenario.rules
    found = [
        w
        for side in sides.values()
        for w in side_warnings(state.map, side, rules.narrow_corridor_hexes, rules.limited_share)
    ]
    forecasts = [f for side in sides.values() for f in side.forecasts]
    reached = decision_points.reached(state, sides, previous.reached if previous else ())
    found += window_warnings(state.scenario, forecasts) + point_warnings(state, reached)
    warnings, cleared = carry_over(found, previous, state.turn)
    widths = width_points(state.turn, forecasts, history, rules.forecast_trend_turns)
    return Analysis(
        state.scenario.id, state.turn, state.side_to_move, sides, warnings, cleared, widths, reached
    )


def analyse_side(state: GameState, side: str, history: Sequence[WidthPoint] = ()) -> SideAnalysis:
    """Supply, routes, pockets and corridors of one side."""
    graph = graph_of(state.map)
    traced = trace(state, side, graph)
    units = state.units_of(side)
    supply = unit_supply(traced, units, state.turns_out_of_supply, state.official)
    analysis = SideAnalysis(
        side=side,
        units=with_unit_overrides(state, side, supply),
        routes=with_route_overrides(state, side, side_routes(state, traced)),
        pockets=pockets(traced, units, supply),
        corridors=corridors(
            traced,
            units,
            supply,
            state.scenario.rules,
            lambda h: delivered_without(traced, state, h),
        ),
        supplied_hexes=frozenset(graph.hexes_of(traced.supplied)),
        limited_hexes=frozenset(graph.hexes_of(traced.reachable & ~traced.supplied)),
        forces=force_supply(traced, supply),
        ground=traced.delivery.ground,
    )
    analysis = named(state, analysis)
    if not state.scenario.rules.timed_movement:
        return analysis
    return replace(analysis, forecasts=outlook(state, traced, analysis.corridors, history))


def named(state: GameState, a: SideAnalysis) -> SideAnalysis:
    """Pockets, corridors and forces named for their side and place (:mod:`naming`)."""

    def title(ids: tuple[str, ...]) -> str:
        return force_title(state.map, a.side, [state.units[u].hex for u in ids], state.control)

    return replace(
        a,
        pockets=tuple(replace(p, name=title(p.units)) for p in a.pockets),
        corridors=tuple(replace(c, name=title(c.units)) for c in a.corridors),
        forces=tuple(replace(f, name=title(f.units)) for f in a.forces),
    )


class GameAnalysis:
    """Analyses of the states of a game, cached and chained through its turn history.

    Warnings are judged against the end of each side's turn (the state an ``EndTurn`` was
    played in): the analysis of a state takes as ``previous`` the analysis at the end of the
    last side's turn before it, and that one the end of the turn before, back to the start.
    So ``since_turn`` is the turn a warning has been present since (at every turn end and
    now), ``new`` marks one that appeared this turn, ``cleared`` lists those present at the
    last turn end and gone now, and scrubbing to any index costs one analysis per turn, not
    one per action. Summaries (warnings only) of turn ends are kept for the whole game; full
    analyses for the most recently used states.

    This is the one chain: the window, the replay, the AAR's moments, the trends and the CSV
    all read their analyses from a ``GameAnalysis``, so they agree on every state. ``analyser``
    replaces :func:`analyse` (tests and benchmarks).

    >>> analysis = GameAnalysis(game).at(len(game))   # doctest: +SKIP
    """

    def __init__(self, game: Game, keep: int = 64, analyser: Analyser | None = None) -> None:
        self.game = game
        self.keep = keep
        self.analyser: Analyser = analyser or analyse
        self._ends: dict[int, tuple[GameState, Analysis]] = {}  # turn ends, warnings only
        self._full: OrderedDict[int, tuple[GameState, Analysis]] = OrderedDict()

    def at(self, index: int) -> Analysis:
        """Analysis of the state after the first ``index`` actions."""
        state = self.game.state_at(index)
        cached = self._full.get(index)
        if cached is not None and cached[0] is state:
            self._full.move_to_end(index)
            return cached[1]
        analysis = self.analyser(state, self._end_analysis(turn_ends(self.game, index)))
        self._full[index] = (state, analysis)
        while len(self._full) > self.keep:
            self._full.popitem(last=False)
        return analysis

    @property
    def current(self) -> Analysis:
        return self.at(self.game.cursor)

    def _end_analysis(self, ends: list[int]) -> Analysis | None:
        """Summary analysis of the last of ``ends`` (computing earlier ones as needed)."""
        if not ends:
            return None
        first = len(ends)
        while first > 0 and not self._fresh(ends[first - 1]):
            first -= 1
        for k in range(first, len(ends)):
            previous = self._ends[ends[k - 1]][1] if k > 0 else None
            state = self.game.state_at(ends[k])
            self._ends[ends[k]] = (state, replace(self.analyser(state, previous), sides={}))
        return self._ends[ends[-1]][1]

    def _fresh(self, index: int) -> bool:
        """Known, and for the very state the game now has at that index (not an undone branch)."""
        cached = self._ends.get(index)
        return cached is not None and cached[0] is self.game.state_at(index)


def turn_ends(game: Game, index: int) -> list[int]:
    """Indices of the states in which a side ended its turn, before ``index``."""
    return [i for i, action in enumerate(game.actions[:index]) if isinstance(action, EndTurn)]


def analysis_at(game: Game, index: int) -> Analysis:
    """One-off analysis of a game's state after ``index`` actions, with the right since_turn."""
    return GameAnalysis(game).at(index)
