"""The hotwash handout: what a facilitator hands out after the game, as one HTML page.

A one-page summary first (the outcome, when each route fell, when each corridor narrowed and
closed, and the decisions taken against the forecasts and the withdrawal window once the game
logs them), then the key moments each with a map picture, charts over the turns (each side's
share of its need arriving, the narrowest corridor, the routes open), then the turn log with
every action credited to whoever did it (rulings and notes to the facilitator).

Pure Python: the map pictures are drawn by the UI (:mod:`wargame.ui.output.handout`, which also
makes the PDF) and handed in as image sources by key; the charts are SVG made here. Every text
from the game is HTML-escaped.

>>> handout = build_handout(game, metadata)      # doctest: +SKIP
>>> page = handout_html(handout, {"moment-12": "data:image/png;base64,…"})  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from wargame.core.files.gamefile import Metadata
from wargame.core.game import Game
from wargame.core.reports import aar
from wargame.core.reports.aar import Moment, TurnReview
from wargame.core.rules.results import Analysis, RouteState, SideAnalysis, Supply, Warning

MAX_KEY_MOMENTS = 5  # and the end of the game
KEY_WARNINGS = 4
CHARTS = (
    ("chart-share", "Share of the need that arrives (%)"),
    ("chart-corridor", "Narrowest corridor (hexes the enemy must take)"),
    ("chart-routes", "Routes open"),
)


@dataclass(frozen=True, slots=True)
class RouteFall:
    """One side's named route over the game: when it came under fire and when it was cut."""

    side: str
    route: str
    under_fire: int | None  # the turn it first came under fire (None: never)
    cut: int | None  # the turn it was first cut (None: never)
    where: str = ""  # where it was cut (or under fire), the first hexes' names


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened in a turn, one line of the summary."""

    turn: int
    side: str
    text: str


@dataclass(frozen=True, slots=True)
class KeyMoment:
    """A turn worth a map: the picture is of the game at its end (action ``index``)."""

    index: int
    turn: int
    title: str
    lines: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # the most severe warnings of that moment

    @property
    def picture(self) -> str:
        """The key of its map picture in :func:`handout_html`'s ``pictures``."""
        return f"moment-{self.index}"


@dataclass(frozen=True, slots=True)
class TurnFigures:
    """Per side, at the end of a turn: share of the need arriving, narrowest corridor, routes open."""

    turn: int
    share: dict[str, int]
    corridor: dict[str, int | None]
    routes_open: dict[str, int]


@dataclass(frozen=True, slots=True)
class Handout:
    title: str
    facts: tuple[str, ...]
    outcome: tuple[str, ...]
    route_falls: tuple[RouteFall, ...]
    corridor_events: tuple[Event, ...]
    key_moments: tuple[KeyMoment, ...]
    figures: tuple[TurnFigures, ...]
    turn_log: tuple[TurnReview, ...]
    side_names: dict[str, str]
    side_colours: dict[str, str]
    # Decisions (hold / withdraw) set against the forecasts and the withdrawal window: shown in
    # the summary when the game logs them (see :func:`decision_lines`).
    decisions: tuple[str, ...] = field(default=())


DecisionLines = Callable[[Game, Sequence[Moment]], Sequence[str]]


def decision_lines(game: Game, marks: Sequence[Moment]) -> list[str]:
    """The decisions of the game against the forecasts and the withdrawal window, one line each.

    The place for them in the summary: the game logs no decisions or forecasts yet, so there are
    none; a game that does passes its own ``decisions`` to :func:`build_handout`.
    """
    return []


def build_handout(
    game: Game,
    metadata: Metadata | None = None,
    history: aar.History | None = None,
    decisions: DecisionLines = decision_lines,
    marks: Sequence[Moment] | None = None,
) -> Handout:
    """The handout of ``game`` (which has at least one action); ``marks``: its moments
    (:func:`wargame.core.reports.aar.moments`) when the caller has them already."""
    marks = marks or aar.moments(game, history)
    reviews = tuple(aar.turn_reviews(game, marks))
    sides = game.scenario.sides
    names = {s.id: s.name for s in sides}
    return Handout(
        title=(metadata.title if metadata and metadata.title else "") or game.scenario.title,
        facts=tuple(facts(game, metadata)),
        outcome=tuple(outcome(game, marks[-1], names)),
        route_falls=tuple(route_falls(marks)),
        corridor_events=tuple(corridor_events(marks, names)),
        key_moments=tuple(key_moments(game, marks, names)),
        figures=tuple(turn_figures(marks)),
        turn_log=reviews,
        side_names=names,
        side_colours={s.id: s.colour for s in sides},
        decisions=tuple(decisions(game, marks)),
    )


# --- the summary ------------------------------------------------------------------------------


