"""The Kaiten v1 dialect: spaces and the current user so far (see docs/mapping.md)."""
