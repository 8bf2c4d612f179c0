"""After-action review: what happened turn by turn, as a Markdown or HTML report.

For each turn: the actions taken, route status changes, supply changes, warnings raised and
cleared; and a chart of the narrowest corridor and of the units out of supply over the turns
(an inline SVG, so the report is one self-contained file). Pure Python: no Qt.

The analysis is taken at every turn boundary (the start of each turn and the end of the
game), each chained to the one before, so "raised" and "cleared" are relative to the
previous turn, as a facilitator reviews them.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from wargame.core.actors import actor_name
from wargame.core.errors import GameFileError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.gamefile import Metadata
from wargame.core.game import Game
from wargame.core.reports.decisions_review import decisions_section
from wargame.core.rules.analysis import Analyser, GameAnalysis, analyse
from wargame.core.rules.naming import units_text
from wargame.core.rules.results import Analysis, RouteStatus, Supply, UnitSupply, Warning, sp_text
from wargame.core.state import GameState

UNSUPPLIED = frozenset({Supply.OUT_OF_SUPPLY, Supply.ENCIRCLED})
SEVERITY_MARK = {"critical": "⛔", "warning": "⚠", "info": "ℹ"}


def default_analyser() -> Analyser:
    return analyse


# --- the moments a review looks at --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Moment:
    """The game at the start of a turn (or at its end): action index, state and analysis."""

    index: int
    state: GameState
    analysis: Analysis

    @property
    def turn(self) -> int:
        return self.state.turn


def turn_boundaries(game: Game) -> list[int]:
    """Action indexes where each turn starts, then the end of the game (no duplicates)."""
    indexes = [game.index_of_turn(turn) for turn in game.turns()]
    return sorted(set(indexes) | {len(game)})


History = Analyser | GameAnalysis


def chain(game: Game, history: History | None = None, keep: int = 64) -> GameAnalysis:
    """The game's one analysis chain (:class:`GameAnalysis`), made with ``history`` when it is
    an analyser, or ``history`` itself."""
    if isinstance(history, GameAnalysis):
        return history
    return GameAnalysis(game, keep, history or default_analyser())


def moments(game: Game, history: History | None = None, last_index: int | None = None) -> list[Moment]:
    """The game at every turn boundary up to ``last_index``, analysed by the game's chain."""
    return list(iter_moments(game, history, last_index))


def iter_moments(
    game: Game, history: History | None = None, last_index: int | None = None
) -> Iterator[Moment]:
    """:func:`moments` one at a time: only the last analyses are kept (a long game's replay)."""
    analyses = chain(game, history, keep=2)
    for index in turn_boundaries(game):
        if last_index is not None and index > last_index:
            break
        yield Moment(index, game.state_at(index), analyses.at(index))


def moment_at(game: Game, index: int, history: History | None = None) -> Moment:
    """The game after ``index`` actions, analysed by the game's chain."""
    return Moment(index, game.state_at(index), chain(game, history).at(index))


# --- one turn of the review ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TurnReview:
    turn: int
    actions: tuple[str, ...]
    route_changes: tuple[str, ...]
    supply_changes: tuple[str, ...]
    raised: tuple[Warning, ...]
    cleared: tuple[Warning, ...]
    narrowest: dict[str, int | None]  # side -> fewest hexes to cut its supply (None: no corridor)
    unsupplied: dict[str, int]  # side -> units out of supply or encircled
    delivered: dict[str, int]  # side -> share of its units' need that arrives, in per cent
    forces_short: tuple[str, ...] = ()  # "UA Bakhmut garrison (12 units): 69 % (9 of 13 SP)"


def review(game: Game, analyser: History | None = None) -> list[TurnReview]:
    """One :class:`TurnReview` per turn played, oldest first."""
    marks = moments(game, analyser)
    return [_turn_review(game, start, end) for start, end in zip(marks, marks[1:], strict=False)]


def _turn_review(game: Game, start: Moment, end: Moment) -> TurnReview:
    actions = tuple(_action_line(game, i) for i in range(start.index, end.index))
    before, after = {w.key: w for w in start.analysis.warnings}, {w.key: w for w in end.analysis.warnings}
    return TurnReview(
        turn=start.turn,
        actions=actions,
        route_changes=tuple(route_changes(start, end)),
        supply_changes=tuple(supply_changes(start, end)),
        raised=tuple(w for k, w in after.items() if k not in before),
        cleared=tuple(w for k, w in before.items() if k not in after),
        narrowest=narrowest_corridors(end.analysis),
        unsupplied=unsupplied_counts(end.analysis),
        delivered=delivered_shares(end.analysis),
        forces_short=tuple(forces_short(end.analysis)),
    )


