"""The one assembly of the main window: :func:`build_main_window`.

It builds the window (map, docks, menus, turn and tool bars), then each feature in the order
below, giving each a :class:`WindowContext` (and, where one feature uses another, that feature,
explicitly), then shows the game, and last gives every action and field without a tooltip one
that names its key, so keys added by any feature (Ctrl+R, Ctrl+E…) show in their tooltips.

The order is the order of the entries they add to the menus and bars:

1. File ▸ Print map…                 7. facilitator's tools and the phase in the turn bar
2. Why (Y), its panel and overlay     8. last move, trails and flare
3. official supply beside projected   9. the Trends and Timeline docks; the defenders' board
                                        and timeline strip in presentation mode
4. Go to hex and hex numbers         10. keyboard play on the map
5. presentation mode and text size   11. Turn ▸ Replay this game…
6. side views and the curtain        12. File ▸ Export ▸ image, situation map,
                                         GIF, handout, AAR, CSV
                                     13. File ▸ New scenario… / Edit setup…, Help ▸ Briefing
                                     14. autosave after every change (the app's own folder;
                                         not in tests)
                                     15. File ▸ Host game… / Join game… / Control cell…
                                     16. File ▸ Open recent
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from wargame.ui.features.attention import AttentionHook
from wargame.ui.features.autosave import AutosaveHook
from wargame.ui.features.briefing import BriefingHook
from wargame.ui.features.context import WindowContext
from wargame.ui.features.defenders_board import DefendersBoardHook
from wargame.ui.features.dialogs import Dialogs
from wargame.ui.features.explain_view import WhyHook
from wargame.ui.features.facilitator import FacilitatorHook
from wargame.ui.features.goto_hex import GoToHexHook
from wargame.ui.features.holds import Holds
from wargame.ui.features.keyboard import (
    EXTRA_KEYS,
    KeyboardHook,
    add_missing_tooltips,
    add_missing_widget_tooltips,
)
from wargame.ui.features.official_view import OfficialHook
from wargame.ui.features.presentation import PresentationHook
from wargame.ui.features.recent import RecentFilesHook
from wargame.ui.features.side_view import SideViewHook
from wargame.ui.output.export_menu import ExportHook
from wargame.ui.output.print_dialog import PrintHook
from wargame.ui.panels.timeline import TimelineHook
from wargame.ui.panels.trends import TrendsHook
from wargame.ui.remote.remote_hook import RemoteHook
from wargame.ui.replay.replay_window import ReplayHook
from wargame.ui.setup.setup_editor import SetupHook
from wargame.ui.window.controller import GameController
from wargame.ui.window.main_window import MainWindow


@dataclass(frozen=True, slots=True)
class Features:
    """The features of one main window, as the assembly built them."""

    print_map: PrintHook
    why: WhyHook
    official: OfficialHook
    goto_hex: GoToHexHook
    presentation: PresentationHook
    side_views: SideViewHook
    facilitator: FacilitatorHook
    attention: AttentionHook
    trends: TrendsHook
    keyboard: KeyboardHook
    replay: ReplayHook
    export: ExportHook
    setup: SetupHook
    briefing: BriefingHook
    autosave: AutosaveHook | None
    remote: RemoteHook
    recent: RecentFilesHook
    timeline: TimelineHook | None = None
    defenders_board: DefendersBoardHook | None = None


def build_main_window(
    controller: GameController,
    settings: QSettings,
    autosave_folder: Path | None = None,
    dialogs: Dialogs | None = None,
) -> MainWindow:
    """The main window on ``controller``'s game with all its features.

    ``autosave_folder``: where the game is autosaved (None: no autosave, as in tests); the app
    starts it (and offers recovery) once the window is shown. ``dialogs``: how the window asks
    the user (default: Qt's message boxes and file dialogs).
    """
    window = MainWindow(controller, settings, dialogs=dialogs)
    context: WindowContext = window
    print_map = PrintHook(context)
    why = WhyHook(context)
    official = OfficialHook(context)
    goto_hex = GoToHexHook(context)
    holds = Holds(window)  # panels folded away by presentation mode and side views
    presentation = PresentationHook(context, holds)
    side_views = SideViewHook(context, holds)
    facilitator = FacilitatorHook(context, presentation)
    attention = AttentionHook(context)
    goto_hex.flare_requested.connect(attention.flare)
    trends = TrendsHook(context)
    timeline = TimelineHook(context)
    board = DefendersBoardHook(context, presentation)
    keyboard = KeyboardHook(context)
    for key, what in EXTRA_KEYS:
        context.add_key(key, what)
    replay = ReplayHook(context)
    export = ExportHook(context)
    setup = SetupHook(context)
    briefing = BriefingHook(context, side_views)
    autosave = AutosaveHook(context, autosave_folder) if autosave_folder is not None else None
    remote = RemoteHook(context)  # nothing remote starts until one of its entries is chosen
    recent = RecentFilesHook(context)
    context.unit_entries.extend([why.unit_entry, facilitator.unit_entry])  # the hex menu's, in order
    features = Features(
        print_map, why, official, goto_hex, presentation, side_views, facilitator, attention,
        trends, keyboard, replay, export, setup, briefing, autosave, remote, recent, timeline, board,
    )  # fmt: skip
    window.start(features)
    add_missing_tooltips(context)  # last: every feature's actions are there now
    add_missing_widget_tooltips(context)
    return window
