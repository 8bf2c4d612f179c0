"""The ring closes within the forecast's range in at least 8 of 10 scripted plays of
different pace (tests/core/forecast_plays.py; about 45 s, so marked slow)."""

import pytest

from tests.core.forecast_plays import play


@pytest.mark.slow
def test_the_ring_closes_within_the_forecasts_range_in_most_scripted_plays():
    plays = [play(pace) for pace in range(1, 11)]
    assert sum(p.within for p in plays) >= 8
