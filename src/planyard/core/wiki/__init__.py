"""A project's wiki: pages (watched, attached to, versioned in the change log) and the links of its menu."""
