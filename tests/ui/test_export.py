"""After-action exports: PNG of a turn, animated GIF, AAR report; real pictures, checked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image, ImageChops

from wargame.cli import main as cli_main
from wargame.core.actions import CutSegment, EndTurn, Note
from wargame.core.files.gamefile import Metadata, Player, save_game
from wargame.core.files.loading import open_source
from wargame.core.model import Segment
from wargame.core.reports.aar import moments, review
from wargame.ui.output.export import key_warnings


def cut_t0504_game():
    """The built-in scenario: UA notes, RU cuts T0504 in turn 1, then turn 2 passes."""
    game = open_source(None)
    spec = next(r for r in game.scenario.routes["UA"] if r.name == "T0504")
    path = game.map.road_path(spec.road, spec.start, spec.end)
    middle = len(path) // 2
    for action in (
        Note("UA digs in"),
        EndTurn(),
        CutSegment(Segment.of(path[middle], path[middle + 1])),
        EndTurn(),
        EndTurn(),
        EndTurn(),
    ):
        game.push(action)
    return game


@pytest.fixture(scope="module")
def game_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("exports") / "cut.wargame.json"
    save_game(path, cut_t0504_game(), Metadata("Seminar B", "Maj. K", players=(Player("Ann", "UA"),)))
    return path


def distinct_colours(image: Image.Image) -> int:
    return len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])


def test_render_writes_a_real_picture_of_the_turn(game_file, tmp_path, capsys):
    out = tmp_path / "turn2.png"
    assert cli_main(["render", str(game_file), "--turn", "2", "-o", str(out), "--size", "900x560"]) == 0
    assert "wrote" in capsys.readouterr().out
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size == (900, 560)
        assert distinct_colours(image) > 200  # a map, counters, text: not a blank or flat image
        left, right = image.crop((0, 0, 560, 560)), image.crop((700, 0, 900, 560))
        assert distinct_colours(left) > 100 and distinct_colours(right) > 10


def test_pictures_of_two_turns_differ_where_the_road_was_cut(game_file, tmp_path):
    one, two = tmp_path / "1.png", tmp_path / "2.png"
    for turn, out in ((1, one), (2, two)):
        assert (
            cli_main(["render", str(game_file), "--turn", str(turn), "-o", str(out), "--size", "800x500"])
            == 0
        )
    with Image.open(one) as a, Image.open(two) as b:
        difference = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox()
    assert difference is not None


def test_render_without_a_turn_shows_the_end_of_the_game(game_file, tmp_path, capsys):
    out = tmp_path / "end.png"
    assert cli_main(["render", str(game_file), "-o", str(out), "--size", "640x400"]) == 0
    assert "end of the game, turn 3" in capsys.readouterr().out
    with Image.open(out) as image:
        assert image.size == (640, 400)


def test_replay_gif_has_a_frame_per_turn(game_file, tmp_path):
    out = tmp_path / "game.gif"
    assert (
        cli_main(["replay", str(game_file), "--gif", str(out), "--size", "640x400", "--seconds", "0.5"]) == 0
    )
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.size == (640, 400)
        assert gif.n_frames == 3  # starts of turns 1, 2 and 3 (the game ends as turn 3 starts)
        frames = []
        for index in range(gif.n_frames):
            gif.seek(index)
            frames.append(gif.convert("RGB"))
            assert gif.info["duration"] in (500, 1000)
    assert all(distinct_colours(f) > 50 for f in frames)
    assert ImageChops.difference(frames[0], frames[1]).getbbox() is not None


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_the_aar_reports_each_turn(game_file, tmp_path, suffix):
    out = tmp_path / f"review{suffix}"
    assert cli_main(["replay", str(game_file), "--aar", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "After-action review: Seminar B" in text and "Maj. K" in text
    assert re.search(r"Turn 1\b", text) and re.search(r"Turn 2\b", text)
    assert re.search(r"UA T0504: (open|under fire) → cut", text)
    assert "road cut between" in text and "UA digs in" in text
    assert "T0504 cut" in text  # the warning raised in turn 1


def test_the_aar_chart_is_valid_svg_with_a_line_per_side(game_file, tmp_path):
    out = tmp_path / "review.html"
    assert cli_main(["replay", str(game_file), "--aar", str(out)]) == 0
    svg = re.search(r"<svg.*?</svg>", out.read_text(encoding="utf-8"), re.S).group(0)
    root = ET.fromstring(svg)
    lines = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) >= 2
    assert {line.get("stroke") for line in lines} >= {"#0072B2", "#D55E00"}


def test_turn_reviews_follow_the_supply_engine():
    game = cut_t0504_game()
    reviews = review(game)
    assert [r.turn for r in reviews] == [1, 2]
    first = reviews[0]
    assert any("T0504" in change for change in first.route_changes)
    assert any(w.code and "T0504" in w.message for w in first.raised)
    assert reviews[1].actions == ("UA ends turn 2", "RU ends turn 2")


def test_key_warnings_put_the_most_severe_first():
    game = cut_t0504_game()
    lines = key_warnings(moments(game)[-1].analysis, count=10)
    ranks = [0 if line.startswith("CRITICAL") else 1 if line.startswith("WARNING") else 2 for line in lines]
    assert lines and ranks == sorted(ranks)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["render", "{file}", "--turn", "9", "-o", "{tmp}/x.png"],
            "turn 9 was not played; this game has turns 1 to 3",
        ),
        (["render", "{file}", "-o", "{tmp}/x.jpg"], "should end in .png"),
        (["render", "{file}", "-o", "{tmp}/missing/x.png"], "does not exist"),
        (["render", "{file}", "-o", "{tmp}/x.png", "--size", "big"], "--size must look like"),
        (["replay", "{file}"], "say what to write"),
        (["replay", "{file}", "--aar", "{tmp}/x.pdf"], "should end in .html or .htm or .md"),
        (["replay", "{tmp}/nothing.wargame.json", "--gif", "{tmp}/x.gif"], "cannot read"),
    ],
)
def test_export_mistakes_are_one_line_errors(game_file, tmp_path, capsys, arguments, message):
    argv = [a.format(file=game_file, tmp=tmp_path) for a in arguments]
    assert cli_main(argv) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


# --- File ▸ Export image in the main window ---------------------------------------------------


def test_file_export_image_writes_the_map_as_it_stands(qtbot, settings, tmp_path):  # type: ignore[no-untyped-def]
    from tests.ui.conftest import open_window
    from wargame.ui.output.export_menu import EXPORT_SIZE

    window = open_window(qtbot, settings)
    hook = window.features.export
    assert hook.action.shortcut().toString() == "Ctrl+E"
    out = tmp_path / "now.png"
    assert hook.export_image(out)
    with Image.open(out) as image:
        assert image.size == EXPORT_SIZE and distinct_colours(image) > 200


def test_a_long_replay_gif_is_written_holding_two_frames_at_most(tmp_path, monkeypatch):
    """Memory stays flat in the number of turns: frames are encoded and written as they come."""
    import weakref

    from PySide6.QtGui import QColor, QImage

    from wargame.ui.output import export

    made, freed, most = [0], [0], []
    encode = export._gif_frame

    def tracked(image):  # type: ignore[no-untyped-def]
        picture = encode(image)
        made[0] += 1
        weakref.finalize(picture, lambda: freed.__setitem__(0, freed[0] + 1))
        most.append(made[0] - freed[0])  # encoded frames still held
        return picture

    def frames(count):  # type: ignore[no-untyped-def]
        for index in range(count):
            image = QImage(64, 40, QImage.Format.Format_RGB32)
            image.fill(QColor.fromHsv(index * 7 % 360, 200, 200))
            yield image

    monkeypatch.setattr(export, "_gif_frame", tracked)
    out = tmp_path / "long.gif"
    assert export.save_gif(frames(300), out, 0.05) == 300
    assert max(most) <= 2
    with Image.open(out) as gif:
        assert gif.n_frames == 300 and gif.info["loop"] == 0
        gif.seek(299)
        assert gif.info["duration"] == 100  # the last frame stays twice as long
