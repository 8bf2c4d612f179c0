"""Wargame companion: hex map, action log and supply analysis for city fights."""

# The one version source: pyproject.toml reads it, `--version` and Help ▸ About show it.
__version__ = "0.2.0"
