"""Core rows to Productive's JSON:API resource objects."""
