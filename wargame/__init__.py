"""Wargame companion: hex map, action log and supply analysis for city fights."""

__version__ = "0.1.0"
