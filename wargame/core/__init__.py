"""The pure game core: hex grid, map, units, actions, game state and rules. Never imports Qt."""
