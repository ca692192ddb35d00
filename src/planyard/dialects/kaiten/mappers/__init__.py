"""Core rows as Kaiten wire dicts."""
