"""The HacknPlan wire models: request bodies (the `...Values` objects, as docs/mapping.md decides) and
responses (as the seed's R tables)."""
