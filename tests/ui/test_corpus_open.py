"""The corpus of bad inputs (tests/corpus) through File ▸ Open: each refused with one dialog
saying why, no exception, the open game untouched, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_corpus import snapshot
from tests.corpus.generate import CORPUS, KINDS, committed, generate, scenario_on
from tests.ui.conftest import open_window
from wargame.core.actions import Note


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, list[Path]]:  # type: ignore[no-untyped-def]
    return generate(tmp_path_factory.mktemp("generated"))


def files_to_open(kind: str, cases: list[Path], work: Path) -> list[Path]:
    """What File ▸ Open is given: the file itself, or for a map folder a scenario on that map."""
    return [scenario_on(case.name, work) if kind == "maps" else case for case in cases]


def open_each(window, answers, paths: list[Path]) -> list[str]:  # type: ignore[no-untyped-def]
    """Open every path through the menu; what went wrong, case by case."""
    document, game = window.controller.document, window.controller.game
    before = (game.state.state_hash(), len(game), window.windowTitle())
    failures = []
    for path in paths:
        told = len(answers.told)
        answers.paths.append(str(path))
        window.open_action.trigger()  # asked about the unsaved note first: answered Discard
        said = answers.told[told:]
        if len(said) != 1 or window.controller.document is not document or answers.paths:
            failures.append(
                f"{path.name}: told {said}, document replaced: {window.controller.document is not document}"
            )
    if (game.state.state_hash(), len(game), window.windowTitle()) != before:
        failures.append("the open game changed")
    return failures


@pytest.mark.parametrize("kind", KINDS)
def test_file_open_refuses_every_bad_input_with_one_dialog(
    kind, qtbot, settings, answers, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARGAME_MAPS_DIR", str(CORPUS / "maps"))
    window = open_window(qtbot, settings)
    window.controller.push(Note("unsaved: the game that must survive"))
    before = snapshot(CORPUS)
    assert open_each(window, answers, files_to_open(kind, committed(kind), tmp_path)) == []
    assert snapshot(CORPUS) == before
    assert set(answers.titles()) == {"Unsaved changes"}


@pytest.mark.parametrize("kind", KINDS)
def test_file_open_refuses_every_generated_bad_input(
    kind, generated, qtbot, settings, answers, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARGAME_MAPS_DIR", str(generated["maps"][0].parent))
    window = open_window(qtbot, settings)
    window.controller.push(Note("unsaved"))
    assert open_each(window, answers, files_to_open(kind, generated[kind], tmp_path)) == []
