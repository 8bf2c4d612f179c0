"""The app ships its font, so text shows on a system with no fonts of its own."""

import os
import subprocess
import sys

import pytest

from wargame.ui.map.style import ASSETS, load_fonts


def test_the_shipped_font_is_loaded(qapp):
    assert load_fonts() == ["DejaVu Sans"]
    assert (ASSETS / "fonts" / "LICENSE-DejaVu.txt").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig is Linux's")
def test_text_has_a_font_where_the_system_has_none(tmp_path):
    config = tmp_path / "fonts.conf"  # fontconfig with no font folders: a bare system
    config.write_text(f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    code = (
        "from PySide6.QtGui import QFont, QFontInfo\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from wargame.ui.map.style import apply_app_style\n"
        "app = QApplication([])\n"
        "before = QFontInfo(QFont()).family()\n"
        "apply_app_style(app)\n"
        "print(repr(before), repr(QFontInfo(app.font()).family()))\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["''", "'DejaVu", "Sans'"]
