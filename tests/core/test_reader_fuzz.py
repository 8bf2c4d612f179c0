"""Fuzzing the one reader: any bytes, any JSON-like text, any GeoJSON-like value either reads or
gives the reader's own error (GameFileError, MapDataError), never another exception; what
reads can be written and reads back the same."""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.core.errors import GameFileError, MapDataError
from wargame.core.files.reader import check_writable, parse_json, read_json
from wargame.core.importers import control_area, features

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that trouble JSON readers: deep brackets, huge or special numbers, escapes of lone
# surrogates, duplicate keys, control characters, byte-order marks.
TOKENS = st.sampled_from(
    [
        "[", "]", "{", "}", ",", ":", '"a"', '"a":1', "1", "-0", "1e999", "-1e999", "NaN", "Infinity",
        "9" * 50, "1." + "0" * 45, "1e-400", "2e308", '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"',
        '"\\u0000"', "\ufeff", "\x00", "true", "null", '"x"', '{"k":1,"k":2}', "[" * 70, "]" * 70, " ",
    ]
)  # fmt: skip


def round_trips(value: Any) -> None:
    """A value the reader accepts can be written, and reads back as it was."""
    check_writable(value)
    again = parse_json(json.dumps(value, ensure_ascii=False, allow_nan=False), "again.json")
    assert again == value


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_read_or_give_a_game_file_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "f.json"
    path.write_bytes(data)
    try:
        value = read_json(path, 10_000, "a fuzzed file")
    except GameFileError:
        return
    round_trips(value)


@FUZZ
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_any_json_like_text_reads_or_gives_a_game_file_error(text):
    try:
        value = parse_json(text, "fuzz.json")
    except GameFileError as error:
        assert str(error).startswith("fuzz.json: ") and "\n" not in str(error)
        return
    round_trips(value)


@FUZZ
@given(st.text(max_size=200))
def test_any_text_reads_or_gives_a_game_file_error(text):
    try:
        value = parse_json(text, "fuzz.json")
    except GameFileError:
        return
    round_trips(value)


numbers = (
    st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([38.0, 48.6, -180.0, 90.0, 180.5, math.nan])
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=30,
)
geometry_types = st.sampled_from(
    [
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
        "Circle",
    ]
)
lon, lat = st.floats(-180, 180), st.floats(-90, 90)
positions = (
    st.lists(numbers, min_size=0, max_size=4)
    | st.tuples(lon, lat).map(list)
    | st.tuples(lon, lat, st.floats(-1e4, 1e4)).map(list)  # with a height: mixed with 2D ones too
)
coordinates = st.recursive(positions, lambda inner: st.lists(inner, max_size=5), max_leaves=40)
# Geometries that look right (nested as their type needs, positions in range), so the fuzzing
# also reaches shapely: rings closed or not, heights on some positions and not others.
position = st.tuples(lon, lat).map(list) | st.tuples(lon, lat, st.floats(-1e4, 1e4)).map(list)
line = st.lists(position, max_size=6)
ring = line.map(lambda points: points + points[:1])
PLAUSIBLE = {
    "Point": position,
    "MultiPoint": line,
    "LineString": line,
    "MultiLineString": st.lists(line, max_size=3),
    "Polygon": st.lists(ring | line, max_size=3),
    "MultiPolygon": st.lists(st.lists(ring, max_size=2), max_size=2),
}
plausible = st.sampled_from(sorted(PLAUSIBLE)).flatmap(
    lambda kind: st.fixed_dictionaries({"type": st.just(kind), "coordinates": PLAUSIBLE[kind]})
)
geometries = st.recursive(
    plausible | st.fixed_dictionaries({"type": geometry_types, "coordinates": coordinates | json_values}),
    lambda inner: st.fixed_dictionaries(
        {"type": st.just("GeometryCollection"), "geometries": st.lists(inner, max_size=3)}
    ),
    max_leaves=6,
)
geojson = st.one_of(
    geometries,
    st.fixed_dictionaries(
        {"type": st.just("Feature"), "geometry": geometries | json_values, "properties": json_values}
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("FeatureCollection"),
            "features": st.lists(
                st.fixed_dictionaries({"type": st.just("Feature"), "geometry": geometries}), max_size=3
            )
            | json_values,
            "crs": json_values,
        }
    ),
    st.dictionaries(st.text(max_size=5), json_values, max_size=3),
)


@FUZZ
@given(geojson)
def test_any_geojson_like_value_reads_or_gives_a_map_data_error(data):
    try:
        found = features(data, "fuzz.geojson")
    except MapDataError as error:
        assert str(error).startswith("fuzz.geojson") and "\n" not in str(error)
        return
    for _, geometry in found:
        assert geometry.is_empty or all(math.isfinite(v) for v in geometry.bounds)
    with contextlib.suppress(MapDataError):
        control_area(data, source="fuzz.geojson")  # repaired and merged as import-control does