def facts(game: Game, metadata: Metadata | None) -> list[str]:
    """Scenario, facilitator, players, when it was played, how long it ran."""
    lines = [f"Scenario: {game.scenario.title}; map: {game.map.title}"]
    if metadata and metadata.facilitator:
        lines.append(f"Facilitator: {metadata.facilitator}")
    if metadata and metadata.players:
        lines.append(
            "Players: " + ", ".join(f"{p.name} ({p.side or 'facilitator'})" for p in metadata.players)
        )
    if metadata and metadata.created:
        start, end = _when(metadata.created), _when(metadata.modified or metadata.created)
        lines.append(f"Played {start}" if start == end else f"Played {start} to {end}")
    turns = game.turns()
    lines.append(f"{len(game)} actions over turns {turns[0]} to {game.state.turn}")
    return lines


def _when(stamp: str) -> str:
    """An ISO time as a reader writes it: "2026-12-08 20:41 UTC" (the text itself if unreadable)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def outcome(game: Game, end: Moment, names: Mapping[str, str]) -> list[str]:
    """Each side at the end: encircled, the corridor, the share of its need arriving, routes."""
    lines = []
    for side, analysis in sorted(end.analysis.sides.items()):
        name = names.get(side, side)
        units = len(analysis.units)
        encircled = sum(1 for u in analysis.units.values() if u.effective is Supply.ENCIRCLED)
        parts = [f"{analysis.arriving_percent} % of its need arrives"]
        if encircled:
            pockets = ", ".join(p.name for p in analysis.pockets if p.name) or "a pocket"
            parts.insert(0, f"{encircled} of {units} units encircled ({pockets})")
        narrowest = min(analysis.corridors, key=lambda c: c.width_hexes, default=None)
        if narrowest is not None:
            km = narrowest.width_m / 1000
            towards = f" to {narrowest.name}" if narrowest.name else ""
            parts.append(f"narrowest corridor{towards} {narrowest.width_hexes} hexes ({km:.1f} km)")
        routes = _routes_by_state(analysis)
        if routes:
            parts.append(routes)
        lines.append(f"{name}: " + "; ".join(parts))
    return lines


def _routes_by_state(analysis: SideAnalysis) -> str:
    by: dict[RouteState, list[str]] = {}
    for name, route in sorted(analysis.routes.items()):
        by.setdefault(route.effective, []).append(name)
    words = {RouteState.OPEN: "open", RouteState.UNDER_FIRE: "under fire", RouteState.CUT: "cut"}
    told = [f"{' and '.join(by[s])} {words[s]}" for s in words if s in by]
    return "routes: " + ", ".join(told) if told else ""


START = 0  # the turn number the summary gives the start of the game ("at the start")


def route_falls(marks: Sequence[Moment]) -> list[RouteFall]:
    """Every side's named route: the turn it first came under fire and the turn it was cut
    (:data:`START` when it already was at the start)."""
    falls = []
    for side, analysis in sorted(marks[0].analysis.sides.items()):
        for name in sorted(analysis.routes):
            fire = cut = None
            where = ""
            for turn, mark in _ends(marks):
                route = mark.analysis.sides[side].routes.get(name) if side in mark.analysis.sides else None
                if route is None:
                    continue
                state = route.effective
                if fire is None and state in (RouteState.UNDER_FIRE, RouteState.CUT):
                    fire = turn
                if cut is None and state is RouteState.CUT:
                    cut = turn
                    where = ", ".join(mark.state.map.describe(h) for h in route.hexes[:2])
            falls.append(RouteFall(side, name, fire, cut, where))
    return falls


def _ends(marks: Sequence[Moment]) -> list[tuple[int, Moment]]:
    """The start (as turn :data:`START`), then the end of every turn played, with its turn."""
    return [(START, marks[0])] + [(start.turn, end) for start, end in pairwise(marks)]


def turn_text(turn: int) -> str:
    return "at the start" if turn == START else f"turn {turn}"


def corridor_events(marks: Sequence[Moment], names: Mapping[str, str]) -> list[Event]:
    """When each side's narrowest corridor narrowed, and when forces were cut off (encircled)."""
    events = []
    for start, end in pairwise(marks):
        for side, after in sorted(end.analysis.sides.items()):
            name = names.get(side, side)
            before_width = _narrowest(start.analysis, side)
            width = _narrowest(end.analysis, side)
            if width is not None and (before_width is None or width < before_width):
                was = f" from {before_width}" if before_width is not None else ""
                events.append(Event(start.turn, side, f"{name}: the corridor narrowed{was} to {width} hexes"))
            before_ringed = _encircled(start.analysis, side)
            ringed = _encircled(end.analysis, side)
            if ringed > before_ringed:
                pockets = ", ".join(p.name for p in after.pockets if p.name) or "a pocket"
                events.append(
                    Event(start.turn, side, f"{name}: closed, {ringed} units encircled ({pockets})")
                )
            elif before_ringed and not ringed:
                events.append(Event(start.turn, side, f"{name}: the ring was broken, no unit encircled"))
    return events


