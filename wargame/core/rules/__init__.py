"""Supply, zones of control, route status, encirclement and warnings: pure functions of a state."""
