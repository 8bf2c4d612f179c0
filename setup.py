"""Maps and assets live at the top of the repository (maps/, assets/, as DESIGN.md lays it out);
a built package carries them inside ``wargame/`` (``wargame/maps``, ``wargame/assets``) so that
``importlib.resources`` finds them with no checkout. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

SHIPPED = {"wargame.maps": "maps", "wargame.assets": "assets"}

setup(
    packages=find_packages(include=["wargame*"]) + sorted(SHIPPED),
    package_dir=SHIPPED,
)
