"""Finding a main-window menu by its title, for features that add their own entries."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu


def menu_named(window: Any, title: str) -> QMenu:
    """The window's menu titled ``title`` ("File", "Help" …), created at the end if missing."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if action.text().replace("&", "") == title and isinstance(menu, QMenu):
            return menu
    return window.menuBar().addMenu(f"&{title}")  # type: ignore[no-any-return]
