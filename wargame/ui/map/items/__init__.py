"""QGraphicsItems of the map scene: base map, hex grid, overlays and counters."""
