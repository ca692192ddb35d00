"""Every Taiga router, in mount order (fixed paths before `{id}` paths of the same prefix)."""

from planyard.dialects.taiga.routes import (
    auth,
    custom_attributes,
    epics,
    history,
    issues,
    item_extras,
    locales,
    memberships,
    milestones,
    project_actions,
    project_templates,
    project_values,
    projects,
    roles,
    swimlanes,
    tasks,
    timeline,
    user_project_settings,
    users,
    userstories,
    web_notifications,
)

ROUTERS = [
    auth.router,
    *custom_attributes.ROUTERS,  # before the item routers: /userstories/custom-attributes-values/{id}
    *item_extras.ROUTERS,  # before the item routers: /userstories/attachments is not /userstories/{id}
    userstories.router,
    tasks.router,
    issues.router,
    epics.router,
    users.router,
    project_actions.router,
    projects.router,
    project_templates.router,
    memberships.router,
    roles.router,
    locales.router,
    *project_values.ROUTERS,
    milestones.router,
    swimlanes.router,
    *history.ROUTERS,
    timeline.router,
    web_notifications.router,
    user_project_settings.router,
]
