"""Command line: `python -m wargame report|bench|render|… `, one module per command."""

from wargame.cli.main import main

__all__ = ["main"]
