"""The HacknPlan routers, in matching order."""

from __future__ import annotations

from planyard.dialects.hacknplan.routes import (
    boards,
    categories,
    design,
    files,
    importance_levels,
    milestones,
    project_users,
    projects,
    roles,
    stages,
    tags,
    users,
    workspaces,
)  # fmt: skip

ROUTERS = [
    users.router, workspaces.router, projects.router, project_users.router, roles.router, stages.router,
    categories.router, importance_levels.router, tags.router, boards.router, milestones.router, design.router,
    files.router,
]  # fmt: skip
