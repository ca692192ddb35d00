"""The Kaiten routers, in matching order."""

from __future__ import annotations

from planyard.dialects.kaiten.routes import (
    automations,
    blocker_details,
    boards,
    card_history,
    card_parts,
    card_types,
    cards,
    checklists,
    company_users,
    files,
    groups,
    properties,
    relations,
    scim,
    service_desk,
    space_users,
    spaces,
    sprints,
    tags,
    templates,
    time_logs,
    tree,
    user_roles,
    users,
    votes,
    webhooks,
)  # fmt: skip

ROUTERS = [users.router, spaces.router]
# The company half.
ROUTERS += [space_users.router, tree.router, company_users.router, user_roles.router, groups.router, scim.router]
ROUTERS += [properties.router, votes.router, templates.router, automations.router, service_desk.router]
# Boards, cards and what hangs on them.
ROUTERS += [boards.router, card_types.router, cards.router, card_parts.router, tags.router, checklists.router,
            relations.router, time_logs.router, files.router, card_history.router, sprints.router,
            blocker_details.router]  # fmt: skip
ROUTERS += [webhooks.router]
