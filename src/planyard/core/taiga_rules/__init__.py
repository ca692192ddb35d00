"""Rules only the Taiga API has: its reorder arithmetic (integer orders, stories shifted to make room),
its story edit side effects, the slug/ref resolver, the per-user storage of its web client, promote-to
(an issue or task made a user story) and its bulk text (one subject per line). Only
`planyard.dialects.taiga` imports this package (an import-linter contract checks it); it may import the
rest of core, never the other way round."""
