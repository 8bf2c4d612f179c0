"""Printed map sheets: page maths, real PDF pages, pictures that are not blank, CLI errors."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from wargame.cli import main as cli_main
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.mapdata import load_map
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import DEFAULT_SIDES, Unit, UnitType
from wargame.core.reports.print_layout import (
    COLLAR_MM,
    EDGE_MM,
    MARGIN_MM,
    Orientation,
    PrintError,
    column_name,
    counter_sheets,
    map_extent,
    paper,
    parse_scale,
    plan_pages,
)
from wargame.ui.map import style
from wargame.ui.output import print_map

POINTS_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def bakhmut():
    return load_map("bakhmut")


def extent_mm(gamemap, scale: int) -> tuple[float, float]:
    """The map's size on paper, worked out from the hex layout (not from the code under test).

    Flat-top hexes: columns are 1.5 corner radii apart, and a hex is 2 radii wide and one
    hex size (centre to centre) high.
    """
    radius = gamemap.layout.corner_radius
    xs = [gamemap.layout.centre(h)[0] for h in gamemap]
    ys = [gamemap.layout.centre(h)[1] for h in gamemap]
    width = max(xs) - min(xs) + 2 * radius
    height = max(ys) - min(ys) + gamemap.layout.size_m
    return width * 1000 / scale, height * 1000 / scale


def expected_pages(length_mm: float, frame_mm: float, overlap_mm: float) -> int:
    return max(1, math.ceil((length_mm - overlap_mm) / (frame_mm - overlap_mm)))


def frame_mm(paper_mm: tuple[float, float]) -> tuple[float, float]:
    border = 2 * (MARGIN_MM + EDGE_MM)
    return paper_mm[0] - border, paper_mm[1] - border - COLLAR_MM


# --- scale and paper ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1:25000", "1:25 000", "25000", "1:25,000", " 1 : 25 000 "])
def test_scales_are_read_in_the_ways_maps_write_them(text):
    assert parse_scale(text) == 25000


@pytest.mark.parametrize("text", ["", "abc", "1:", "2:25000", "1:25k", "1:0", "1:10", "-25000"])
def test_a_bad_scale_is_refused_with_an_example(text):
    with pytest.raises(PrintError, match="1:"):
        parse_scale(text)


def test_paper_names_in_any_case_and_unknown_paper_lists_the_choices():
    assert paper("a3").name == "A3" and (paper("A3").width_mm, paper("A3").height_mm) == (297, 420)
    assert paper("LETTER").width_mm == pytest.approx(215.9)
    with pytest.raises(PrintError, match="A4, A3, A2, A1, Letter, Tabloid"):
        paper("B5")


def test_page_columns_are_named_like_a_spreadsheet():
    assert [column_name(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


# --- page maths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "scale", "orientation"),
    [
        ("A3", 25000, Orientation.LANDSCAPE),
        ("A3", 25000, Orientation.PORTRAIT),
        ("A4", 50000, Orientation.PORTRAIT),
        ("A1", 25000, Orientation.LANDSCAPE),
        ("Tabloid", 40000, Orientation.LANDSCAPE),
    ],
)
def test_page_count_follows_from_the_map_size_on_paper(bakhmut, sheet, scale, orientation):
    plan = plan_pages(map_extent(bakhmut), paper(sheet), scale, orientation, overlap_mm=10)
    width, height = extent_mm(bakhmut, scale)
    page = paper(sheet).oriented(orientation)
    frame_w, frame_h = frame_mm(page)
    assert plan.page_mm == pytest.approx(page)
    assert (plan.across, plan.down) == (
        expected_pages(width, frame_w, 10),
        expected_pages(height, frame_h, 10),
    )
    assert len(plan.pages) == plan.count == plan.across * plan.down


def test_bakhmut_at_1_25000_needs_several_a3_pages_and_at_1_100000_one(bakhmut):
    detailed = plan_pages(map_extent(bakhmut), paper("A3"), 25000)
    overview = plan_pages(map_extent(bakhmut), paper("A3"), 100000)
    width, height = extent_mm(bakhmut, 25000)
    assert width == pytest.approx(1062, abs=2) and height == pytest.approx(940, abs=2)
    assert detailed.count >= 9
    assert overview.count == 1


def test_auto_orientation_takes_the_one_with_fewer_pages(bakhmut):
    extent = map_extent(bakhmut)
    counts = {
        o: plan_pages(extent, paper("A4"), 25000, o).count
        for o in (Orientation.PORTRAIT, Orientation.LANDSCAPE)
    }
    auto = plan_pages(extent, paper("A4"), 25000, Orientation.AUTO)
    assert counts[Orientation.PORTRAIT] != counts[Orientation.LANDSCAPE]  # else this test shows nothing
    assert auto.count == min(counts.values())
    assert auto.orientation is min(counts, key=counts.get)


def test_pages_cover_the_map_and_neighbours_share_the_overlap(bakhmut):
    extent = map_extent(bakhmut)
    plan = plan_pages(extent, paper("A3"), 25000, overlap_mm=12)
    overlap_m = 12 * 25000 / 1000
    for page in plan.pages:
        assert page.area.width == pytest.approx(plan.frame_mm[0] * 25)
        assert page.area.height == pytest.approx(plan.frame_mm[1] * 25)
        east, south = plan.page(page.column + 1, page.row), plan.page(page.column, page.row + 1)
        if east:
            assert page.area.east - east.area.west == pytest.approx(overlap_m)
            assert east.area.north == pytest.approx(page.area.north)
        if south:
            assert south.area.north - page.area.south == pytest.approx(overlap_m)
            assert south.area.west == pytest.approx(page.area.west)
    first, last = plan.pages[0], plan.pages[-1]
    assert first.label == "A1" and first.area.west <= extent.west and first.area.north >= extent.north
    assert last.area.east >= extent.east and last.area.south <= extent.south
    assert last.label == f"{column_name(plan.across - 1)}{plan.down}"


def test_neighbours_are_named_by_compass_side(bakhmut):
    plan = plan_pages(map_extent(bakhmut), paper("A3"), 25000, Orientation.LANDSCAPE)
    corner = plan.neighbours(plan.pages[0])
    assert {side: p.label for side, p in corner.items()} == {"E": "B1", "S": "A2"}
    middle = plan.neighbours(plan.page(1, 1))
    assert {side: p.label for side, p in middle.items()} == {"N": "B1", "E": "C2", "S": "B3", "W": "A2"}


def test_too_many_pages_says_how_many(bakhmut):
    extent = map_extent(bakhmut)
    with pytest.raises(PrintError) as error:
        plan_pages(extent, paper("A4"), 2000, Orientation.PORTRAIT)
    width, height = extent_mm(bakhmut, 2000)
    frame_w, frame_h = frame_mm(paper("A4").oriented(Orientation.PORTRAIT))
    count = expected_pages(width, frame_w, 10) * expected_pages(height, frame_h, 10)
    assert f"needs {count} pages" in str(error.value) and "200" in str(error.value)


def test_an_overlap_larger_than_a_third_of_the_frame_is_refused(bakhmut):
    with pytest.raises(PrintError, match="overlap"):
        plan_pages(map_extent(bakhmut), paper("A4"), 25000, overlap_mm=100)


def test_every_hex_is_numbered_on_some_page(bakhmut):
    plan = plan_pages(map_extent(bakhmut), paper("A3"), 25000)
    scene = print_map.PrintScene(bakhmut)
    numbered = {h for page in plan.pages for h, _ in scene.hexes_in(page.area)}
    assert set(bakhmut) <= numbered


def test_counters_fill_rows_side_by_side_and_never_run_off_the_sheet():
    page = paper("A4").oriented(Orientation.PORTRAIT)
    sheets = counter_sheets([("UA", 200), ("RU", 7)], page, 16)
    rows = [row for sheet in sheets for row in sheet]
    placed = {
        side: sorted(i for r in rows if r.side == side for i in range(r.first, r.stop))
        for side in ("UA", "RU")
    }
    assert placed == {"UA": list(range(200)), "RU": list(range(7))}
    per_row = int((page[0] - 2 * MARGIN_MM) // 16)
    assert all(r.stop - r.first <= per_row for r in rows)
    assert all(r.top_mm + 16 <= page[1] - MARGIN_MM for r in rows)
    assert len(sheets) >= 2 and sheets[1][0].heading  # a side running over a sheet is headed again
    assert [r.heading for r in rows if r.side == "RU"][0]


# --- the PDF ------------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page object of a PDF."""
    pages = re.findall(
        rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", data, re.S
    )
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in pages]


