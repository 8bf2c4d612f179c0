"""The corpus of bad inputs (tests/corpus) through every command that reads each input: exit
status 2, one line on stderr, nothing on stdout, no traceback, nothing written. The nastiest
cases also run in a separate process under a memory limit, so a hang or a blow-up shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus.generate import CORPUS, KINDS, commands, committed, generate
from wargame.cli import main

MEMORY_LIMIT = 1024 * 2**20  # address space of the separate process: far below what the
HANG_GUARD_SECONDS = 300  # old readers took (GBs); and never waiting for ever on a FIFO


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, list[Path]]:  # type: ignore[no-untyped-def]
    return generate(tmp_path_factory.mktemp("generated"))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def refused(args: list[str], capsys) -> str | None:  # type: ignore[no-untyped-def]
    """None when ``args`` were refused as they should be, else what went wrong."""
    code = main(args)
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    if code != 2 or out or len(lines) != 1 or "Traceback" in err or "error:" not in err:
        return f"{args}: exit {code}, stdout {out[:200]!r}, stderr {err[-400:]!r}"
    return None


def run_kind(kind: str, cases: list[Path], tmp_path: Path, capsys) -> int:  # type: ignore[no-untyped-def]
    out, work = tmp_path / "out", tmp_path / "work"
    out.mkdir()
    work.mkdir(exist_ok=True)
    failures, runs = [], 0
    for case in cases:
        for args in commands(kind, case, out, work):
            runs += 1
            problem = refused(args, capsys)
            written = sorted(p.name for p in out.iterdir())
            if problem or written:
                failures.append(problem or f"{args}: wrote {written}")
                for path in out.iterdir():
                    path.unlink() if path.is_file() else None
    assert failures == [], "\n".join(failures)
    return runs


@pytest.mark.parametrize("kind", KINDS)
def test_every_committed_bad_input_is_refused_by_every_command_that_reads_it(
    kind, tmp_path, capsys, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARGAME_MAPS_DIR", str(CORPUS / "maps"))
    before = snapshot(CORPUS)
    cases = committed(kind)
    assert len(cases) >= 15
    runs = run_kind(kind, cases, tmp_path, capsys)
    assert runs >= 2 * len(cases)
    assert snapshot(CORPUS) == before  # the corpus itself was never written


@pytest.mark.parametrize("kind", KINDS)
def test_every_generated_bad_input_is_refused_by_every_command_that_reads_it(
    kind, generated, tmp_path, capsys, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARGAME_MAPS_DIR", str(generated["maps"][0].parent))
    run_kind(kind, generated[kind], tmp_path, capsys)


def test_the_corpus_holds_at_least_sixty_cases(generated):  # type: ignore[no-untyped-def]
    committed_cases = sum(len(committed(kind)) for kind in KINDS)
    assert committed_cases >= 60 and all(len(committed(kind)) >= 15 for kind in KINDS)


def test_the_worst_cases_end_in_one_line_within_a_memory_limit_in_their_own_process(generated, tmp_path):  # type: ignore[no-untyped-def]
    """FIFOs, devices, a sparse 5 GB file, 100,000 levels of nesting, millions of positions:
    one process, 1 GB of address space, each answered with exit status 2."""
    pytest.importorskip("resource")  # POSIX: the address-space limit
    out = tmp_path / "out"
    out.mkdir()
    cases = [
        args
        for kind in ("game", "scenario", "geojson")
        for case in generated[kind]
        for args in commands(kind, case, out, tmp_path)[:1]
    ]
    script = (
        "import json, resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
        "from wargame.cli import main\n"
        "codes = [main(args) for args in json.loads(sys.argv[1])]\n"
        "print(json.dumps(codes))\n"
    )
    env = {**os.environ, "WARGAME_MAPS_DIR": str(generated["maps"][0].parent)}
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(cases)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2] * len(cases)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == len(cases)
    assert list(out.iterdir()) == []
