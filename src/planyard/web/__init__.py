"""Web plumbing every dialect uses: one unit of work per request (`routes`) and one-call rendering
(`render`). Imports core and kit, never a dialect."""
