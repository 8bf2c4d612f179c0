"""The scenario setup editor."""
