"""Productive's wire models of request bodies (JSON:API documents)."""