def _narrowest(analysis: Analysis, side: str) -> int | None:
    return aar.narrowest_corridors(analysis).get(side)


def _encircled(analysis: Analysis, side: str) -> int:
    units = analysis.sides[side].units.values() if side in analysis.sides else ()
    return sum(1 for u in units if u.effective is Supply.ENCIRCLED)


def turn_figures(marks: Sequence[Moment]) -> list[TurnFigures]:
    """The figures the charts draw: at the start (turn :data:`START`) and the end of every turn."""
    return [
        TurnFigures(
            turn=turn,
            share=aar.delivered_shares(mark.analysis),
            corridor=aar.narrowest_corridors(mark.analysis),
            routes_open={
                s: sum(1 for r in a.routes.values() if r.effective is RouteState.OPEN)
                for s, a in sorted(mark.analysis.sides.items())
            },
        )
        for turn, mark in _ends(marks)
    ]


def key_moments(game: Game, marks: Sequence[Moment], names: Mapping[str, str]) -> list[KeyMoment]:
    """The turns where a route was cut, a corridor narrowed or closed (the most eventful first
    when there are many, then in turn order), and the end of the game."""
    events = corridor_events(marks, names)
    falls = route_falls(marks)
    found = []
    for start, end in pairwise(marks):
        lines = [
            f"{names.get(f.side, f.side)}: {f.route} cut" + (f" at {f.where}" if f.where else "")
            for f in falls
            if f.cut == start.turn
        ]
        lines += [e.text for e in events if e.turn == start.turn]
        if lines:
            title = f"Turn {start.turn}"
            found.append(KeyMoment(end.index, start.turn, title, tuple(lines), key_warnings(end.analysis)))
    kept = sorted(sorted(found, key=lambda m: -len(m.lines))[:MAX_KEY_MOMENTS], key=lambda m: m.turn)
    end = marks[-1]
    if not kept or kept[-1].index != end.index:
        last = _ends(marks)[-1][0]
        title = f"The end of the game (after {turn_text(last)})"
        summary = tuple(outcome(game, end, names))
        kept.append(KeyMoment(end.index, last, title, summary, key_warnings(end.analysis)))
    return kept


def key_warnings(analysis: Analysis, count: int = KEY_WARNINGS) -> tuple[str, ...]:
    """The most severe warnings of a moment (critical first), one line each."""
    ranked = sorted(analysis.warnings, key=lambda w: (-w.severity.rank, w.side, w.message))
    return tuple(f"{w.severity.value} · {w.side} · {w.message}" for w in ranked[:count])


# --- the page ---------------------------------------------------------------------------------


def chart_svgs(handout: Handout) -> dict[str, str]:
    """The three charts as SVG documents, by key (see :data:`CHARTS`)."""
    figures = handout.figures
    names = handout.side_names
    # A colour lands inside an SVG attribute: escaped (the scenario reader checks it too).
    colours = {side: html.escape(colour, quote=True) for side, colour in handout.side_colours.items()}
    turns = [f.turn for f in figures]
    series: dict[str, dict[str, list[int | None]]] = {
        "chart-share": {s: [f.share.get(s) for f in figures] for s in colours},
        "chart-corridor": {s: [f.corridor.get(s) for f in figures] for s in colours},
        "chart-routes": {s: [f.routes_open.get(s) for f in figures] for s in colours},
    }
    return {key: aar.chart_panel_svg(title, turns, series[key], colours, names) for key, title in CHARTS}


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def handout_html(handout: Handout, pictures: Mapping[str, str] | None = None, for_print: bool = False) -> str:
    """The handout as one HTML page. ``pictures``: image sources by key (each key moment's map,
    :attr:`KeyMoment.picture`; a chart key replaces its SVG). ``for_print``: page breaks and
    sizes for Qt's rich text (the PDF)."""
    e = html.escape
    sources = {key: svg_uri(svg) for key, svg in chart_svgs(handout).items()} | dict(pictures or {})
    width = 660 if for_print else 960
    body = [
        f"<h1>Hotwash: {e(handout.title)}</h1>",
        "<p class='facts'>" + "<br>".join(map(e, handout.facts)) + "</p>",
    ]
    body += ["<h2>Outcome</h2>", _list(handout.outcome)]
    body += ["<h2>When the routes fell</h2>", _route_table(handout)]
    corridor = [f"Turn {ev.turn}: {ev.text}" for ev in handout.corridor_events]
    body += ["<h2>The corridor</h2>", _list(corridor or ["No corridor narrowed and no force was cut off."])]
    if handout.decisions:
        body += [
            "<h2>Decisions against the forecasts and the withdrawal window</h2>",
            _list(handout.decisions),
        ]
    body.append(_heading("Key moments", for_print))
    for number, moment in enumerate(handout.key_moments):
        body.append(_key_moment_title(moment.title, for_print and number > 0))
        if moment.picture in sources:
            alt = f"The map at the end of {moment.title.lower()}"
            body.append(_picture(sources[moment.picture], alt, width))
        body.append(_list(moment.lines))
        if moment.warnings:
            body += ["<p class='section'><b>Warnings at that moment</b></p>", _list(moment.warnings)]
    body.append(_heading("Over the turns", for_print))
    chart_width = min(width, 720)
    for key, title in CHARTS:
        if key in sources:
            body.append(_picture(sources[key], title, chart_width))
    body.append("<p>Turn 0 is the start of the game; each later point is the end of that turn.</p>")
    body.append(_heading("Turn log", for_print))
    for review in handout.turn_log:
        body.append(f"<h3>Turn {review.turn}</h3>")
        for title, items in _turn_sections(review):
            body += [f"<p class='section'><b>{e(title)}</b></p>", _list(items)]
    return _page(handout.title, body)


