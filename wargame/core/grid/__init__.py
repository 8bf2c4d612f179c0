"""Hex grid: axial hexes, the hex <-> metres layout, lon/lat <-> metres."""
