"""Where the app keeps the user's files: its data folder (autosaves, the user's own maps)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "wargame"


def default_data_dir() -> Path:
    """The user's data folder for the app: $WARGAME_DATA_DIR, else the platform's usual place."""
    override = os.environ.get("WARGAME_DATA_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        return Path(base) / APP_FOLDER if base else home / "AppData" / "Local" / APP_FOLDER
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_FOLDER
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else home / ".local" / "share") / APP_FOLDER


def user_maps_dir() -> Path:
    """The user's own maps folder (``import-map`` output to play): $WARGAME_MAPS_DIR, else
    ``maps`` in :func:`default_data_dir`."""
    override = os.environ.get("WARGAME_MAPS_DIR")
    return Path(override).expanduser() if override else default_data_dir() / "maps"
