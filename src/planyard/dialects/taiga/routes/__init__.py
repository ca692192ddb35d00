"""Every Taiga router, in mount order (fixed paths before `{id}` paths of the same prefix)."""

from planyard.dialects.taiga.routes import (
    auth,
    locales,
    memberships,
    project_actions,
    project_templates,
    project_values,
    projects,
    roles,
    users,
)

ROUTERS = [
    auth.router,
    users.router,
    project_actions.router,
    projects.router,
    project_templates.router,
    memberships.router,
    roles.router,
    locales.router,
    *project_values.ROUTERS,
]
