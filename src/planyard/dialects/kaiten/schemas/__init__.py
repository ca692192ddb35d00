"""The Kaiten wire models: request bodies (the seed documents none) and responses (as the seed's tables)."""
