"""The built-map cache: a cached map is the built map; changed GeoJSON, a new map version and a
damaged cache file each make the map be built again; an unwritable cache folder only costs time."""

import hashlib
import json
import shutil
import zlib
from pathlib import Path

import pytest

from wargame.core.map import mapdata
from wargame.core.map.cache import (
    cache_file,
    cache_key,
    map_from_json,
    map_to_json,
    read_cached,
    write_cached,
)
from wargame.core.map.mapdata import MapBuilder, load_map, map_dir
from wargame.core.resources import user_dir

COPY = "stalingrad-copy"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("WARGAME_CACHE_DIR", str(folder))
    mapdata._load_folder.cache_clear()
    yield folder
    mapdata._load_folder.cache_clear()


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A copy of a shipped map that a test may edit, in the user's maps folder (maps are found
    by name only: the copy has a name of its own)."""
    copy = Path(shutil.copytree(map_dir("stalingrad"), tmp_path / "maps" / COPY))
    meta = json.loads((copy / "map.json").read_text(encoding="utf-8"))
    (copy / "map.json").write_text(json.dumps({**meta, "name": COPY}), encoding="utf-8")
    monkeypatch.setenv("WARGAME_MAPS_DIR", str(copy.parent))
    return copy


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The folders of the maps built from GeoJSON (not read from the cache), in order."""
    built: list[str] = []
    real = MapBuilder.build

    def counting(self):
        built.append(self.folder.name)
        return real(self)

    monkeypatch.setattr(MapBuilder, "build", counting)
    return built


def load_again(folder: Path):
    mapdata._load_folder.cache_clear()  # the in-memory cache would hide the file cache
    return load_map(folder.name)


def test_a_map_read_back_from_json_is_the_built_map_in_the_same_order():
    built = load_map("bakhmut")
    again = map_from_json(json.loads(json.dumps(map_to_json(built))))
    assert again == built
    assert list(again.hexes) == list(built.hexes)
    assert list(again.roads) == list(built.roads)
    assert again.features == built.features
    assert again.describe(again.settlements["Bakhmut"]) == built.describe(built.settlements["Bakhmut"])


def test_the_second_start_reads_the_map_from_the_cache(cache, folder, builds):
    first = load_again(folder)
    second = load_again(folder)
    assert builds == [COPY]
    assert second == first
    assert cache_file(folder).parent == cache / "maps"
    assert cache_file(folder).is_file()


def test_changed_geojson_builds_the_map_again(cache, folder, builds):
    first = load_again(folder)
    roads = json.loads((folder / "roads.geojson").read_text(encoding="utf-8"))
    roads["features"] = roads["features"][1:]
    (folder / "roads.geojson").write_text(json.dumps(roads), encoding="utf-8")
    second = load_again(folder)
    assert builds == [COPY, COPY]
    assert second.roads != first.roads
    assert second == MapBuilder(folder, json.loads((folder / "map.json").read_text())).build()


def test_a_new_map_version_builds_the_map_again(cache, folder, builds, monkeypatch):
    load_again(folder)
    monkeypatch.setattr(mapdata, "MAP_VERSION", mapdata.MAP_VERSION + 1)
    load_again(folder)
    load_again(folder)
    assert builds == [COPY, COPY]


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _payload_byte_flipped(data: bytes) -> bytes:
    return data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]


def _header_garbage(data: bytes) -> bytes:
    return b"{not json\n" + data.partition(b"\n")[2]


def _other_layout_with_a_right_checksum(data: bytes) -> bytes:
    header = json.loads(data.partition(b"\n")[0])
    payload = zlib.compress(b'{"name": "stalingrad"}')
    header["checksum"] = hashlib.sha256(payload).hexdigest()
    return json.dumps(header).encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [_truncated, _payload_byte_flipped, _header_garbage, _other_layout_with_a_right_checksum, lambda d: b""],
    ids=["truncated", "flipped-byte", "bad-header", "other-layout", "empty"],
)
def test_a_damaged_cache_file_is_ignored_and_rebuilt(cache, folder, builds, damage):
    first = load_again(folder)
    path = cache_file(folder)
    path.write_bytes(damage(path.read_bytes()))
    assert load_again(folder) == first
    assert builds == [COPY, COPY]
    assert load_again(folder) == first
    assert builds == [COPY, COPY], "the rebuilt map was cached again"


