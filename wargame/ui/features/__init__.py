"""Features of the main window; each gets a WindowContext and never imports the window package."""
