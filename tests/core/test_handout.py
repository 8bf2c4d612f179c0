"""The hotwash handout's page, from hand-made contents: every text escaped, the summary's parts
where a facilitator looks for them, decisions shown only when the game has them."""

from __future__ import annotations

from html.parser import HTMLParser

from wargame.core.reports.aar import TurnReview
from wargame.core.reports.handout import (
    Event,
    Handout,
    KeyMoment,
    RouteFall,
    TurnFigures,
    _when,
    grouped_supply_changes,
    handout_html,
)

HOSTILE = '<script>alert(1)</script> & "x"'


def handout(**changes) -> Handout:  # type: ignore[no-untyped-def]
    review = TurnReview(
        1, (f"Facilitator: note: {HOSTILE}",), (), (), (), (), {"UA": 2}, {"UA": 0}, {"UA": 80}
    )
    contents = dict(
        title=HOSTILE,
        facts=(f"Facilitator: {HOSTILE}",),
        outcome=(f"Ukraine: {HOSTILE}",),
        route_falls=(RouteFall("UA", "T0504", 0, 1, HOSTILE), RouteFall("UA", "O0506", None, None)),
        corridor_events=(Event(1, "UA", "Ukraine: the corridor narrowed from 3 to 2 hexes"),),
        key_moments=(KeyMoment(4, 1, "Turn 1", ("Ukraine: T0504 cut",), (f"critical · UA · {HOSTILE}",)),),
        figures=(
            TurnFigures(0, {"UA": 90}, {"UA": 3}, {"UA": 2}),
            TurnFigures(1, {"UA": 80}, {"UA": 2}, {"UA": 1}),
        ),
        turn_log=(review,),
        side_names={"UA": "Ukraine"},
        side_colours={"UA": "#0057B7"},
    )
    return Handout(**(contents | changes))


class Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.text.append(data)


def parsed(page: str) -> Texts:
    texts = Texts()
    texts.feed(page)
    return texts


def test_every_text_of_the_game_is_escaped():
    page = handout_html(handout(), {"moment-4": "data:image/png;base64,AAAA"})
    texts = parsed(page)
    assert "script" not in texts.tags
    assert sum(HOSTILE in t for t in texts.text) >= 6  # title, facts, outcome, table, warnings, log


def test_the_summary_comes_first_then_moments_charts_and_the_log():
    page = handout_html(handout(), {"moment-4": "data:image/png;base64,AAAA"})
    order = [page.index(h) for h in ("Outcome", "When the routes fell", "The corridor", "Key moments",
                                     "Over the turns", "Turn log")]  # fmt: skip
    assert order == sorted(order)
    assert "at the start" in page and "turn 1" in page and "held to the end" in page
    assert page.count("data:image/svg+xml;base64,") == 3  # share, corridor, routes open
    assert "data:image/png;base64,AAAA" in page


def test_decisions_show_in_the_summary_only_when_the_game_has_them():
    heading = "Decisions against the forecasts and the withdrawal window"
    assert heading not in handout_html(handout())
    page = handout_html(handout(decisions=("Turn 2: Ukraine holds; forecast: encircled in turn 4",)))
    assert page.index(heading) < page.index("Key moments") and "encircled in turn 4" in page


def test_a_print_page_breaks_before_each_part_and_each_moment():
    two = handout(key_moments=handout().key_moments * 2)
    assert handout_html(two, for_print=True).count("style='page-break-before: always'") == 4
    browser = handout_html(two)
    assert "style='page-break-before" not in browser and browser.count("<h2 class='part'") == 3


def test_units_that_changed_together_make_one_line():
    lines = grouped_supply_changes(
        [
            "UA 1/93 Mech: supplied → limited",
            "UA 2/93 Mech: supplied → limited",
            "RU 3 BTG: limited → supplied",
        ]
    )
    assert lines == ["UA supplied → limited (2 units): 1/93 Mech, 2/93 Mech", "RU limited → supplied: 3 BTG"]


def test_times_read_as_a_reader_writes_them():
    assert _when("2026-12-08T20:41:36Z") == "2026-12-08 20:41 UTC"
    assert _when("yesterday") == "yesterday"
