"""The main window: the app, the one assembly of the window and its features, the controller, menus."""
