"""The Kaiten routers, in matching order."""

from __future__ import annotations

from planyard.dialects.kaiten.routes import spaces, users

ROUTERS = [users.router, spaces.router]
