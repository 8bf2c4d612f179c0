"""The after-action review's "Hold or withdraw" section: each decision set against the forecast
of encirclement and the withdrawal window as they stood when it was taken, and the decision
points reached. A list of plain lines, so any form of the review (Markdown, HTML, a handout)
can print it.

>>> decisions_section(game)                   # doctest: +SKIP
['Turn 3 · UA decided to hold (Bakhmut garrison): "the city ties Wagner down" — ...']
"""

from __future__ import annotations

from wargame.core.actions import Decide
from wargame.core.game import Game
from wargame.core.rules.analysis import GameAnalysis
from wargame.core.rules.forecast import Forecast


def decisions_section(game: Game, analyses: GameAnalysis | None = None) -> list[str]:
    """One line per decision point reached and per decision, in the order of play."""
    chain = analyses or GameAnalysis(game)
    lines = [f"Turn {turn} · decision point reached: {name}" for name, turn in chain.at(len(game)).reached]
    for index, action in enumerate(game.actions):
        if isinstance(action, Decide):
            lines.append(_decision_line(game, chain, index, action))
    if not lines:
        return []
    return sorted(lines, key=lambda line: int(line.split()[1]))


def _decision_line(game: Game, chain: GameAnalysis, index: int, action: Decide) -> str:
    state = game.state_at(index)
    side = chain.at(index).sides.get(action.side)
    forecasts = side.forecasts if side else ()
    about = next((f for f in forecasts if f.force == action.force), forecasts[0] if forecasts else None)
    what = f" ({action.force})" if action.force else ""
    head = f"Turn {state.turn} · {action.side} decided to {action.choice}{what}: “{action.rationale}”"
    return f"{head} — {against(about)}" if about else head


def against(f: Forecast) -> str:
    """The forecast and window of a force in a few words, for the review."""
    close = (
        f"ring closes at the earliest in turn {f.earliest_close_turn}"
        if f.earliest_close_turn
        else "no close in sight"
    )
    pace = f", at the enemy's pace in turn {f.pace_close_turn}" if f.pace_close_turn else ""
    last = f.last_turn_to_start
    if f.turns_needed is None or last is None:
        window = "no withdrawal window"
    elif f.turns_left:
        window = f"withdrawal takes {f.turns_needed} turn(s), last start turn {last} ({f.turns_left} left)"
    else:
        window = f"withdrawal takes {f.turns_needed} turn(s): the window had closed (last start turn {last})"
    return f"{f.force}: corridor {f.width_hexes} hex, {close}{pace}; {window}"
