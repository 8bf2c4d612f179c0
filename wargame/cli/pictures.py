"""What the picture commands (`render`, `replay`) share: the picture size, the file to write,
and drawing offscreen."""

from __future__ import annotations

import os
from pathlib import Path

from wargame.core.errors import WargameError


def parse_size(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` as two whole numbers of pixels, in range.

    >>> parse_size("1600x1000")
    (1600, 1000)
    """
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise WargameError(f"--size must look like 1600x1000, not {text!r}") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise WargameError(f"--size {text} is out of range (320x240 to 8000x8000)")
    return width, height


def output_path(path_text: str, suffixes: tuple[str, ...], option: str) -> Path:
    """The file an option names to write: one of ``suffixes``, in a folder that exists."""
    path = Path(path_text)
    if path.suffix.lower() not in suffixes:
        raise WargameError(f"{option} {path_text}: the file name should end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise WargameError(f"{option} {path_text}: the folder {path.parent} does not exist")
    return path


def draw_offscreen() -> None:
    """Draw without a window, with or without a display (call before importing the ui)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
