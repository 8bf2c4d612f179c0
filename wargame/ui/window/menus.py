"""Finding a main-window menu by its title: the one helper every feature's entries go through."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QMenuBar


def menu_named(bar: QMenuBar, title: str) -> QMenu:
    """The menu titled ``title`` ("File", "Help" …, ignoring the & of its key), made at the end
    of ``bar`` when missing."""
    for action in bar.actions():
        menu = action.menu()
        if action.text().replace("&", "") == title.replace("&", "") and isinstance(menu, QMenu):
            return menu
    return bar.addMenu(f"&{title}")
