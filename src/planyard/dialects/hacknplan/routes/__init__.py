"""The HacknPlan routers, in matching order."""

from __future__ import annotations

from planyard.dialects.hacknplan.routes import projects, users

ROUTERS = [users.router, projects.router]
