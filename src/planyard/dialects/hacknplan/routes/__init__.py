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
    webhooks,
    work_item_attachments,
    work_item_comments,
    work_item_links,
    work_item_subtasks,
    work_item_worklogs,
    work_items,
    workspaces,
)  # fmt: skip

ROUTERS = [
    users.router, workspaces.router, projects.router, project_users.router, roles.router, stages.router,
    categories.router, importance_levels.router, tags.router, boards.router, milestones.router, design.router,
    files.router, work_items.router, work_item_comments.router, work_item_attachments.router,
    work_item_links.router, work_item_subtasks.router, work_item_worklogs.router,
    webhooks.router,
]  # fmt: skip
