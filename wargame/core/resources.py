"""Where the files the app ships live: the maps (with their scenarios) and the assets.

They are found through :mod:`importlib.resources`, so an installed package (a wheel, pipx, the
standalone build) finds them from any folder, with no checkout. In the repository they sit at
the top (``maps/``, ``assets/``); building the package copies them into it (``wargame/maps``,
``wargame/assets``, see ``setup.py``). A checkout or an editable install has no such copy and
finds them beside the package::

    shipped_dir("maps") / "bakhmut" / "map.json"
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from wargame.core.errors import MapDataError

SHIPPED = ("maps", "assets")


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
