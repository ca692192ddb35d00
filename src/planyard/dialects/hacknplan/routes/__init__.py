"""The HacknPlan routers, in matching order."""

from __future__ import annotations

from planyard.dialects.hacknplan.routes import project_users, projects, roles, users, workspaces

ROUTERS = [users.router, workspaces.router, projects.router, project_users.router, roles.router]

# Work items and what hangs on them (their own modules).
from planyard.dialects.hacknplan.routes import work_items  # noqa: E402

ROUTERS += [work_items.router]
