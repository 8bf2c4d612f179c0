"""The game map built from maps/<name>/ data, and small sketch maps for tests and benchmarks."""