def sketch_job(sheet="A4", scale=10000, counters=True, orientation=Orientation.AUTO):
    gamemap = make_map(
        """
        . . = . # # . .
        . = . w # . . .
        = . . w . . ~ .
        . . ^ . . . ~ .
        """
    )
    units = [
        Unit("UA-1", "UA", UnitType.MECHANISED, Hex(1, 0), name="1st Mech Bn"),
        Unit("UA-2", "UA", UnitType.HQ, Hex(2, 0)),
        Unit("RU-1", "RU", UnitType.INFANTRY, Hex(6, -2), strength=2),
    ]
    scenario = make_scenario(gamemap, units)
    plan = plan_pages(map_extent(gamemap), paper(sheet), scale, orientation)
    declaration = print_map.grid_declaration(gamemap, scale, None)
    units = tuple(scenario.units) if counters else ()
    return print_map.make_job(gamemap, plan, declaration, scenario.sides, units, 16, "Sketch")


def test_the_pdf_has_one_real_page_per_sheet_on_the_chosen_paper(bakhmut, tmp_path):
    plan = plan_pages(map_extent(bakhmut), paper("A3"), 50000, Orientation.LANDSCAPE)
    job = print_map.make_job(bakhmut, plan, print_map.grid_declaration(bakhmut, 50000, None))
    out = tmp_path / "bakhmut.pdf"
    assert print_map.write_pdf(job, out) == plan.count
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    sizes = pdf_pages(data)
    assert len(sizes) == plan.count > 1
    for width, height in sizes:
        assert width == pytest.approx(420 * POINTS_PER_MM, abs=1)
        assert height == pytest.approx(297 * POINTS_PER_MM, abs=1)
    assert not list(tmp_path.glob(".*part*"))  # the temporary file is gone


