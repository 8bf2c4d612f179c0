"""Dock panels around the map: unit palette, warnings, action log and legend."""
