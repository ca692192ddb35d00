"""The HacknPlan routers, in matching order."""

from __future__ import annotations

from planyard.dialects.hacknplan.routes import users

ROUTERS = [users.router]