def _action_line(game: Game, index: int) -> str:
    """The action credited to whoever did it: "Facilitator: 2d6 for …", "UA ends turn 1"."""
    who, text = actor_name(game.actor(index)), game.describe(index)
    return text if text.casefold().startswith(f"{who.casefold()} ") else f"{who}: {text}"


def route_changes(start: Moment, end: Moment) -> list[str]:
    changes = []
    for side, after in sorted(end.analysis.sides.items()):
        before = start.analysis.sides.get(side)
        for name, route in sorted(after.routes.items()):
            old = before.routes.get(name) if before else None
            if old is None or (old.effective, old.status) == (route.effective, route.status):
                continue
            places = ", ".join(end.state.map.describe(h) for h in route.hexes[:3])
            where = f" at {places}" if places else ""
            changes.append(f"{side} {name}: {route_text(old)} → {route_text(route)}{where}")
    return changes


def supply_changes(start: Moment, end: Moment) -> list[str]:
    changes = []
    for side, after in sorted(end.analysis.sides.items()):
        before = start.analysis.sides.get(side)
        for unit_id, supply in sorted(after.units.items()):
            old = before.units.get(unit_id) if before else None
            unit = end.state.units.get(unit_id)
            label = unit.label if unit else unit_id
            if old is not None and old.priority != supply.priority:
                changes.append(f"{side} {label}: supply priority {old.priority} → {supply.priority}")
            if old is None or (old.effective, old.supply) == (supply.effective, supply.supply):
                continue
            changes.append(f"{side} {label}: {supply_text(old)} → {supply_text(supply)}")
    return changes


def route_text(r: RouteStatus) -> str:
    """The ruled status of a route, with the computed one beside it where they differ."""
    if r.effective is r.status:
        return _title(r.effective.value)
    return f"{_title(r.effective.value)} (ruled; computed {_title(r.status.value)})"


def supply_text(u: UnitSupply) -> str:
    """The ruled status, with the computed one beside it where they differ: "limited (ruled;
    computed encircled)"."""
    if u.effective is u.supply:
        return u.effective.title
    return f"{u.effective.title} (ruled; computed {u.supply.title})"


def narrowest_corridors(analysis: Analysis) -> dict[str, int | None]:
    return {
        side: min((c.width_hexes for c in a.corridors), default=None)
        for side, a in sorted(analysis.sides.items())
    }


def unsupplied_counts(analysis: Analysis) -> dict[str, int]:
    return {
        side: sum(1 for u in a.units.values() if u.effective in UNSUPPLIED)  # as ruled
        for side, a in sorted(analysis.sides.items())
    }


def delivered_shares(analysis: Analysis) -> dict[str, int]:
    """Per side, the share of its units' need that arrives (100 when they need nothing)."""
    return {side: a.arriving_percent for side, a in sorted(analysis.sides.items())}


def forces_short(analysis: Analysis) -> list[str]:
    """Each force short of supply at the end of the turn, and how short."""
    lines = []
    for _, a in sorted(analysis.sides.items()):
        for f in a.forces:
            count = units_text(len(f.units))
            lines.append(
                f"{f.name} ({count}): {f.ratio:.0%} of the need "
                f"({sp_text(f.delivered_sp)} of {sp_text(f.need_sp)} SP)"
            )
    return lines


def _title(value: str) -> str:
    return value.replace("_", " ")


# --- the chart ------------------------------------------------------------------------------

CHART_WIDTH, PANEL_HEIGHT = 720, 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 130, 30, 34
DASHES = ("", "8 5")
MARKERS = ("circle", "square")


