"""`wargame host` and `wargame join` from the command line, and the package's contract."""

from __future__ import annotations

import argparse
import json

from tests.test_contracts import GRAPH, QT, offenders
from wargame.cli.join import follow
from wargame.cli.main import main
from wargame.remote.codes import JoinCode
from wargame.remote.facilitator import Facilitator

from .conftest import run, sketch_game


def test_host_writes_a_code_per_side_and_observer(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WARGAME_DATA_DIR", str(tmp_path / "data"))
    codes = tmp_path / "codes.json"
    assert main(["host", "bakhmut-2023-02", "--once", "--codes-json", str(codes)]) == 0
    document = json.loads(codes.read_text(encoding="utf-8"))
    assert document["server"].startswith("nats://127.0.0.1:")
    assert set(document["codes"]) == {"UA", "RU", "observer", "observer-UA", "observer-RU"}
    for role, text in document["codes"].items():
        code = JoinCode.parse(text)
        assert (code.role, code.game, code.server) == (role, document["game"], document["server"])
    assert document["codes"]["UA"] in capsys.readouterr().out
    # the passwords stay in the hosting's own folder, for the owner only
    access = next((tmp_path / "data" / "remote").glob("*/access.json"))
    assert access.stat().st_mode & 0o077 == 0


def test_join_prints_the_sides_view(hosted, capsys):
    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        try:
            args = argparse.Namespace(json=False, once=True, timeout=5.0)
            return await follow(hosted.code("UA"), args)
        finally:
            await facilitator.stop()

    assert run(body()) == 0
    out = capsys.readouterr().out
    assert "joined game" in out and "turn 1" in out and "UA: routes" in out and "RU:" not in out


def test_join_with_a_damaged_code_says_so(capsys):
    assert main(["join", "wg1.garbage!"]) == 2
    assert "join code is damaged" in capsys.readouterr().err


def test_remote_play_imports_no_qt_and_the_core_not_remote_play():
    assert offenders("wargame.remote", QT) == []
    assert offenders("wargame.core", ("wargame.remote",)) == []
    assert any(m.startswith("wargame.remote") for m in GRAPH)
