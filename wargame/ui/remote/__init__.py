"""Remote play in the window: File ▸ Host game…, Join game… and Control cell… (see docs/remote.md)."""
