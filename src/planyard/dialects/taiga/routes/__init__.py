"""Every Taiga router, in mount order (fixed paths before `{id}` paths of the same prefix)."""

from planyard.dialects.taiga.routes import auth, projects, users

ROUTERS = [auth.router, users.router, projects.router]
