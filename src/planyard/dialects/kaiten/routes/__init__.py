"""The Kaiten routers, in matching order."""

from __future__ import annotations

from planyard.dialects.kaiten.routes import (
    blocker_details,
    boards,
    card_history,
    card_parts,
    card_types,
    cards,
    checklists,
    files,
    relations,
    spaces,
    sprints,
    tags,
    time_logs,
    users,
)

ROUTERS = [
    users.router,
    spaces.router,
    boards.router,
    card_types.router,
    cards.router,
    card_parts.router,
    tags.router,
    checklists.router,
    relations.router,
    time_logs.router,
    files.router,
    card_history.router,
    sprints.router,
    blocker_details.router,
]
