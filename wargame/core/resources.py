"""Where the app's files live: the maps (with their scenarios) and assets it ships, and the
user's data, cache and state folders.

They are found through :mod:`importlib.resources`, so an installed package (a wheel, pipx, the
standalone build) finds them from any folder, with no checkout. In the repository they sit at
the top (``maps/``, ``assets/``); building the package copies them into it (``wargame/maps``,
``wargame/assets``, see ``setup.py``). A checkout or an editable install has no such copy and
finds them beside the package::

    shipped_dir("maps") / "bakhmut" / "map.json"
"""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path

from wargame.core.errors import MapDataError

SHIPPED = ("maps", "assets")
APP_FOLDER = "wargame"


def shipped_dir(name: str) -> Path:
    """The shipped folder ``name`` ("maps" or "assets"): inside the installed package, else
    beside the package in a checkout."""
    if name not in SHIPPED:
        raise ValueError(f"no shipped folder {name!r}: one of {', '.join(SHIPPED)}")
    package = files("wargame")
    if not isinstance(package, Path):  # a zip import: the maps must be real files
        raise MapDataError(f"the wargame package at {package} is not a folder; install it unzipped")
    inside = package / name
    return inside if inside.is_dir() else package.parent / name


def package_file(package: str, *parts: str) -> Path:
    """A data file inside one of the app's packages, e.g. the game-file schema::

    package_file("wargame.core.files", "schema", "game-file.schema.json")
    """
    folder = files(package)
    if not isinstance(folder, Path):
        raise MapDataError(f"the package {package} at {folder} is not a folder; install it unzipped")
    return folder.joinpath(*parts)


USER_KINDS = ("data", "cache", "state")


def user_dir(kind: str) -> Path:
    """The user's ``"data"``, ``"cache"`` or ``"state"`` (logs, the crash log) folder for the app:
    the one place every user folder comes from.

    $WARGAME_DATA_DIR, $WARGAME_CACHE_DIR or $WARGAME_STATE_DIR, else the platform's usual place:
    $XDG_DATA_HOME/wargame (~/.local/share/wargame), $XDG_CACHE_HOME/wargame (~/.cache/wargame)
    and $XDG_STATE_HOME/wargame (~/.local/state/wargame) on Linux; ~/Library/Application
    Support/wargame, ~/Library/Caches/wargame and ~/Library/Logs/wargame on macOS;
    %LOCALAPPDATA%\\wargame, %LOCALAPPDATA%\\wargame\\cache and %LOCALAPPDATA%\\wargame\\logs on
    Windows."""
    if kind not in USER_KINDS:
        raise ValueError(f"no user folder {kind!r}: one of {', '.join(USER_KINDS)}")
    override = os.environ.get(f"WARGAME_{kind.upper()}_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        folder = (Path(base) if base else home / "AppData" / "Local") / APP_FOLDER
        return {"data": folder, "cache": folder / "cache", "state": folder / "logs"}[kind]
    if sys.platform == "darwin":
        library = {"data": "Application Support", "cache": "Caches", "state": "Logs"}[kind]
        return home / "Library" / library / APP_FOLDER
    variable, default = {
        "data": ("XDG_DATA_HOME", ".local/share"),
        "cache": ("XDG_CACHE_HOME", ".cache"),
        "state": ("XDG_STATE_HOME", ".local/state"),
    }[kind]
    xdg = os.environ.get(variable)
    return (Path(xdg) if xdg else home / default) / APP_FOLDER
