"""The map: scene, view, graphics items, unit symbols and the style shared by the front end."""
