"""The shared-screen features of the main window, installed in one call.

Presentation mode and scale, side views with the curtain, attention aids (last move, trails,
flare), facilitator tools (overrides, dice, adjudication, phases), the trends dock and the
keyboard play; each lives in its own module with its own ``install_…`` function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wargame.ui.window.main_window import MainWindow


def install_shared_screen(window: MainWindow) -> None:
    """Add every shared-screen feature to ``window`` (menus, docks, shortcuts, map hooks)."""
    from wargame.ui.features.attention import install_attention
    from wargame.ui.features.facilitator import install_facilitator
    from wargame.ui.features.keyboard import install_keyboard
    from wargame.ui.features.presentation import install_presentation
    from wargame.ui.features.side_view import install_side_views
    from wargame.ui.panels.trends import install_trends

    presentation = install_presentation(window)
    views = install_side_views(window)
    views.view_changed.connect(presentation.on_update)  # the top warnings of the view shown
    install_facilitator(window)
    install_attention(window)
    install_trends(window)
    install_keyboard(window)  # last: it gives every action without a tooltip one
