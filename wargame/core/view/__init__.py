"""What a viewer receives: a side's view of the game (or the facilitator's) and the update
message that carries it with what changed. Serialised to JSON for a remote side."""
