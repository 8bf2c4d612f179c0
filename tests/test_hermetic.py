"""The suite is hermetic: every user folder points into this run's own temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

from wargame.core.files.autosave import default_autosave_dir
from wargame.core.resources import user_dir


def test_every_user_folder_of_the_program_is_inside_this_runs_temporary_folder():
    home = Path(os.environ["WARGAME_TEST_HOME"])
    for folder in (user_dir("data"), user_dir("cache"), default_autosave_dir()):
        assert folder.is_relative_to(home), folder
    assert home.name.startswith("wargame-test-home-") and home != Path.home()


def test_qt_settings_and_data_locations_are_inside_it_too():
    from PySide6.QtCore import QSettings, QStandardPaths

    home = Path(os.environ["WARGAME_TEST_HOME"])
    settings = QSettings("wargame", "wargame")
    assert Path(settings.fileName()).is_relative_to(home)
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    assert Path(data).is_relative_to(home)
