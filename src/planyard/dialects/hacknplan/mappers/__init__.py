"""Core rows as HacknPlan wire dicts."""