def _key_moment_title(text: str, new_page: bool) -> str:
    style = " style='page-break-before: always'" if new_page else ""
    return f"<h3{style}>{html.escape(text)}</h3>"


def _picture(source: str, alt: str, width: int) -> str:
    """An image ``width`` pixels wide (its height keeps its shape); the paragraph's line height
    plain, or Qt's rich text adds the body's line spacing under the picture."""
    e = html.escape
    return f"<p style='line-height:100%'><img src='{e(source)}' width='{width}' alt='{e(alt)}'></p>"


def _heading(text: str, for_print: bool) -> str:
    """A part's heading on a new page: inline for Qt's rich text, by the style sheet in a browser."""
    style = " style='page-break-before: always'" if for_print else ""
    return f"<h2 class='part'{style}>{html.escape(text)}</h2>"


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _route_table(handout: Handout) -> str:
    e = html.escape
    if not handout.route_falls:
        return "<p>No named routes.</p>"
    rows = ["<tr><th>Side</th><th>Route</th><th>Under fire from</th><th>Cut in</th><th>Where</th></tr>"]
    for fall in handout.route_falls:
        fire = turn_text(fall.under_fire) if fall.under_fire is not None else "never"
        cut = turn_text(fall.cut) if fall.cut is not None else "held to the end"
        name = handout.side_names.get(fall.side, fall.side)
        cells = (name, fall.route, fire, cut, fall.where or "—")
        rows.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
    return "<table border='1' cellspacing='0' cellpadding='4'>" + "".join(rows) + "</table>"


def _turn_sections(review: TurnReview) -> list[tuple[str, list[str]]]:
    def warning(w: Warning) -> str:
        return f"{w.severity.value} · {w.side} · {w.message}"

    sections = [
        ("Actions", list(review.actions) or ["no actions"]),
        ("Routes", list(review.route_changes)),
        ("Supply", grouped_supply_changes(review.supply_changes)),
        ("Warnings raised", [warning(w) for w in review.raised]),
        ("Warnings cleared", [warning(w) for w in review.cleared]),
    ]
    return [(title, items) for title, items in sections if items]


def grouped_supply_changes(changes: Sequence[str]) -> list[str]:
    """``"UA 1/93 Mech: supplied → limited"`` lines grouped by side and change, so ten units that
    went short together make one line: ``"UA supplied → limited (10 units): 1/93 Mech, …"``."""
    groups: dict[tuple[str, str], list[str]] = {}
    for line in changes:
        head, _, change = line.rpartition(": ")
        side, _, label = head.partition(" ")
        groups.setdefault((side, change), []).append(label)
    lines = []
    for (side, change), labels in groups.items():
        count = f" ({len(labels)} units)" if len(labels) > 1 else ""
        lines.append(f"{side} {change}{count}: {', '.join(labels)}")
    return lines


STYLE = (
    "body{font-family:'DejaVu Sans',sans-serif;max-width:62em;margin:1.5em auto;line-height:1.35;color:#111}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.2em;border-bottom:1px solid #999}"
    "h3{font-size:1.05em;margin-bottom:.2em}table{border-collapse:collapse}td,th{padding:.2em .6em;"
    "border:1px solid #999;text-align:left}.facts{color:#333}img{max-width:100%}"
    "@media print{h2.part{page-break-before:always}}"
)


def _page(title: str, body: Sequence[str]) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Hotwash: '
        f"{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
