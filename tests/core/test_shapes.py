"""The one description of JSON shapes: what does not fit is one message naming the exact place."""

from __future__ import annotations

import pytest

from wargame.core.errors import ActionError, GameFileError
from wargame.core.files.shapes import HEX, EachValue, Fields, ListOf, check

ROUTES = EachValue(ListOf(Fields({"name": str, "to": Fields({"hex": HEX})}, required=("name",))))


def test_a_value_that_fits_passes():
    check({"UA": [{"name": "T0504", "to": {"hex": [1, 2]}}]}, ROUTES, "routes")


@pytest.mark.parametrize(
    "value, message",
    [
        (
            {"UA": [{"name": "T0504", "to": {"hex": [1, True]}}]},
            "routes.UA[0].to.hex: expected a hex as [q, r] integers, got [1, true]",
        ),
        ({"UA": [{}]}, "routes.UA[0]: the field 'name' is missing"),
        ({"UA": {"name": "T0504"}}, "routes.UA: expected a list, found an object"),
        ({"UA": [{"name": 5}]}, "routes.UA[0].name: expected text, found a whole number"),
        ([], "routes: expected an object, found a list"),
    ],
)
def test_what_does_not_fit_is_named_by_its_place(value, message):
    with pytest.raises(GameFileError) as caught:
        check(value, ROUTES, "routes", source="battle.wargame.json")
    assert str(caught.value) == f"battle.wargame.json: {message}"


def test_true_is_not_a_number():
    with pytest.raises(GameFileError, match="^turn: expected a whole number, found true or false$"):
        check({"turn": True}, Fields({"turn": int}))


def test_the_reader_chooses_the_error_and_a_long_value_is_cut_short():
    with pytest.raises(ActionError) as caught:
        check(list(range(1000)), HEX, "action.to", error=ActionError)
    assert len(str(caught.value)) < 120 and str(caught.value).endswith("…")
