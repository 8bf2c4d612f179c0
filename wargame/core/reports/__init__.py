"""Pure output data: after-action review, CSV tables, hex and turn reports, print layout."""
