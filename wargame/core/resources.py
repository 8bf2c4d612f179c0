"""Where the app's files live: the maps (with their scenarios) and assets it ships, and the
user's data and cache folders.

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


def user_dir(kind: str) -> Path:
    """The user's ``"data"`` or ``"cache"`` folder for the app: $WARGAME_DATA_DIR or
    $WARGAME_CACHE_DIR, else the platform's usual place ($XDG_DATA_HOME/wargame or
    ~/.local/share/wargame and $XDG_CACHE_HOME/wargame or ~/.cache/wargame; ~/Library/Application
    Support/wargame and ~/Library/Caches/wargame on macOS; %LOCALAPPDATA%\\wargame and
    %LOCALAPPDATA%\\wargame\\cache on Windows)."""
    if kind not in ("data", "cache"):
        raise ValueError(f"no user folder {kind!r}: 'data' or 'cache'")
    cache = kind == "cache"
    override = os.environ.get(f"WARGAME_{kind.upper()}_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.environ.get("APPDATA")
        folder = (Path(base) if base else home / "AppData" / "Local") / APP_FOLDER
        return folder / "cache" if cache else folder
    if sys.platform == "darwin":
        return home / "Library" / ("Caches" if cache else "Application Support") / APP_FOLDER
    xdg = os.environ.get("XDG_CACHE_HOME" if cache else "XDG_DATA_HOME")
    return (Path(xdg) if xdg else home / (".cache" if cache else ".local/share")) / APP_FOLDER
