"""The corpus of bad inputs: the committed cases, the large ones written at test time, and the
commands that read each kind of input (see README.md beside this file).

    python -m tests.corpus.generate OUT_FOLDER     # write the large cases somewhere to look at
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
KINDS = ("game", "scenario", "geojson", "maps")
BBOX = "37.8,48.5,38.2,48.7"
SQUARE = [[37.95, 48.56], [38.05, 48.56], [38.05, 48.63], [37.95, 48.63], [37.95, 48.56]]
GOOD_AREA = {"type": "Polygon", "coordinates": [SQUARE]}
SPARSE_BYTES = 5 * 2**30  # a 5 GB file that costs no disk


def committed(kind: str) -> list[Path]:
    """The committed cases of one kind: files, or map folders."""
    folder = CORPUS / kind
    if kind == "maps":
        return sorted(p for p in folder.iterdir() if p.is_dir())
    return sorted(p for p in folder.iterdir() if p.is_file())


def generate(folder: Path) -> dict[str, list[Path]]:
    """Write the large and special cases into ``folder``; the paths by kind (map folders are
    written under ``folder / "maps"``, to add to the maps folders)."""
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for kind, suffix in (("game", ".wargame.json"), ("scenario", ".json"), ("geojson", ".geojson")):
        found[kind] += [
            _text(folder / f"{kind}-deep-100k{suffix}", "[" * 100_000 + "]" * 100_000),
            _sparse(folder / f"{kind}-sparse-5gb{suffix}", SPARSE_BYTES),
            _fifo(folder / f"{kind}-fifo{suffix}"),
            _folder(folder / f"{kind}-folder{suffix}"),
            Path("/dev/zero"),
        ]
    found["game"] += [
        _sparse(folder / "game-just-over-32mb.wargame.json", 32 * 2**20 + 1),
        _broken_link(folder / "game-broken-link.wargame.json"),
    ]
    many = _many_positions(folder / "geojson-4.2m-positions.geojson", 4_200_000)
    found["geojson"] += [_polygon(folder / "geojson-polygon-600k-vertices.geojson", 600_000), many]
    star, comb = _star(2_000), _comb(20_000)
    found["geojson"] += [
        _text(folder / "geojson-star-2000.geojson", json.dumps({"type": "Polygon", "coordinates": [star]})),
        _text(
            folder / "geojson-comb-touching.geojson", json.dumps({"type": "Polygon", "coordinates": [comb]})
        ),
        _text(
            folder / "geojson-6m-empty-objects.geojson",
            '{"type":"FeatureCollection","features":[' + ",".join(["{}"] * 6_000_000) + "]}",
        ),
    ]
    found["scenario"] += [_scenario_with_area(folder / "scenario-star-area.json", star)]
    found["game"] += [
        _text(
            folder / "game-cut-in-a-quoted-note.wargame.json",
            '{"format": "wargame-game", "actions": [{"text": "' + '\\"' * 100_000,
        ),
    ]
    maps = folder / "maps"
    found["maps"] += [
        _map(maps / "gen-layer-5gb", lambda path: _sparse(path, SPARSE_BYTES)),
        _map(maps / "gen-layer-fifo", _fifo),
        _map(maps / "gen-layer-deep", lambda path: _text(path, "[" * 100_000 + "]" * 100_000)),
        _map(maps / "gen-layer-too-many-positions", lambda path: os.link(many, path)),
    ]
    return {kind: [p for p in paths if p is not None] for kind, paths in found.items()}


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _fifo(path: Path) -> Path | None:
    if not hasattr(os, "mkfifo"):
        return None
    os.mkfifo(path)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _broken_link(path: Path) -> Path:
    path.symlink_to(path.parent / "nowhere.wargame.json")
    return path


def _polygon(path: Path, vertices: int) -> Path:
    """One polygon ring of ``vertices`` positions: more than one geometry may hold."""
    ring = ",".join(f"[{38 + 0.05 * i / vertices:.6f},48.6]" for i in range(vertices))
    path.write_text(
        '{"type":"Polygon","coordinates":[[' + ring + ",[38.0,48.6]]]}",
        encoding="utf-8",
    )
    return path


def _star(points: int) -> list[list[float]]:
    """A star polygon whose every edge crosses nearly every other (GEOS's repair explodes)."""
    turn = points // 2 - 1
    ring = [
        [
            round(38.0 + 0.05 * math.cos(2 * math.pi * turn * i / points), 6),
            round(48.6 + 0.03 * math.sin(2 * math.pi * turn * i / points), 6),
        ]
        for i in range(points)
    ]
    return [*ring, ring[0]]


def _comb(points: int) -> list[list[float]]:
    """A comb whose teeth all touch its back: no crossing, yet the repair ran for minutes."""
    ring = []
    for i in range(points // 2):
        x = 37.95 + 0.1 * i / (points // 2)
        ring += [[x, 48.56], [x + 0.05 / points, 48.63]]
    return [*ring, [38.05, 48.63], [37.95, 48.63], ring[0]]


def _scenario_with_area(path: Path, ring: list[list[float]]) -> Path:
    data = {
        "format": "wargame-scenario",
        "version": 1,
        "id": "corpus",
        "map": "bakhmut",
        "control": {"RU": {"areas": [[ring]]}},
    }
    return _text(path, json.dumps(data))


def _many_positions(path: Path, count: int) -> Path:
    """A MultiPoint of ``count`` positions: more than a file may hold, refused before parsing."""
    positions = ",".join(["[38,48]"] * count)
    path.write_text('{"type":"MultiPoint","coordinates":[' + positions + "]}", encoding="utf-8")
    return path


def _map(folder: Path, write_layer: object) -> Path:
    folder.mkdir(parents=True)
    meta = {"name": folder.name, "bbox": [37.8, 48.5, 38.2, 48.7], "layers": {"roads": "roads.geojson"}}
    (folder / "map.json").write_text(json.dumps(meta), encoding="utf-8")
    write_layer(folder / "roads.geojson")  # type: ignore[operator]
    return folder


# --- the commands that read each kind ----------------------------------------------------------


def scenario_on(map_name: str, folder: Path) -> Path:
    """A small valid scenario on the map ``map_name`` (how a map folder is read by commands)."""
    path = folder / f"on-{map_name}.json"
    data = {"format": "wargame-scenario", "version": 1, "id": "corpus", "map": map_name}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def good_geojson(folder: Path) -> Path:
    path = folder / "good-area.geojson"
    path.write_text(json.dumps(GOOD_AREA), encoding="utf-8")
    return path


def commands(kind: str, case: Path, out: Path, work: Path) -> list[list[str]]:
    """Every command line that reads ``case``, writing (if it ever wrote) only into ``out``."""
    if kind == "geojson":
        return [
            ["import-control", str(case), "--side", "RU", "-o", str(out / "x.json")],
            ["import-map", "--name", "corpus", "--bbox", BBOX, str(case), "--maps-dir", str(out / "maps")],
        ]
    if kind == "maps":
        source = str(scenario_on(case.name, work))
        return [
            *game_commands(source, out, work),
            ["print-map", case.name, "-o", str(out / "map.pdf")],
        ]
    return game_commands(str(case), out, work)


def game_commands(source: str, out: Path, work: Path) -> list[list[str]]:
    """The commands that read a game or scenario file."""
    return [
        ["report", source],
        ["report", source, "--json"],
        ["explain", source, "--unit", "UA-1"],
        ["export", source, "--csv", str(out / "tables")],
        ["render", source, "-o", str(out / "turn.png")],
        ["replay", source, "--aar", str(out / "review.html"), "--gif", str(out / "game.gif")],
        ["print-map", source, "-o", str(out / "map.pdf")],
        [
            "import-control",
            str(good_geojson(work)),
            "--side",
            "RU",
            "--into",
            source,
            "-o",
            str(out / "x.json"),
        ],
    ]


if __name__ == "__main__":
    written = generate(Path(sys.argv[1]))
    for kind, paths in written.items():
        print(kind, *map(str, paths), sep="\n  ")
