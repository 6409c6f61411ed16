"""Running stories: the thread of articles about one developing event."""