@pytest.mark.parametrize(
    ("sheet", "orientation", "points"),
    [("Letter", Orientation.PORTRAIT, (612, 792)), ("Tabloid", Orientation.LANDSCAPE, (1224, 792))],
)
def test_the_pdf_pages_have_the_paper_size_and_orientation_asked_for(tmp_path, sheet, orientation, points):
    job = sketch_job(sheet, scale=50000, counters=False, orientation=orientation)  # one page
    out = tmp_path / "sheet.pdf"
    print_map.write_pdf(job, out)
    assert pdf_pages(out.read_bytes()) == [pytest.approx(points, abs=1)]


def test_counter_sheets_follow_the_map_pages(tmp_path):
    job = sketch_job()
    out = tmp_path / "sketch.pdf"
    written = print_map.write_pdf(job, out)
    assert written == job.plan.count + 1 == len(pdf_pages(out.read_bytes()))


def pixels(image: QImage) -> np.ndarray:
    """The picture as a height × width × 3 array of RGB values."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(bytes(rgb.constBits()), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    return rows[:, : rgb.width() * 3].reshape(rgb.height(), rgb.width(), 3).astype(int)


def non_white_share(image: QImage) -> float:
    return float((pixels(image) != 255).any(axis=2).mean())


def colours_near(image: QImage, colour: QColor, tolerance: int = 6) -> int:
    target = np.array([colour.red(), colour.green(), colour.blue()])
    return int((np.abs(pixels(image) - target).max(axis=2) <= tolerance).sum())


def test_a_map_page_shows_the_map_inside_its_frame(bakhmut):
    plan = plan_pages(map_extent(bakhmut), paper("A3"), 25000)
    job = print_map.make_job(bakhmut, plan, print_map.grid_declaration(bakhmut, 25000, None))
    image = print_map.render_page(job, 4, dpi=40)
    assert (image.width(), image.height()) == (
        round(plan.page_mm[0] * 40 / 25.4),
        round(plan.page_mm[1] * 40 / 25.4),
    )
    assert non_white_share(image) > 0.5  # the map paper colour fills the frame
    assert colours_near(image, style.PAPER) > 1000
    assert colours_near(image, style.URBAN_FILL) > 50  # B2 holds part of Bakhmut


def test_the_margins_stay_white_and_the_frame_does_not(bakhmut):
    plan = plan_pages(map_extent(bakhmut), paper("A3"), 25000)
    job = print_map.make_job(bakhmut, plan, "x")
    image = print_map.render_page(job, 4, dpi=25.4)  # one pixel per millimetre; B2 is all map
    white = QColor("#FFFFFF").rgb()
    margin = [image.pixel(x, 2) for x in range(image.width())] + [
        image.pixel(2, y) for y in range(image.height())
    ]
    assert all(p == white for p in margin)
    corner = MARGIN_MM + EDGE_MM
    inside = [image.pixel(int(corner + dx), int(corner + dy)) for dx in (2, 50, 150) for dy in (2, 50, 150)]
    assert all(p != white for p in inside)


def test_a_counter_sheet_shows_both_sides_colours():
    job = sketch_job()
    image = print_map.render_page(job, job.plan.count, dpi=60)
    for side in DEFAULT_SIDES:
        tint = style.mix(QColor(side.colour), style.WHITE, 0.82)
        assert colours_near(image, tint, tolerance=4) > 200, side.id


def test_hex_numbers_shrink_with_the_scale_and_are_left_off_when_tiny(bakhmut):
    def job_at(scale):
        plan = plan_pages(map_extent(bakhmut), paper("A1"), scale)
        return print_map.make_job(bakhmut, plan, "x")

    assert job_at(25000).hex_number_mm == print_map.HEX_NUMBER_MAX_MM
    assert job_at(50000).hex_number_mm < job_at(25000).hex_number_mm
    assert job_at(200000).hex_number_mm < print_map.HEX_NUMBER_LEAST_MM
    assert print_map.readable_scale(bakhmut) >= 50000


def test_the_grid_declaration_says_size_numbering_scale_map_and_sources(bakhmut):
    text = print_map.grid_declaration(bakhmut, 25000, "maps/bakhmut/SOURCES.md")
    assert text == (
        "Hex 500 m centre to centre; numbers column-row from 0101 at NW; scale 1:25 000; "
        "map: Bakhmut and surroundings; data sources: see maps/bakhmut/SOURCES.md"
    )


# --- the command --------------------------------------------------------------------------------


def test_print_map_command_writes_a_one_page_overview(tmp_path, capsys):
    out = tmp_path / "overview.pdf"
    assert cli_main(["print-map", "bakhmut", "--paper", "A3", "--scale", "1:100 000", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "1 map page " in said and "1:100 000" in said
    assert "hex numbers" in said  # the note that numbers are small at this scale
    assert len(pdf_pages(out.read_bytes())) == 1


def test_print_map_command_adds_counter_sheets_of_the_scenario(tmp_path, capsys):
    out = tmp_path / "counters.pdf"
    args = [
        "print-map",
        "bakhmut-2023-02",
        "--paper",
        "A2",
        "--scale",
        "1:100000",
        "--counters",
        "-o",
        str(out),
    ]
    assert cli_main(args) == 0
    said = capsys.readouterr().out
    assert "+ 1 counter sheet" in said and "sheets" not in said
    assert len(pdf_pages(out.read_bytes())) == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--paper", "B5"], "unknown paper 'B5'"),
        (["--scale", "1:abc"], "scale '1:abc' should look like 1:25000"),
        (["--scale", "1:2000", "--paper", "A4"], "needs "),
        (["--overlap-mm", "500"], "--overlap-mm 500"),
        (["--counter-mm", "3", "--counters"], "counter size 3 mm"),
    ],
)
def test_print_map_errors_are_one_line_with_exit_status_2(tmp_path, capsys, options, message):
    out = tmp_path / "x.pdf"
    assert cli_main(["print-map", "bakhmut-2023-02", *options, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_unwritable_output_is_refused_before_any_drawing(tmp_path, capsys):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    for target, message in (
        (not_a_folder / "map.pdf", "does not exist"),
        (tmp_path / "map.png", "should end in .pdf"),
        (tmp_path / "missing" / "map.pdf", "does not exist"),
    ):
        assert cli_main(["print-map", "bakhmut", "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1


def test_counters_need_units(tmp_path, capsys):
    assert cli_main(["print-map", "bakhmut", "--counters", "-o", str(tmp_path / "m.pdf")]) == 2
    assert "no units" in capsys.readouterr().err


def test_counter_rows_follow_the_order_of_the_sides():
    job = sketch_job()
    rows = [(r.side, r.stop - r.first) for sheet in job.counter_rows for r in sheet]
    assert rows == [("UA", 2), ("RU", 1)]


# --- File ▸ Print map… ----------------------------------------------------------------------------


def test_print_dialog_shows_the_pages_a_choice_takes_and_refuses_a_bad_scale(qtbot):
    from wargame.core.files.loading import open_source
    from wargame.ui.output.print_dialog import PrintDialog

    dialog = PrintDialog(open_source(None))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.paper.setCurrentText("A3")
    dialog.scale.setCurrentText("1:100 000")
    assert dialog.summary.text().startswith("1 map page(s)") and save.isEnabled()
    dialog.scale.setCurrentText("1:25 000")
    assert not dialog.summary.text().startswith("1 map page(s)") and "A3" in dialog.summary.text()
    dialog.scale.setCurrentText("1:abc")
    assert dialog.summary.text().startswith("Cannot print") and not save.isEnabled()


def test_file_menu_print_map_writes_the_open_game_with_counters(qtbot, settings, tmp_path):
    from tests.ui.conftest import open_window
    from wargame.ui.output.print_dialog import PrintDialog

    window = open_window(qtbot, settings)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File")
    assert "printMapAction" in [a.objectName() for a in file_menu.actions()]
    dialog = PrintDialog(window.controller.game, window)
    qtbot.addWidget(dialog)
    dialog.paper.setCurrentText("A2")
    dialog.scale.setCurrentText("1:100 000")
    assert not dialog.counters.isChecked()  # as on the command line, counters only when asked
    dialog.counters.setChecked(True)
    out = tmp_path / "from-menu.pdf"
    assert window.features.print_map.print_to(dialog, out)
    assert len(pdf_pages(out.read_bytes())) == 2  # the map, and the counters of 41 units on A2
    assert "from-menu.pdf" in window.statusBar().currentMessage()


def test_the_map_is_printed_at_its_scale(bakhmut):
    """On a one-page print, the base map spans its width at that scale, centred in the frame."""
    plan = plan_pages(map_extent(bakhmut), paper("A3"), 100000, Orientation.LANDSCAPE)
    job = print_map.make_job(bakhmut, plan, "x")
    per_mm = 4
    image = print_map.render_page(job, 0, dpi=25.4 * per_mm)
    frame_left = frame_top = MARGIN_MM + EDGE_MM
    row = pixels(image)[int((frame_top + plan.frame_mm[1] / 2) * per_mm)]
    inside = row[int((frame_left + 1) * per_mm) : int((frame_left + plan.frame_mm[0] - 1) * per_mm)]
    paper_colour = np.array([style.PAPER.red(), style.PAPER.green(), style.PAPER.blue()])
    on_map = np.flatnonzero(np.abs(inside - paper_colour).max(axis=1) <= 6)  # the base map's paper
    width_mm, _ = extent_mm(bakhmut, 100000)
    assert (on_map[-1] - on_map[0] + 1) / per_mm == pytest.approx(width_mm, abs=1)
    assert frame_left + 1 + on_map[0] / per_mm == pytest.approx(
        frame_left + (plan.frame_mm[0] - width_mm) / 2, abs=1
    )


def test_an_unknown_source_names_the_maps_there_are(tmp_path, capsys):
    assert cli_main(["print-map", "nosuch", "-o", str(tmp_path / "m.pdf")]) == 2
    err = capsys.readouterr().err
    assert "no map, scenario or game named 'nosuch'" in err and "bakhmut" in err


def test_a_pdf_cut_short_by_a_full_disk_is_refused_and_the_old_one_kept(tmp_path, capsys, monkeypatch):
    """Qt's PDF writer stops without a word when the disk fills: the end marker is checked."""
    from wargame.ui.output import print_map as module

    out = tmp_path / "map.pdf"
    out.write_bytes(b"%PDF-1.4 the old print\n%%EOF\n")
    real = module._paint_pdf

    def disk_full(job, pages, temp):  # type: ignore[no-untyped-def]
        real(job, pages, temp)
        with temp.open("r+b") as handle:
            handle.truncate(temp.stat().st_size // 2)

    monkeypatch.setattr(module, "_paint_pdf", disk_full)
    code = cli_main(["print-map", "bakhmut", "--scale", "1:100000", "-o", str(out)])
    out_text, err = capsys.readouterr()
    assert code == 2 and "not written completely" in err and "wrote" not in out_text
    assert out.read_bytes() == b"%PDF-1.4 the old print\n%%EOF\n"
    assert [p.name for p in tmp_path.iterdir()] == ["map.pdf"]
