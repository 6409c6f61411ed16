"""Live radio: stations, the built-in newscast, the Listen Live player."""
