"""The HacknPlan v0 dialect (see docs/mapping.md, HacknPlan column)."""
