"""The domain: business rules, no web framework imports."""
