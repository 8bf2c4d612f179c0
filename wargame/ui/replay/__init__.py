"""The replay window: step through a game turn by turn and play on from any point."""
