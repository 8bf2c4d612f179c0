"""File ▸ Export: each export clicked in the menu of a window on a played game, and each file
opened and checked (PDF pages rendered to pictures with pdftoppm when it is installed)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.ui.conftest import open_window
from tests.ui.test_export import cut_t0504_game, distinct_colours
from wargame.core.files.gamefile import Metadata, Player, save_game
from wargame.ui.features.dialogs import Dialogs
from wargame.ui.output import export_menu, handout
from wargame.ui.output.progress import ProgressWindow

TITLE = 'Seminar <B> & "co"'


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("played") / "seminar-b.wargame.json"
    metadata = Metadata(TITLE, "Maj. K", players=(Player("Ann", "UA"),))
    save_game(path, cut_t0504_game(), metadata)
    return path


@pytest.fixture
def window(qtbot, settings, played):  # type: ignore[no-untyped-def]
    return open_window(qtbot, settings, str(played))


def click_export(window, name: str) -> None:  # type: ignore[no-untyped-def]
    """File ▸ Export ▸ ``name``, as the user picks it from the menus."""
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File")
    export = next(a.menu() for a in file_menu.actions() if a.menu() and a.menu().objectName() == "exportMenu")
    action = next(a for a in export.actions() if a.objectName() == f"export-{name}")
    assert action.isEnabled()
    action.trigger()


def pdf_pages(path: Path, out: Path) -> list[Image.Image]:
    """The PDF's pages as pictures (pdftoppm), or an empty list without poppler."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftoppm") is None:
        return []
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(out / "page")], check=True, timeout=60)
    return [Image.open(p) for p in sorted(out.glob("page-*.png"))]


def test_the_export_menu_has_every_export_above_quit(window):  # type: ignore[no-untyped-def]
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File")
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert "Export" in texts and texts[-1] == "Quit"
    export = window.features.export.menu
    assert [a.objectName() for a in export.actions()] == [
        f"export-{n}" for n in ("image", "situation", "gif", "handout", "aar", "csv")
    ]


def test_each_export_from_the_menu_writes_a_file_that_opens(window, answers, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    folder.mkdir()
    # Small pictures: the test is about the menu and the files, not the drawing's speed.
    monkeypatch.setattr(export_menu, "EXPORT_SIZE", (800, 500))
    monkeypatch.setattr(export_menu, "GIF_SIZE", (400, 250))
    monkeypatch.setattr(handout, "MAP_WIDTH", 500)
    monkeypatch.setattr(Dialogs, "item", lambda self, parent, title, label, items, current=0: items[1])
    monkeypatch.setattr(Dialogs, "folder_path", lambda self, parent, caption, start: str(folder / "tables"))
    answers.paths += [str(folder / n) for n in ("now", "turn2.pdf", "replay.gif", "hotwash", "aar.html")]

    click_export(window, "image")
    with Image.open(folder / "now.png") as image:  # the suffix is added
        assert image.size == (800, 500) and distinct_colours(image) > 200

    click_export(window, "situation")  # the start of turn 2, the second choice
    pages = pdf_pages(folder / "turn2.pdf", tmp_path)
    if pages:
        assert len(pages) == 1 and pages[0].width > pages[0].height  # one landscape page
        assert distinct_colours(pages[0]) > 50

    click_export(window, "gif")
    with Image.open(folder / "replay.gif") as gif:
        assert gif.size == (400, 250) and gif.n_frames == 3  # turn 1, turn 2, the end

    click_export(window, "handout")
    html = (folder / "hotwash.html").read_text(encoding="utf-8")
    assert "Seminar &lt;B&gt; &amp; &quot;co&quot;" in html and TITLE not in html
    assert "When the routes fell" in html and "T0504" in html and "data:image/png;base64," in html
    pages = pdf_pages(folder / "hotwash.pdf", tmp_path / "h")
    if pages:
        assert len(pages) >= 4  # summary, key moments, charts, turn log
        assert all(p.height > p.width for p in pages)  # A4 portrait
        assert distinct_colours(pages[1]) > 50  # the first key moment's map

    click_export(window, "aar")
    assert "Turn 1" in (folder / "aar.html").read_text(encoding="utf-8")

    click_export(window, "csv")
    with (folder / "tables" / "routes.csv").open(encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    assert any(r["route"] == "T0504" and r["status"] == "cut" for r in rows)
    assert answers.told == []  # no export failed
    assert window.settings.value("files/last_folder") == str((folder / "tables").resolve())


def test_cancelling_a_long_export_writes_nothing(window, answers, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ProgressWindow, "__call__", lambda self, done, total, what: False)
    out = tmp_path / "out"
    out.mkdir()
    answers.paths += [str(out / "replay.gif"), str(out / "hotwash.pdf")]
    click_export(window, "gif")
    click_export(window, "handout")
    assert list(out.iterdir()) == []  # no file, no temporary left behind
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_new_game_has_nothing_to_hand_out(qtbot, settings, answers, tmp_path):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    answers.paths.append(str(tmp_path / "h.pdf"))
    click_export(window, "handout")
    assert answers.told and "nothing to hand out" in answers.told[0]
    assert not (tmp_path / "h.pdf").exists()