def chart_svg(reviews: Sequence[TurnReview], colours: dict[str, str], names: dict[str, str]) -> str:
    """Three stacked line charts over the turns: narrowest corridor, units out of supply, and
    the share of the need that arrives."""
    corridor = {s: [r.narrowest.get(s) for r in reviews] for s in colours}
    unsupplied: dict[str, list[int | None]] = {s: [r.unsupplied.get(s, 0) for r in reviews] for s in colours}
    arriving: dict[str, list[int | None]] = {s: [r.delivered.get(s) for r in reviews] for s in colours}
    panels = [
        ("Narrowest corridor (hexes the enemy must take)", corridor),
        ("Units out of supply or encircled", unsupplied),
        ("Share of the need that arrives (%)", arriving),
    ]
    turns = [r.turn for r in reviews]
    height = PANEL_HEIGHT * len(panels)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{CHART_WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for number, (title, series) in enumerate(panels):
        parts += _panel(title, turns, series, colours, names, number * PANEL_HEIGHT)
    parts.append("</svg>")
    return "\n".join(parts)


def _panel(
    title: str,
    turns: list[int],
    series: dict[str, list[int | None]],
    colours: dict[str, str],
    names: dict[str, str],
    top: int,
) -> list[str]:
    left, right = MARGIN_LEFT, CHART_WIDTH - MARGIN_RIGHT
    y0, y1 = top + PANEL_HEIGHT - MARGIN_BOTTOM, top + MARGIN_TOP
    values = [v for vs in series.values() for v in vs if v is not None]
    ceiling = max([*values, 1])

    def x(i: int) -> float:
        return left + (right - left) * (i / max(1, len(turns) - 1))

    def y(v: float) -> float:
        return y0 - (y0 - y1) * v / ceiling

    out = [
        f'<text x="{left}" y="{top + 18}" font-weight="bold" font-size="14">{html.escape(title)}</text>',
        f'<line x1="{left}" y1="{y0}" x2="{right}" y2="{y0}" stroke="#333"/>',
        f'<line x1="{left}" y1="{y0}" x2="{left}" y2="{y1}" stroke="#333"/>',
    ]
    for tick in sorted({0, ceiling // 2, ceiling}):
        out.append(f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
        out.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" stroke="#ddd"/>')
    step = max(1, len(turns) // 12)
    for i, turn in enumerate(turns):
        if i % step == 0 or i == len(turns) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{y0 + 16}" text-anchor="middle">{turn}</text>')
    out.append(
        f'<text x="{(left + right) / 2:.0f}" y="{y0 + 30}" text-anchor="middle" fill="#555">turn</text>'
    )
    for k, (side, vs) in enumerate(series.items()):
        out += _series(vs, x, y, colours[side], k)
        ly = top + MARGIN_TOP + 20 * k + 10
        out.append(
            f'<line x1="{right + 14}" y1="{ly}" x2="{right + 44}" y2="{ly}" stroke="{colours[side]}" '
            f'stroke-width="3" stroke-dasharray="{DASHES[k % 2]}"/>'
        )
        out.append(_marker(right + 29, ly, colours[side], k))
        out.append(f'<text x="{right + 50}" y="{ly + 4}">{html.escape(names[side])}</text>')
    return out


def _series(
    values: list[int | None], x: Callable[[int], float], y: Callable[[float], float], colour: str, k: int
) -> list[str]:
    out, run = [], []
    for i, value in enumerate([*values, None]):
        if value is not None:
            run.append(f"{x(i):.1f},{y(value):.1f}")
            out.append(_marker(x(i), y(value), colour, k))
        elif run:  # a gap (no corridor that turn) breaks the line
            out.insert(
                0,
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                f'stroke-width="3" stroke-dasharray="{DASHES[k % 2]}"/>',
            )
            run = []
    return out


def _marker(cx: float, cy: float, colour: str, k: int) -> str:
    if MARKERS[k % 2] == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"/>'
    return f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{colour}"/>'


# --- the report -------------------------------------------------------------------------------


def aar_markdown(game: Game, reviews: Sequence[TurnReview], metadata: Metadata | None = None) -> str:
    """The review as Markdown; the chart is an SVG image embedded as a data URI."""
    svg = chart_svg(reviews, *_side_styles(game))
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    lines = [f"# After-action review: {_heading(game, metadata)}", "", *_facts(game, metadata), ""]
    lines += ["## Over the turns", "", f"![Corridor width and units out of supply by turn]({uri})", ""]
    lines += _summary_table(game, reviews)
    held = decisions_section(game)
    if held:
        lines += ["", "## Hold or withdraw", ""] + [f"- {line}" for line in held]
    for r in reviews:
        lines += ["", f"## Turn {r.turn}", ""]
        for title, items in _sections(r):
            lines += [f"**{title}**", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(lines).rstrip() + "\n"


def aar_html(game: Game, reviews: Sequence[TurnReview], metadata: Metadata | None = None) -> str:
    """The review as one self-contained HTML page with the chart inline."""
    e = html.escape
    body = [f"<h1>After-action review: {e(_heading(game, metadata))}</h1>", "<ul>"]
    body += [f"<li>{e(fact.removeprefix('- '))}</li>" for fact in _facts(game, metadata)] + ["</ul>"]
    body += ["<h2>Over the turns</h2>", chart_svg(reviews, *_side_styles(game)), "<table>"]
    rows = _summary_table(game, reviews)
    for i, row in enumerate(rows):
        if i == 1:
            continue  # the Markdown rule line
        cells = [c.strip() for c in row.strip("|").split("|")]
        tag = "th" if i == 0 else "td"
        body.append("<tr>" + "".join(f"<{tag}>{e(c)}</{tag}>" for c in cells) + "</tr>")
    body.append("</table>")
    for r in reviews:
        body.append(f"<h2>Turn {r.turn}</h2>")
        for title, items in _sections(r):
            body += [f"<h3>{e(title)}</h3>", "<ul>"] + [f"<li>{e(i)}</li>" for i in items] + ["</ul>"]
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .6em;text-align:right}"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>AAR: '
        f"{e(_heading(game, metadata))}</title><style>{style}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write_aar(
    path: Path, game: Game, metadata: Metadata | None = None, analyser: History | None = None
) -> None:
    """Write the review to ``path``: HTML for .html/.htm, Markdown otherwise."""
    reviews = review(game, analyser)
    if not reviews:
        raise GameFileError("the game has no actions yet: there is nothing to review")
    as_html = path.suffix.lower() in (".html", ".htm")
    write_atomic(path, (aar_html if as_html else aar_markdown)(game, reviews, metadata))


def _heading(game: Game, metadata: Metadata | None) -> str:
    return (metadata.title if metadata and metadata.title else "") or game.scenario.title


def _facts(game: Game, metadata: Metadata | None) -> list[str]:
    facts = [f"- Scenario: {game.scenario.title} ({game.scenario.id}), map {game.map.title}"]
    if metadata and metadata.facilitator:
        facts.append(f"- Facilitator: {metadata.facilitator}")
    if metadata and metadata.players:
        facts.append(
            "- Players: " + ", ".join(f"{p.name} ({p.side or 'facilitator'})" for p in metadata.players)
        )
    if metadata and metadata.created:
        facts.append(f"- Played: {metadata.created} to {metadata.modified}")
    facts.append(f"- {len(game)} actions over turns {game.turns()[0]} to {game.state.turn}")
    return facts


def _summary_table(game: Game, reviews: Sequence[TurnReview]) -> list[str]:
    sides = game.scenario.side_ids
    head = ["turn"] + [f"{s} narrowest corridor" for s in sides] + [f"{s} units out of supply" for s in sides]
    head += [f"{s} need arriving" for s in sides]
    rows = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in reviews:
        cells = [str(r.turn)]
        cells += ["—" if r.narrowest.get(s) is None else str(r.narrowest[s]) for s in sides]
        cells += [str(r.unsupplied.get(s, 0)) for s in sides]
        cells += [f"{r.delivered[s]} %" if s in r.delivered else "—" for s in sides]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _sections(r: TurnReview) -> list[tuple[str, list[str]]]:
    def warning(w: Warning) -> str:
        return f"{SEVERITY_MARK.get(w.severity.value, '')} {w.severity.value} · {w.side} · {w.message}"

    sections = [
        ("Actions", list(r.actions) or ["no actions"]),
        ("Route status changes", list(r.route_changes)),
        ("Supply changes", list(r.supply_changes)),
        ("Forces short of supply", list(r.forces_short)),
        ("Warnings raised", [warning(w) for w in r.raised]),
        ("Warnings cleared", [warning(w) for w in r.cleared]),
    ]
    return [(title, items) for title, items in sections if items]


def _side_styles(game: Game) -> tuple[dict[str, str], dict[str, str]]:
    sides = game.scenario.sides
    # Escaped here: a colour lands inside an SVG attribute (the scenario reader checks it too).
    return {s.id: html.escape(s.colour, quote=True) for s in sides}, {s.id: s.name for s in sides}


# --- for the hotwash handout (wargame.core.reports.handout) --------------------------------------


def turn_reviews(game: Game, marks: Sequence[Moment]) -> list[TurnReview]:
    """:func:`review` of moments already taken (:func:`moments`), so they are analysed once."""
    return [_turn_review(game, start, end) for start, end in zip(marks, marks[1:], strict=False)]


def chart_panel_svg(
    title: str,
    turns: list[int],
    series: dict[str, list[int | None]],
    colours: dict[str, str],
    names: dict[str, str],
) -> str:
    """One line chart over the turns (a panel of :func:`chart_svg`) as an SVG document."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{PANEL_HEIGHT}" '
        f'viewBox="0 0 {CHART_WIDTH} {PANEL_HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{CHART_WIDTH}" height="{PANEL_HEIGHT}" fill="#ffffff"/>',
        *_panel(title, turns, series, colours, names, 0),
        "</svg>",
    ]
    return "\n".join(parts)
