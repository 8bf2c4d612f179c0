"""One seam for questions: no module but the Dialogs seam calls Qt's message boxes, file
dialogs or input dialogs (tests answer every question by replacing the seam's methods)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "wargame"
SEAM = PACKAGE / "ui" / "features" / "dialogs.py"
QT_QUESTIONS = re.compile(r"\b(QMessageBox|QFileDialog|QInputDialog)\b")


def test_every_question_goes_through_the_seam() -> None:
    direct = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != SEAM
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if QT_QUESTIONS.search(line)
    ]
    assert direct == []
    assert QT_QUESTIONS.search(SEAM.read_text(encoding="utf-8"))  # the seam itself asks Qt


def test_the_main_window_assembles_in_at_most_30_methods() -> None:
    import ast

    tree = ast.parse((PACKAGE / "ui" / "window" / "main_window.py").read_text(encoding="utf-8"))
    (window,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow"]
    methods = [n.name for n in window.body if isinstance(n, ast.FunctionDef)]
    assert len(methods) <= 30, methods  # map tools, file commands and the frame are its parts