def test_a_cache_file_of_another_source_is_not_used(tmp_path, folder):
    gamemap = load_again(folder)
    path = tmp_path / "one.map.json.z"
    assert write_cached(path, cache_key(1, "a"), gamemap)
    assert read_cached(path, cache_key(1, "a")) == gamemap
    assert read_cached(path, cache_key(1, "b")) is None
    assert read_cached(path, cache_key(2, "a")) is None
    assert read_cached(tmp_path / "missing", cache_key(1, "a")) is None


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch, folder, builds):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WARGAME_CACHE_DIR", str(blocker))
    first = load_again(folder)
    assert load_again(folder) == first
    assert builds == [COPY, COPY]


def test_the_cache_folder_follows_the_platform_convention(tmp_path, monkeypatch):
    monkeypatch.delenv("WARGAME_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("sys.platform", "linux")
    assert user_dir("cache") == tmp_path / "xdg" / "wargame"
    monkeypatch.setenv("WARGAME_CACHE_DIR", str(tmp_path / "mine"))
    assert user_dir("cache") == tmp_path / "mine"


# --- planted caches ----------------------------------------------------------------------------


def _planted(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The cache file with its map changed and a checksum anyone can compute (plain SHA-256)."""
    header = json.loads(data.partition(b"\n")[0])
    content = json.loads(zlib.decompress(data.partition(b"\n")[2]))
    change(content)
    payload = zlib.compress(json.dumps(content).encode())
    header["checksum"] = hashlib.sha256(payload).hexdigest()
    return json.dumps(header).encode() + b"\n" + payload


def _rename_first_settlement(content) -> None:  # type: ignore[no-untyped-def]
    content["settlements"][0][0] = "Planted City"


def _flood(content) -> None:  # type: ignore[no-untyped-def]
    for cell in content["hexes"]:
        cell[2] = "water"


def test_a_planted_cache_with_a_checksum_anyone_can_compute_is_not_believed(tmp_path):
    gamemap = load_map("bakhmut")
    path, key = tmp_path / "one.map.json.z", cache_key(1, "a")
    assert write_cached(path, key, gamemap) and read_cached(path, key) == gamemap
    good = path.read_bytes()
    for change in (_rename_first_settlement, _flood):
        path.write_bytes(_planted(good, change))
        assert read_cached(path, key) is None


def test_a_signed_cache_holding_what_no_map_can_is_rebuilt_not_believed(tmp_path):
    """Even with this installation's key (a copied cache, an older bug), the content is checked."""
    from wargame.core.map.cache import _signature

    gamemap = load_map("bakhmut")
    path, key = tmp_path / "one.map.json.z", cache_key(1, "a")
    good = map_to_json(gamemap)
    first_hex = [[*good["hexes"][0][:2], "lava", None, False, False]]
    for bad in [
        *({"hex_size_m": size} for size in (0, -500.0, 1e308, "500", True)),
        {"projection": [500.0, 48.0]},
        {"hexes": first_hex + good["hexes"][1:]},
        {"settlements": [["Nowhere", 10**5, 0]]},
        {"features": [["roads", "main", "x", None, [[[1e300, 0.0]]]]]},
    ]:
        payload = zlib.compress(json.dumps(good | bad).encode())
        path.write_bytes(json.dumps({**key, "checksum": _signature(key, payload)}).encode() + b"\n" + payload)
        assert read_cached(path, key) is None, bad
    payload = zlib.compress(json.dumps(good).replace('"hex_size_m": ', '"hex_size_m": NaN, "x": ').encode())
    path.write_bytes(json.dumps({**key, "checksum": _signature(key, payload)}).encode() + b"\n" + payload)
    assert read_cached(path, key) is None


def test_the_cache_key_is_kept_in_the_data_folder_for_the_user_only(tmp_path):
    from wargame.core.map.cache import _secret

    assert write_cached(tmp_path / "one.map.json.z", cache_key(1, "a"), load_map("bakhmut"))
    key_file = user_dir("data") / "map-cache.key"
    assert key_file.read_bytes() == _secret() and (key_file.stat().st_mode & 0o077) == 0
    assert key_file.parent != user_dir("cache") / "maps"
