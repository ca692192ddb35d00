"""The HacknPlan routers, in matching order."""

from __future__ import annotations

from planyard.dialects.hacknplan.routes import project_users, projects, roles, users, workspaces

ROUTERS = [users.router, workspaces.router, projects.router, project_users.router, roles.router]

# Work items and what hangs on them (their own modules).
from planyard.dialects.hacknplan.routes import (  # noqa: E402
    work_item_attachments,
    work_item_comments,
    work_item_links,
    work_item_subtasks,
    work_item_worklogs,
    work_items,
)

ROUTERS += [work_items.router, work_item_comments.router, work_item_attachments.router, work_item_links.router,
            work_item_subtasks.router, work_item_worklogs.router]  # fmt: skip
