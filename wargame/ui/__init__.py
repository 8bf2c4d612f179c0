"""The Qt front end: every Qt import of the project lives under this package."""
