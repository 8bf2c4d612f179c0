"""Setting up a scenario: the editable draft and units placed from the palette."""
