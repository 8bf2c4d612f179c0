"""Pictures and print: PNG/GIF export and the printed map sheets (PDF)."""
