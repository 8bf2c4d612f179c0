"""Reading and writing files: game files, scenario files, autosaves, opening what the user names."""
