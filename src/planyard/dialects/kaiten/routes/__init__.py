"""The Kaiten routers, in matching order."""

from __future__ import annotations

from planyard.dialects.kaiten.routes import (
    automations,
    company_users,
    groups,
    properties,
    scim,
    service_desk,
    space_users,
    spaces,
    templates,
    tree,
    user_roles,
    users,
    votes,
)  # fmt: skip

ROUTERS = [users.router, spaces.router]
ROUTERS += [space_users.router, tree.router, company_users.router, user_roles.router, groups.router, scim.router]
ROUTERS += [properties.router, votes.router, templates.router, automations.router, service_desk.router]
